import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';

/** Removing a cluster drops its whole inventory, so the person types its name to confirm. */
export function ClusterRemoveDialog({
  open,
  name,
  pending,
  error,
  onConfirm,
  onClose,
}: {
  open: boolean;
  name: string;
  pending: boolean;
  error: unknown;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const close = () => {
    setTyped('');
    onClose();
  };
  return (
    <Dialog open={open} onClose={pending ? undefined : close} aria-labelledby="remove-title">
      <DialogTitle id="remove-title">{t('clusters.removeTitle', { name })}</DialogTitle>
      <DialogContent>
        <DialogContentText>{t('clusters.removeMessage')}</DialogContentText>
        <TextField
          sx={{ mt: 2 }}
          fullWidth
          autoFocus
          label={t('clusters.removeTypeName', { name })}
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
        />
        <ErrorAlert error={error} sx={{ mt: 2 }} />
      </DialogContent>
      <DialogActions>
        <Button onClick={close} disabled={pending}>
          {t('common.cancel')}
        </Button>
        <Button
          variant="contained"
          color="error"
          onClick={onConfirm}
          disabled={pending || typed.trim() !== name}
        >
          {t('clusters.removeConfirm')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
