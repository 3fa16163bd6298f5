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
import { useDecideQuotaRequest, type QuotaDecision } from '../api/quota-requests';
import type { QuotaRequest } from '../api/types';
import { summarizeRequested } from './quota-summary';

/**
 * Approve (with an optional comment) or decline (with the reason the requester will read) one
 * pending request.
 */
export function QuotaDecisionDialog({
  request,
  decision,
  onClose,
}: {
  request: QuotaRequest;
  decision: QuotaDecision;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const decide = useDecideQuotaRequest();
  const [note, setNote] = useState('');
  const [touched, setTouched] = useState(false);
  const declining = decision === 'decline';
  const missingReason = declining && note.trim().length < 3;

  const confirm = () => {
    setTouched(true);
    if (missingReason) return;
    decide.mutate({ id: request.id, decision, note }, { onSuccess: onClose });
  };

  return (
    <Dialog open onClose={decide.isPending ? undefined : onClose} aria-labelledby="quota-decide">
      <DialogTitle id="quota-decide">
        {t(declining ? 'quotas.declineTitle' : 'quotas.approveTitle', {
          name: request.companyName,
        })}
      </DialogTitle>
      <DialogContent sx={{ display: 'grid', gap: 2 }}>
        <DialogContentText>
          {t('quotas.decisionSummary', {
            who: request.requestedByName || t('quotas.unknownUser'),
            what: summarizeRequested(t, request.requested),
            reason: request.reason,
          })}
        </DialogContentText>
        <TextField
          label={t(declining ? 'quotas.declineReason' : 'quotas.approveNote')}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          required={declining}
          multiline
          minRows={2}
          error={touched && missingReason}
          helperText={touched && missingReason ? t('quotas.declineReasonRequired') : ' '}
          slotProps={{ htmlInput: { maxLength: 2000 } }}
        />
        <ErrorAlert error={decide.error} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={decide.isPending}>
          {t('common.cancel')}
        </Button>
        <Button
          variant="contained"
          color={declining ? 'error' : 'primary'}
          onClick={confirm}
          disabled={decide.isPending}
        >
          {t(declining ? 'quotas.decline' : 'quotas.approve')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
