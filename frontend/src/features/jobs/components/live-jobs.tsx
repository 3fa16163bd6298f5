import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Snackbar from '@mui/material/Snackbar';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router-dom';
import { useSession } from '@/lib/session-store';
import { isTerminal, jobErrorText, type Job } from '../api/types';
import { applyJobUpdate } from '../live/apply-job-update';
import { connectLiveEvents } from '../live/events-socket';
import { isWatched, unwatchJob } from '../live/watched-jobs';
import { notificationStore, useNotifications } from '../notifications-store';
import { jobTypeLabel } from './job-labels';

const isJob = (value: unknown): value is Job =>
  !!value &&
  typeof value === 'object' &&
  typeof (value as Job).id === 'string' &&
  typeof (value as Job).status === 'string';

/**
 * Mounted once per shell: keeps the /api/events socket open, feeds `job.updated` into the query
 * cache and shows a toast when a job the user started ends. `guestPath` builds the toast's link.
 */
export function LiveJobs({
  guestPath = (id: string) => `/vms/${id}`,
}: {
  guestPath?: (guestId: string) => string;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const session = useSession();
  const userId = session.status === 'authenticated' ? session.user.id : null;

  useEffect(() => {
    if (!userId) return undefined;
    return connectLiveEvents((message) => {
      if (message.type !== 'job.updated' || !isJob(message.payload)) return;
      const job = message.payload;
      const before = applyJobUpdate(queryClient, job);
      const mine = job.actorId === userId || isWatched(job.id);
      if (!mine || !isTerminal(job.status) || isTerminal(before)) return;
      unwatchJob(job.id);
      const what = jobTypeLabel(t, job);
      notificationStore.push(
        job.status === 'succeeded'
          ? {
              severity: 'success',
              message: t('jobs.toast.succeeded', { what }),
              link: job.guestId ? guestPath(job.guestId) : undefined,
            }
          : {
              severity: job.status === 'failed' ? 'error' : 'warning',
              message: t('jobs.toast.failed', {
                what,
                reason: jobErrorText(job) ?? job.message ?? t(`jobs.status.${job.status}`),
              }),
              link: job.guestId ? guestPath(job.guestId) : undefined,
            },
      );
    });
    // guestPath is a layout constant; reconnecting on its identity would only churn the socket.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [userId, queryClient, t]);

  return <Toaster />;
}

/** Shows the oldest pending notification; the next one follows when it closes. */
export function Toaster() {
  const { t } = useTranslation();
  const current = useNotifications()[0];
  if (!current) return null;
  const close = () => notificationStore.dismiss(current.id);
  return (
    <Snackbar
      key={current.id}
      open
      autoHideDuration={6000}
      onClose={(_, reason) => reason !== 'clickaway' && close()}
      anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}
    >
      <Alert
        severity={current.severity}
        variant="filled"
        onClose={close}
        data-testid="job-toast"
        action={
          current.link ? (
            <Button
              color="inherit"
              size="small"
              component={RouterLink}
              to={current.link}
              onClick={close}
            >
              {t('jobs.toast.open')}
            </Button>
          ) : undefined
        }
      >
        {current.message}
      </Alert>
    </Snackbar>
  );
}
