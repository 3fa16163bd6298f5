import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { notificationStore } from '@/lib/notifications-store';
import { useSession } from '@/lib/session-store';
import { useLiveEvent } from '@/lib/use-live-event';
import { applyJobUpdate } from './apply-job-update';
import { jobTypeLabel } from './job-labels';
import { isTerminal, jobErrorText, type Job } from './types';
import { isWatched, unwatchJob } from './watched-jobs';

const isJob = (value: unknown): value is Job =>
  !!value &&
  typeof value === 'object' &&
  typeof (value as Job).id === 'string' &&
  typeof (value as Job).status === 'string';

/**
 * Used once per shell: feeds every pushed `job.updated` into the query cache (progress bars and
 * job lists move by themselves) and queues a toast when a job this user started ends.
 * `guestPath` builds the toast's link to the guest the job concerned.
 */
export function useLiveJobs(guestPath: (guestId: string) => string = (id) => `/vms/${id}`): void {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const session = useSession();
  const userId = session.status === 'authenticated' ? session.user.id : null;

  useLiveEvent(
    'job.updated',
    (job) => {
      if (!isJob(job)) return;
      const before = applyJobUpdate(queryClient, job);
      const mine = job.actorId === userId || isWatched(job.id);
      if (!mine || !isTerminal(job.status) || isTerminal(before)) return;
      unwatchJob(job.id);
      const what = jobTypeLabel(t, job);
      const link = job.guestId ? guestPath(job.guestId) : undefined;
      notificationStore.push(
        job.status === 'succeeded'
          ? { severity: 'success', message: t('jobs.toast.succeeded', { what }), link }
          : {
              severity: job.status === 'failed' ? 'error' : 'warning',
              message: t('jobs.toast.failed', {
                what,
                reason: jobErrorText(job) ?? job.message ?? t(`jobs.status.${job.status}`),
              }),
              link,
            },
      );
    },
    !!userId,
  );
}
