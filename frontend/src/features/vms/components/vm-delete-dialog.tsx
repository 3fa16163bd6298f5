import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import type { Job } from '@/lib/jobs/types';
import { useDeleteVm } from '../api/vm-mutations';
import type { VmSummary } from '../api/types';

/** Deleting a guest is irreversible: the user types its name to unlock the button. */
export function VmDeleteDialog({
  vm,
  onClose,
  onJob,
}: {
  vm: Pick<VmSummary, 'id' | 'name'>;
  onClose: () => void;
  onJob: (job: Job) => void;
}) {
  const { t } = useTranslation();
  const remove = useDeleteVm();
  const [typed, setTyped] = useState('');
  const [purge, setPurge] = useState(true);
  const matches = typed === vm.name;

  return (
    <Dialog open onClose={remove.isPending ? undefined : onClose} aria-labelledby="delete-title">
      <DialogTitle id="delete-title">{t('vms.delete.title', { name: vm.name })}</DialogTitle>
      <DialogContent sx={{ display: 'grid', gap: 2 }}>
        <DialogContentText>{t('vms.delete.message', { name: vm.name })}</DialogContentText>
        <TextField
          autoFocus
          label={t('vms.delete.typeName')}
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          autoComplete="off"
        />
        <FormControlLabel
          control={<Checkbox checked={purge} onChange={(e) => setPurge(e.target.checked)} />}
          label={t('vms.delete.purge')}
        />
        <ErrorAlert error={remove.error} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={remove.isPending}>
          {t('common.cancel')}
        </Button>
        <Button
          variant="contained"
          color="error"
          disabled={!matches || remove.isPending}
          onClick={() =>
            remove.mutate(
              { id: vm.id, confirm: typed, purge },
              { onSuccess: (answer) => onJob(answer.job) },
            )
          }
        >
          {t('vms.delete.confirm')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
