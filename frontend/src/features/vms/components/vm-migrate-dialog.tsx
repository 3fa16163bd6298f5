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
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import type { Job } from '@/features/jobs/api/types';
import { useMigrateTargets } from '../api/migrate-targets';
import { useMigrateVm } from '../api/vm-mutations';
import type { VmSummary } from '../api/types';

/**
 * Move a guest to another node of its cluster. Staff pick from the cluster's nodes (offline ones
 * greyed out); company admins type the node name. A running QEMU VM moves live; turning that off
 * explains that it has to be stopped first. A running container restarts on the target.
 */
export function VmMigrateDialog({
  vm,
  canListNodes,
  onClose,
  onJob,
}: {
  vm: Pick<
    VmSummary,
    'id' | 'name' | 'vmid' | 'kind' | 'status' | 'node' | 'clusterId' | 'clusterName'
  >;
  canListNodes: boolean;
  onClose: () => void;
  onJob: (job: Job) => void;
}) {
  const { t } = useTranslation();
  const migrate = useMigrateVm();
  const targets = useMigrateTargets(vm.clusterId, canListNodes);
  const [targetNode, setTargetNode] = useState('');
  const [online, setOnline] = useState(true);
  const name = vm.name ?? `#${vm.vmid}`;
  const running = vm.status === 'running';
  const liveChoice = running && vm.kind === 'qemu';
  const others = (targets.data ?? []).filter((n) => !n.goneAt && n.name !== vm.node);
  const target = targetNode.trim();
  const sameNode = target === vm.node;
  const ready = !!target && !sameNode && (!liveChoice || online) && !migrate.isPending;

  const submit = () =>
    migrate.mutate(
      { id: vm.id, targetNode: target, ...(liveChoice ? { online } : {}) },
      { onSuccess: (answer) => onJob(answer.job) },
    );

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
        {canListNodes ? (
          <TextField
            select
            label={t('vms.migrate.target')}
            value={targetNode}
            onChange={(e) => setTargetNode(e.target.value)}
            disabled={targets.isLoading}
            helperText={
              targets.isSuccess && others.length === 0 ? t('vms.migrate.noOtherNode') : undefined
            }
          >
            {others.map((n) => (
              <MenuItem key={n.name} value={n.name} disabled={n.status !== 'online'}>
                {n.status === 'online'
                  ? n.name
                  : t('vms.migrate.nodeOffline', { node: n.name, status: n.status })}
              </MenuItem>
            ))}
          </TextField>
        ) : (
          <TextField
            label={t('vms.migrate.target')}
            value={targetNode}
            onChange={(e) => setTargetNode(e.target.value)}
            autoComplete="off"
            error={sameNode}
            helperText={
              sameNode
                ? t('vms.migrate.alreadyThere', { node: vm.node })
                : t('vms.migrate.typeNode', { cluster: vm.clusterName })
            }
          />
        )}
        <ErrorAlert error={targets.error} />
        {liveChoice && (
          <FormControlLabel
            control={<Switch checked={online} onChange={(e) => setOnline(e.target.checked)} />}
            label={t('vms.migrate.online')}
          />
        )}
        {liveChoice && !online && (
          <Alert severity="warning">{t('vms.migrate.offlineRunning')}</Alert>
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
