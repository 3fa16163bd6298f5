import { zodResolver } from '@hookform/resolvers/zod';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import Typography from '@mui/material/Typography';
import { useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { ipSchema } from '@multpanel/contracts';
import { ErrorAlert } from '@/components/error-alert';
import { FormTextField } from '@/components/form-text-field';
import { useChangeNicAddress } from '../api/change-nic-address';
import { useGuestRanges, useNextFreeAddress } from '../api/ipam-ranges';
import type { VmDetail } from '../api/types';

const schema = z.object({
  rangeId: z.string().min(1, 'Pick a range'),
  address: z.union([z.literal(''), ipSchema]),
});
type Values = z.infer<typeof schema>;

/**
 * Staff: give NIC `nic` another IPAM address — a range of the guest's company (or the shared
 * pool) on its cluster, and a chosen address or the range's next free one. The old address is
 * released (held for the range's hold period).
 */
export function VmNicAddressDialog({
  vm,
  nic,
  current,
  onClose,
}: {
  vm: VmDetail;
  nic: number;
  current: string | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const change = useChangeNicAddress();
  const ranges = useGuestRanges(vm.companyId ?? '', vm.clusterId, true);
  const form = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { rangeId: '', address: '' },
  });
  const [rangeId, address] = useWatch({ control: form.control, name: ['rangeId', 'address'] });
  const next = useNextFreeAddress(rangeId);
  const submit = form.handleSubmit((v) =>
    change.mutate(
      {
        id: vm.id,
        nic,
        input: { rangeId: v.rangeId, ...(v.address ? { address: v.address } : {}) },
      },
      { onSuccess: onClose },
    ),
  );
  return (
    <Dialog open onClose={change.isPending ? undefined : onClose} aria-labelledby="nic-addr-title">
      <DialogTitle id="nic-addr-title">
        {t('vms.network.changeAddressTitle', { key: `net${nic}` })}
      </DialogTitle>
      <Box component="form" noValidate onSubmit={(e) => void submit(e)}>
        <DialogContent sx={{ display: 'grid', gap: 2, minWidth: 360 }}>
          <Typography variant="body2">
            {t('vms.network.currentAddress', { address: current ?? '—' })}
          </Typography>
          <FormTextField
            control={form.control}
            name="rangeId"
            select
            label={t('vms.network.range')}
          >
            {(ranges.data ?? []).map((r) => (
              <MenuItem key={r.id} value={r.id}>
                {`${r.name} (${r.cidr}${r.vlan ? `, VLAN ${r.vlan}` : ''})`}
              </MenuItem>
            ))}
          </FormTextField>
          <FormTextField
            control={form.control}
            name="address"
            label={t('vms.network.newAddress')}
            helperText={t('vms.network.newAddressHelp')}
          />
          {rangeId && !address && next.isSuccess && (
            <Typography variant="body2" data-testid="next-address">
              {next.data
                ? t('vms.network.nextAddress', { address: next.data })
                : t('vms.network.rangeFull')}
            </Typography>
          )}
          <Typography variant="body2" color="text.secondary">
            {t('vms.network.releaseNote')}
          </Typography>
          <ErrorAlert error={change.error} />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={change.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="contained" disabled={change.isPending}>
            {t('vms.network.changeAddress')}
          </Button>
        </DialogActions>
      </Box>
    </Dialog>
  );
}
