import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import type { Job } from '@/lib/jobs/types';
import type { GuestBackup } from '@multpanel/contracts';
import { useRestoreBackup } from '../api/restore-backup';

/**
 * Restore one archive: to a new guest (name, node, storage, start, network left disconnected) or
 * over this guest, which needs its name typed as confirmation.
 */
export function RestoreDialog({
  vmId,
  vmName,
  backup,
  onClose,
  onJob,
}: {
  vmId: string;
  vmName: string;
  backup: GuestBackup;
  onClose: () => void;
  onJob: (job: Job) => void;
}) {
  const { t } = useTranslation();
  const restore = useRestoreBackup();
  const [target, setTarget] = useState<'new' | 'in-place'>('new');
  const [name, setName] = useState(`${vmName}-restore`.slice(0, 63));
  const [node, setNode] = useState('');
  const [storage, setStorage] = useState('');
  const [start, setStart] = useState(false);
  const [disconnect, setDisconnect] = useState(true);
  const [confirm, setConfirm] = useState('');
  const inPlace = target === 'in-place';

  const submit = () =>
    restore.mutate(
      {
        vmId,
        input: {
          volid: backup.volid,
          target,
          start,
          disconnectNetwork: disconnect,
          ...(inPlace ? { confirm } : { name: name || undefined }),
          ...(!inPlace && node ? { node } : {}),
          ...(storage ? { storage } : {}),
        },
      },
      {
        onSuccess: (r) => {
          onJob(r.job);
          onClose();
        },
      },
    );

  return (
    <Dialog open onClose={restore.isPending ? undefined : onClose} aria-labelledby="restore-title">
      <DialogTitle id="restore-title" sx={{ wordBreak: 'break-all' }}>
        {t('backups.restore.title', { volid: backup.volid })}
      </DialogTitle>
      <DialogContent sx={{ display: 'grid', gap: 2 }}>
        <ErrorAlert error={restore.error} />
        <RadioGroup
          aria-label={t('backups.restore.target')}
          value={target}
          onChange={(e) => setTarget(e.target.value as 'new' | 'in-place')}
        >
          <FormControlLabel value="new" control={<Radio />} label={t('backups.restore.toNew')} />
          <FormControlLabel
            value="in-place"
            control={<Radio />}
            label={t('backups.restore.inPlace')}
          />
        </RadioGroup>
        {inPlace ? (
          <>
            <Alert severity="warning">
              {t('backups.restore.inPlaceWarning', { name: vmName })}
            </Alert>
            <TextField
              label={t('backups.restore.confirm', { name: vmName })}
              value={confirm}
              onChange={(e) => setConfirm(e.target.value)}
            />
          </>
        ) : (
          <>
            <TextField
              label={t('backups.restore.name')}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
            <TextField
              label={t('backups.restore.node')}
              value={node}
              onChange={(e) => setNode(e.target.value)}
            />
          </>
        )}
        <TextField
          label={t('backups.restore.storage')}
          value={storage}
          onChange={(e) => setStorage(e.target.value)}
        />
        <FormControlLabel
          control={<Switch checked={start} onChange={(e) => setStart(e.target.checked)} />}
          label={t('backups.restore.start')}
        />
        <FormControlLabel
          control={
            <Switch checked={disconnect} onChange={(e) => setDisconnect(e.target.checked)} />
          }
          label={t('backups.restore.disconnect')}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={restore.isPending}>
          {t('common.cancel')}
        </Button>
        <Button
          variant="contained"
          color={inPlace ? 'error' : 'primary'}
          disabled={restore.isPending || (inPlace && confirm !== vmName)}
          onClick={submit}
        >
          {t('backups.restore.submit')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
