import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import type { SshNodeHealthView } from '@multpanel/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { useSetNodeTarget } from '../api/ssh-mutations';

/** Host/port the platform connects to for one node; empty = node name and port 22. */
export function NodeTargetDialog({
  node,
  onClose,
}: {
  node: SshNodeHealthView;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const save = useSetNodeTarget();
  const [host, setHost] = useState(node.sshHost ?? '');
  const [port, setPort] = useState(node.sshPort ? String(node.sshPort) : '');
  const portNumber = port.trim() ? Number(port) : null;
  const portValid =
    portNumber === null || (Number.isInteger(portNumber) && portNumber >= 1 && portNumber <= 65535);

  return (
    <Dialog open onClose={save.isPending ? undefined : onClose} aria-labelledby="ssh-target-title">
      <DialogTitle id="ssh-target-title">
        {t('sshKeys.targetTitle', { node: node.node, cluster: node.clusterName })}
      </DialogTitle>
      <DialogContent sx={{ display: 'grid', gap: 2 }}>
        <DialogContentText>{t('sshKeys.targetHelp')}</DialogContentText>
        <TextField
          label={t('sshKeys.host')}
          placeholder={node.node}
          value={host}
          onChange={(e) => setHost(e.target.value)}
        />
        <TextField
          label={t('sshKeys.port')}
          placeholder="22"
          value={port}
          error={!portValid}
          onChange={(e) => setPort(e.target.value)}
          inputProps={{ inputMode: 'numeric' }}
        />
        <ErrorAlert error={save.error} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={save.isPending}>
          {t('common.cancel')}
        </Button>
        <Button
          variant="contained"
          disabled={save.isPending || !portValid}
          onClick={() =>
            save.mutate(
              {
                clusterId: node.clusterId,
                node: node.node,
                input: { host: host.trim() || null, port: portNumber },
              },
              { onSuccess: onClose },
            )
          }
        >
          {t('common.save')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
