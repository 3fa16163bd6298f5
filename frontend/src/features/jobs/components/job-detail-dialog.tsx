import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { JobStatusChip } from '@/components/jobs/job-status-chip';
import { formatDateTime } from '@/lib/format-time';
import { useJob } from '@/lib/jobs/get-job';
import { jobTypeLabel } from '@/lib/jobs/job-labels';
import { jobErrorText, type Job } from '@/lib/jobs/types';
import { Slot } from '@/lib/slots';

/** One job in full: who, what, where, the whole message or failure, and the task log. */
export function JobDetailDialog({ job: initial, onClose }: { job: Job; onClose: () => void }) {
  const { t } = useTranslation();
  const detail = useJob(initial.id);
  const job = { ...initial, ...detail.data };
  const facts: [string, string | null | undefined][] = [
    [t('jobs.fields.guest'), job.guestName],
    [t('jobs.fields.company'), job.companyName],
    [t('jobs.fields.user'), job.actorName],
    [t('jobs.fields.cluster'), [job.clusterName, job.node].filter(Boolean).join(' / ')],
    [t('jobs.fields.createdAt'), formatDateTime(job.createdAt)],
    [t('jobs.fields.finishedAt'), formatDateTime(job.finishedAt)],
  ];
  const error = jobErrorText(job);
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="md" aria-labelledby="job-detail-title">
      <DialogTitle id="job-detail-title" sx={{ display: 'flex', gap: 2, alignItems: 'center' }}>
        {jobTypeLabel(t, job)}
        <JobStatusChip status={job.status} />
      </DialogTitle>
      <DialogContent sx={{ display: 'grid', gap: 2 }}>
        <Box
          component="dl"
          sx={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: 1, m: 0 }}
        >
          {facts
            .filter(([, v]) => v)
            .map(([k, v]) => (
              <Box key={k} sx={{ display: 'contents' }}>
                <Typography component="dt" color="text.secondary">
                  {k}
                </Typography>
                <Typography component="dd" sx={{ m: 0 }}>
                  {v}
                </Typography>
              </Box>
            ))}
        </Box>
        {job.message && <Typography sx={{ whiteSpace: 'pre-wrap' }}>{job.message}</Typography>}
        {error && (
          <Typography
            role="alert"
            color="error"
            sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
          >
            {error}
          </Typography>
        )}
        <ErrorAlert error={detail.error} />
        <Typography variant="subtitle2">{t('jobs.logLabel')}</Typography>
        <Box
          component="pre"
          aria-label={t('jobs.logLabel')}
          sx={{
            m: 0,
            p: 1.5,
            maxHeight: 320,
            overflow: 'auto',
            bgcolor: 'action.hover',
            borderRadius: 1,
            fontSize: 13,
            whiteSpace: 'pre-wrap',
            overflowWrap: 'anywhere',
          }}
        >
          {(job.log ?? []).map((l) => l.line).join('\n') || t('jobs.logEmpty')}
        </Box>
      </DialogContent>
      <DialogActions>
        {/* A ticket belongs to a company: the MSP's own (platform) jobs have none to open it for. */}
        {job.companyId && <Slot name="job.detail.actions" jobId={job.id} />}
        <Button onClick={onClose}>{t('common.close')}</Button>
      </DialogActions>
    </Dialog>
  );
}
