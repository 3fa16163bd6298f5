import { zodResolver } from '@hookform/resolvers/zod';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { FormTextField } from '@/components/form-text-field';
import { usePlacementResources } from '../api/placement';
import { useUpdateVm } from '../api/vm-mutations';
import type { VmDetail } from '../api/types';
import { formatBytes } from './format';
import { addDiskFormSchema, type AddDiskValues } from './vm-schemas';

/**
 * A new disk on a storage of the guest's node: the next SCSI slot of a VM, or a mount point of a
 * container. The size counts against the company's disk quota.
 */
export function VmAddDiskDialog({ vm, onClose }: { vm: VmDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const update = useUpdateVm();
  const resources = usePlacementResources(vm.clusterId, vm.companyId ?? '');
  const content = vm.kind === 'qemu' ? 'images' : 'rootdir';
  const storages =
    resources.data?.nodes
      .find((n) => n.node === vm.node)
      ?.storages.filter((s) => s.content.includes(content)) ?? [];
  const form = useForm<AddDiskValues>({
    resolver: zodResolver(addDiskFormSchema),
    defaultValues: { storage: '', sizeGb: '10', mountPath: '' },
  });
  const submit = form.handleSubmit((v) =>
    update.mutate(
      {
        id: vm.id,
        input: {
          addDisk: {
            storage: v.storage,
            sizeGb: Number(v.sizeGb),
            ...(vm.kind === 'lxc' && v.mountPath ? { mountPath: v.mountPath } : {}),
          },
        },
      },
      { onSuccess: onClose },
    ),
  );
  return (
    <Dialog open onClose={update.isPending ? undefined : onClose} aria-labelledby="add-disk-title">
      <DialogTitle id="add-disk-title">{t('vms.hardware.addDiskTitle')}</DialogTitle>
      <Box component="form" noValidate onSubmit={(e) => void submit(e)}>
        <DialogContent sx={{ display: 'grid', gap: 2, minWidth: { sm: 400 } }}>
          <FormTextField
            control={form.control}
            name="storage"
            label={t('vms.hardware.storage')}
            select
            disabled={resources.isLoading}
            helperText={
              resources.isLoading
                ? t('common.loading')
                : storages.length === 0
                  ? t('vms.hardware.noStorage')
                  : undefined
            }
          >
            {storages.map((s) => (
              <MenuItem key={s.storage} value={s.storage}>
                {s.availBytes === null
                  ? s.storage
                  : t('vms.hardware.storageFree', {
                      storage: s.storage,
                      free: formatBytes(s.availBytes),
                    })}
              </MenuItem>
            ))}
          </FormTextField>
          <FormTextField
            control={form.control}
            name="sizeGb"
            label={t('vms.hardware.sizeGib')}
            type="number"
            slotProps={{ htmlInput: { min: 1 } }}
          />
          {vm.kind === 'lxc' && (
            <FormTextField
              control={form.control}
              name="mountPath"
              label={t('vms.hardware.mountPath')}
              helperText={t('vms.hardware.mountPathHelp')}
            />
          )}
          <ErrorAlert error={resources.error ?? update.error} />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={update.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="contained" disabled={update.isPending}>
            {t('vms.hardware.addDisk')}
          </Button>
        </DialogActions>
      </Box>
    </Dialog>
  );
}
