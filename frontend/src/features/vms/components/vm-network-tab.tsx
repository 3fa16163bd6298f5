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
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { useAuthorization } from '@/lib/authorization';
import { perm } from '@/lib/permission-keys';
import { FormTextField } from '@/components/form-text-field';
import { isJobAccepted, type Job } from '@/lib/jobs/types';
import { useGuestAddresses } from '../api/guest-addresses';
import { useUpdateVm } from '../api/vm-mutations';
import { type VmDetail, type VmTabProps, type VmNet } from '../api/types';
import { VmNicAddressDialog } from './vm-nic-address-dialog';
import { networkSchema, toNetworkInput, type NetworkValues } from './vm-schemas';

const toValues = (n: VmNet): NetworkValues => ({
  bridge: n.bridge ?? '',
  vlan: n.vlan ? String(n.vlan) : '',
  model: n.model ?? '',
});

/** Network interfaces: bridge and VLAN per interface; edits send the whole list. */
export function VmNetworkTab({ vm, canEdit, onJob }: VmTabProps) {
  const { t } = useTranslation();
  const nets = vm.config?.networks ?? [];
  const [editing, setEditing] = useState<number | null>(null);
  const [moving, setMoving] = useState<number | null>(null);
  // Staff (ipam.manage) move a NIC to another address; a guest without a company has no ranges.
  const canMove = useAuthorization().has(perm.ipamManage) && !!vm.companyId;
  const addresses = useGuestAddresses(vm.id);
  const addressesOf = (key: string) =>
    (addresses.data ?? [])
      .filter((a) => `net${a.nic ?? -1}` === key)
      .map((a) => a.address)
      .join(', ') || '—';

  return (
    <Card>
      <CardContent>
        <Table size="small" aria-label={t('vms.tabs.network')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('vms.network.interface')}</TableCell>
              <TableCell>{t('vms.network.bridge')}</TableCell>
              <TableCell>{t('vms.network.vlan')}</TableCell>
              <TableCell>{t('vms.network.model')}</TableCell>
              <TableCell>{t('vms.network.mac')}</TableCell>
              <TableCell>{t('vms.network.address')}</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {nets.map((n, i) => (
              <TableRow key={n.key}>
                <TableCell>{n.key}</TableCell>
                <TableCell>{n.bridge ?? '—'}</TableCell>
                <TableCell>{n.vlan ?? '—'}</TableCell>
                <TableCell>{n.model ?? '—'}</TableCell>
                <TableCell>{n.mac ?? '—'}</TableCell>
                <TableCell>{addressesOf(n.key)}</TableCell>
                <TableCell align="right">
                  {canMove && (
                    <Button
                      size="small"
                      aria-label={t('vms.network.changeAddressOf', { key: n.key })}
                      onClick={() => setMoving(Number(n.key.slice(3)))}
                    >
                      {t('vms.network.changeAddress')}
                    </Button>
                  )}
                  {canEdit && (
                    <Button size="small" onClick={() => setEditing(i)}>
                      {t('common.edit')}
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            ))}
            {nets.length === 0 && (
              <TableRow>
                <TableCell colSpan={7}>{t('vms.network.none')}</TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
        {moving !== null && (
          <VmNicAddressDialog
            vm={vm}
            nic={moving}
            current={addressesOf(`net${moving}`)}
            onClose={() => setMoving(null)}
          />
        )}
        {editing !== null && nets[editing] && (
          <NetworkDialog
            vm={vm}
            index={editing}
            onClose={() => setEditing(null)}
            onJob={(job) => {
              setEditing(null);
              onJob(job);
            }}
          />
        )}
      </CardContent>
    </Card>
  );
}

function NetworkDialog({
  vm,
  index,
  onClose,
  onJob,
}: {
  vm: VmDetail;
  index: number;
  onClose: () => void;
  onJob: (job: Job) => void;
}) {
  const { t } = useTranslation();
  const update = useUpdateVm();
  const nets = vm.config?.networks ?? [];
  const form = useForm<NetworkValues>({
    resolver: zodResolver(networkSchema),
    defaultValues: toValues(nets[index]!),
  });
  const submit = form.handleSubmit((v) => {
    const networks = nets.map((n, i) => toNetworkInput(i === index ? v : toValues(n)));
    update.mutate(
      { id: vm.id, input: { networks } },
      { onSuccess: (answer) => (isJobAccepted(answer) ? onJob(answer.job) : onClose()) },
    );
  });
  return (
    <Dialog open onClose={update.isPending ? undefined : onClose} aria-labelledby="net-title">
      <DialogTitle id="net-title">
        {t('vms.network.editTitle', { key: nets[index]?.key })}
      </DialogTitle>
      <Box component="form" noValidate onSubmit={(e) => void submit(e)}>
        <DialogContent sx={{ display: 'grid', gap: 2 }}>
          <FormTextField control={form.control} name="bridge" label={t('vms.network.bridge')} />
          <FormTextField
            control={form.control}
            name="vlan"
            label={t('vms.network.vlan')}
            helperText={t('vms.network.vlanHelp')}
          />
          <FormTextField control={form.control} name="model" label={t('vms.network.model')} />
          <ErrorAlert error={update.error} />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={update.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="contained" disabled={update.isPending}>
            {t('common.save')}
          </Button>
        </DialogActions>
      </Box>
    </Dialog>
  );
}
