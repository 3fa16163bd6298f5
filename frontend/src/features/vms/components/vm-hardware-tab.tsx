import { zodResolver } from '@hookform/resolvers/zod';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { FormTextField } from '@/components/form-text-field';
import { isJobAccepted, type Job } from '@/lib/jobs/types';
import { useUpdateVm } from '../api/vm-mutations';
import { VmAddDiskDialog } from './vm-add-disk-dialog';
import { VmBootOrderCard, VmCdromCard } from './vm-boot-media-card';
import { type VmDisk, type VmTabProps } from '../api/types';
import {
  growDiskSchema,
  hardwareSchema,
  type GrowDiskValues,
  type HardwareValues,
} from './vm-schemas';

/** CPU, memory and disks (disks can only grow; new ones can be added); a VM's CD/DVD and boot order. */
export function VmHardwareTab({ vm, canEdit, onJob }: VmTabProps) {
  const { t } = useTranslation();
  const update = useUpdateVm();
  const [growing, setGrowing] = useState<VmDisk | null>(null);
  const [adding, setAdding] = useState(false);
  const memoryMb = vm.config?.memoryMb ?? Math.round((vm.maxmem ?? 0) / 1024 / 1024);
  const form = useForm<HardwareValues>({
    resolver: zodResolver(hardwareSchema),
    values: { cores: String(vm.config?.cores ?? vm.cpus ?? 1), memoryMb: String(memoryMb) },
  });
  const disks = vm.config?.disks ?? [];

  const save = form.handleSubmit((v) =>
    update.mutate(
      { id: vm.id, input: { cores: Number(v.cores), memoryMb: Number(v.memoryMb) } },
      { onSuccess: (answer) => isJobAccepted(answer) && onJob(answer.job) },
    ),
  );

  return (
    <Box sx={{ display: 'grid', gap: 2 }}>
      <Card>
        <CardContent>
          <Typography variant="h6" component="h2" gutterBottom>
            {t('vms.hardware.compute')}
          </Typography>
          <Box
            component="form"
            noValidate
            onSubmit={(e) => void save(e)}
            sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'flex-start' }}
          >
            <FormTextField
              control={form.control}
              name="cores"
              label={t('vms.fields.cores')}
              type="number"
              disabled={!canEdit}
              sx={{ width: 140 }}
            />
            <FormTextField
              control={form.control}
              name="memoryMb"
              label={t('vms.fields.memoryMb')}
              type="number"
              disabled={!canEdit}
              sx={{ width: 180 }}
            />
            {canEdit && (
              <Button type="submit" variant="contained" disabled={update.isPending} sx={{ mt: 1 }}>
                {t('common.save')}
              </Button>
            )}
          </Box>
          <ErrorAlert error={update.error} sx={{ mt: 2 }} />
        </CardContent>
      </Card>
      <Card>
        <CardContent>
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 1 }}>
            <Typography variant="h6" component="h2" sx={{ flex: 1 }}>
              {t('vms.hardware.disks')}
            </Typography>
            {canEdit && vm.config && (
              <Button size="small" onClick={() => setAdding(true)}>
                {t('vms.hardware.addDisk')}
              </Button>
            )}
          </Box>
          <Table size="small" aria-label={t('vms.hardware.disks')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('vms.hardware.disk')}</TableCell>
                <TableCell>{t('vms.hardware.storage')}</TableCell>
                <TableCell>{t('vms.hardware.size')}</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {disks.map((d) => (
                <TableRow key={d.key}>
                  <TableCell>{d.key}</TableCell>
                  <TableCell>{d.storage ?? '—'}</TableCell>
                  <TableCell>
                    {d.sizeGb === null ? '—' : t('vms.hardware.gb', { value: d.sizeGb })}
                  </TableCell>
                  <TableCell align="right">
                    {canEdit && (
                      <Button size="small" onClick={() => setGrowing(d)}>
                        {t('vms.hardware.grow')}
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              ))}
              {disks.length === 0 && (
                <TableRow>
                  <TableCell colSpan={4}>{t('vms.hardware.noDisks')}</TableCell>
                </TableRow>
              )}
            </TableBody>
          </Table>
        </CardContent>
      </Card>
      {vm.kind === 'qemu' && vm.config && <VmCdromCard vm={vm} canEdit={canEdit} />}
      {vm.kind === 'qemu' && vm.config && <VmBootOrderCard vm={vm} canEdit={canEdit} />}
      {adding && <VmAddDiskDialog vm={vm} onClose={() => setAdding(false)} />}
      {growing && (
        <GrowDiskDialog
          vmId={vm.id}
          disk={growing}
          onClose={() => setGrowing(null)}
          onJob={(job) => {
            setGrowing(null);
            onJob(job);
          }}
        />
      )}
    </Box>
  );
}

/** Asks for the new total size; anything not larger than today is refused in the form already. */
export function GrowDiskDialog({
  vmId,
  disk,
  onClose,
  onJob,
}: {
  vmId: string;
  disk: VmDisk;
  onClose: () => void;
  onJob: (job: Job) => void;
}) {
  const { t } = useTranslation();
  const update = useUpdateVm();
  const current = disk.sizeGb ?? 0;
  const form = useForm<GrowDiskValues>({
    resolver: zodResolver(growDiskSchema(current)),
    defaultValues: { sizeGb: String(current + 1) },
  });
  const submit = form.handleSubmit((v) =>
    update.mutate(
      { id: vmId, input: { disk: { disk: disk.key, sizeGb: Number(v.sizeGb) } } },
      {
        onSuccess: (answer) => {
          if (isJobAccepted(answer)) onJob(answer.job);
          else onClose();
        },
      },
    ),
  );
  return (
    <Dialog open onClose={update.isPending ? undefined : onClose} aria-labelledby="grow-title">
      <DialogTitle id="grow-title">{t('vms.hardware.growTitle', { disk: disk.key })}</DialogTitle>
      <Box component="form" noValidate onSubmit={(e) => void submit(e)}>
        <DialogContent sx={{ display: 'grid', gap: 2 }}>
          <Typography>{t('vms.hardware.growHelp', { value: current })}</Typography>
          <FormTextField
            control={form.control}
            name="sizeGb"
            label={t('vms.hardware.newSize')}
            type="number"
            autoFocus
            slotProps={{ htmlInput: { min: current + 1 } }}
          />
          <ErrorAlert error={update.error} />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={update.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="contained" disabled={update.isPending}>
            {t('vms.hardware.grow')}
          </Button>
        </DialogActions>
      </Box>
    </Dialog>
  );
}
