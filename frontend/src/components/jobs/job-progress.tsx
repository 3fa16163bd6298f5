import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Collapse from '@mui/material/Collapse';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { refreshAfterJob } from '@/lib/jobs/apply-job-update';
import { useJob } from '@/lib/jobs/get-job';
import { isTerminal, jobErrorText, jobKeys, type Job } from '@/lib/jobs/types';
import { jobTypeLabel } from '@/lib/jobs/job-labels';
import { JobStatusChip } from './job-status-chip';

const clamp = (n: number) => Math.max(0, Math.min(100, Math.round(Number.isFinite(n) ? n : 0)));

/**
 * A job's progress bar, fed by the WebSocket through the query cache (with a slow poll as a safety
 * net). `onDone` fires once when the job reaches an end state.
 */
export function JobProgress({
  jobId,
  initial,
  onDone,
  showLog = false,
}: {
  jobId: string;
  initial?: Job;
  onDone?: (job: Job) => void;
  showLog?: boolean;
}) {
  const { t } = useTranslation();
  const { data: job, error } = useJob(jobId, initial);
  const [logOpen, setLogOpen] = useState(false);
  const reported = useRef(false);
  const sawActive = useRef(false);
  const queryClient = useQueryClient();

  useEffect(() => {
    if (!job) return;
    if (!isTerminal(job.status)) {
      sawActive.current = true;
      return;
    }
    if (reported.current) return;
    reported.current = true;
    // When the end arrived by polling rather than the socket, what the job changed is still stale.
    if (sawActive.current) refreshAfterJob(queryClient);
    // The socket's end event carries no log and the poll stops at the end: fetch the last lines.
    if (sawActive.current && showLog)
      void queryClient.invalidateQueries({ queryKey: jobKeys.detail(jobId) });
    onDone?.(job);
  }, [job, jobId, onDone, queryClient, showLog]);

  if (!job) {
    return error ? <Alert severity="warning">{t('jobs.unavailable')}</Alert> : <LinearProgress />;
  }

  const value = job.status === 'succeeded' ? 100 : clamp(job.progress);
  const label = jobTypeLabel(t, job);
  const failure = jobErrorText(job);
  const lines = (job.log ?? []).map((l) => l.line);

  return (
    <Box data-testid="job-progress" data-status={job.status} sx={{ display: 'grid', gap: 1 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
        <Typography sx={{ fontWeight: 600 }}>{label}</Typography>
        <JobStatusChip status={job.status} />
        <Typography color="text.secondary" sx={{ ml: 'auto' }}>
          {t('jobs.percent', { value })}
        </Typography>
      </Box>
      <LinearProgress
        variant={job.status === 'queued' ? 'indeterminate' : 'determinate'}
        value={value}
        color={
          job.status === 'failed' ? 'error' : job.status === 'succeeded' ? 'success' : 'primary'
        }
        aria-label={t('jobs.progressLabel', { what: label })}
        aria-valuenow={value}
        aria-valuemin={0}
        aria-valuemax={100}
        sx={{ height: 8, borderRadius: 4 }}
      />
      {job.message && !failure && (
        <Typography variant="body2" color="text.secondary">
          {job.message}
        </Typography>
      )}
      {job.status === 'failed' && (
        <Alert severity="error">{failure ?? job.message ?? t('jobs.failedGeneric')}</Alert>
      )}
      {showLog && lines.length > 0 && (
        <>
          <Button size="small" onClick={() => setLogOpen((v) => !v)} sx={{ justifySelf: 'start' }}>
            {t(logOpen ? 'jobs.hideLog' : 'jobs.showLog')}
          </Button>
          <Collapse in={logOpen}>
            <Box
              component="pre"
              aria-label={t('jobs.logLabel')}
              sx={{
                m: 0,
                p: 1,
                maxHeight: 240,
                overflow: 'auto',
                fontSize: 12,
                bgcolor: 'action.hover',
                borderRadius: 1,
              }}
            >
              {lines.join('\n')}
            </Box>
          </Collapse>
        </>
      )}
    </Box>
  );
}
