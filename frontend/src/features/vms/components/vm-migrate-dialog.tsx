import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import MenuItem from '@mui/material/MenuItem';
import Switch from '@mui/material/Switch';
import ListItemText from '@mui/material/ListItemText';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import type { Job } from '@/lib/jobs/types';
import { useMigrateTargets } from '../api/migrate-targets';
import { useMigrateVm } from '../api/vm-mutations';
import type { VmSummary } from '../api/types';

/**
 * Move a guest to another node of its cluster. The targets come from Proxmox's migrate
 * precondition (GET /api/vms/:id/migrate-targets), so staff and company admins alike pick from
 * the cluster's other nodes; nodes Proxmox refuses are greyed out with the reason. A running QEMU
 * VM moves live unless something blocks that; a running container restarts on the target.
 */
export function VmMigrateDialog({
  vm,
  onClose,
  onJob,
}: {
  vm: Pick<
    VmSummary,
    'id' | 'name' | 'vmid' | 'kind' | 'status' | 'node' | 'clusterId' | 'clusterName'
  >;
  onClose: () => void;
  onJob: (job: Job) => void;
}) {
  const { t } = useTranslation();
  const migrate = useMigrateVm();
  const pre = useMigrateTargets(vm.id, true);
  const [targetNode, setTargetNode] = useState('');
  const [online, setOnline] = useState(true);
  const name = vm.name ?? `#${vm.vmid}`;
  const running = pre.data?.running ?? vm.status === 'running';
  const liveChoice = running && vm.kind === 'qemu';
  const targets = pre.data?.targets ?? [];
  const localResources = pre.data?.localResources ?? [];
  const onlineBlockers = liveChoice ? (pre.data?.onlineBlockers ?? []) : [];
  const copiedDisks = (pre.data?.localDisks ?? []).filter((d) => !d.cdrom);
  const chosen = targets.find((n) => n.node === targetNode && n.allowed);
  const ready =
    !!chosen &&
    localResources.length === 0 &&
    onlineBlockers.length === 0 &&
    (!liveChoice || online) &&
    !migrate.isPending;

  const submit = () =>
    migrate.mutate(
      { id: vm.id, targetNode, ...(liveChoice ? { online } : {}) },
      { onSuccess: (answer) => onJob(answer.job) },
    );

  const helper = pre.isLoading
    ? t('vms.migrate.checking')
    : pre.isSuccess && targets.length === 0
      ? t('vms.migrate.noOtherNode')
      : pre.isSuccess && !targets.some((n) => n.allowed)
        ? t('vms.migrate.noAllowedNode')
        : t('vms.migrate.targetHelp', { cluster: vm.clusterName });

  return (
    <Dialog
      open
      onClose={migrate.isPending ? undefined : onClose}
      aria-labelledby="migrate-title"
      fullWidth
      maxWidth="sm"
    >
      <DialogTitle id="migrate-title">{t('vms.migrate.title', { name })}</DialogTitle>
      <DialogContent sx={{ display: 'grid', gap: 2 }}>
        <DialogContentText>
          {t('vms.migrate.message', { node: vm.node, cluster: vm.clusterName })}
        </DialogContentText>
        <TextField
          select
          label={t('vms.migrate.target')}
          value={chosen ? targetNode : ''}
          onChange={(e) => setTargetNode(e.target.value)}
          disabled={!pre.isSuccess || targets.length === 0}
          helperText={helper}
          slotProps={{ select: { renderValue: (v) => String(v) } }}
        >
          {targets.map((n) => (
            <MenuItem key={n.node} value={n.node} disabled={!n.allowed}>
              <ListItemText
                primary={n.node}
                secondary={n.allowed ? undefined : n.reasons.join('; ')}
              />
            </MenuItem>
          ))}
        </TextField>
        <ErrorAlert error={pre.error} />
        {localResources.length > 0 && (
          <Alert severity="error">
            {t('vms.migrate.localResources', { devices: localResources.join(', ') })}
          </Alert>
        )}
        {liveChoice && (
          <FormControlLabel
            control={
              <Switch
                checked={online}
                onChange={(e) => setOnline(e.target.checked)}
                disabled={onlineBlockers.length > 0}
              />
            }
            label={t('vms.migrate.online')}
          />
        )}
        {onlineBlockers.length > 0 && (
          <Alert severity="warning">
            {t('vms.migrate.liveBlocked', { reasons: onlineBlockers.join('; ') })}
          </Alert>
        )}
        {liveChoice && !online && (
          <Alert severity="warning">{t('vms.migrate.offlineRunning')}</Alert>
        )}
        {copiedDisks.length > 0 && (
          <Alert severity="info">
            {t('vms.migrate.localDisks', { disks: copiedDisks.map((d) => d.volid).join(', ') })}
          </Alert>
        )}
        {running && vm.kind === 'lxc' && (
          <Alert severity="info">{t('vms.migrate.containerRestart')}</Alert>
        )}
        <ErrorAlert error={migrate.error} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={migrate.isPending}>
          {t('common.cancel')}
        </Button>
        <Button variant="contained" disabled={!ready} onClick={submit}>
          {t('vms.migrate.confirm')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
