import type { QueryClient } from '@tanstack/react-query';
import type { Paged } from '@/lib/api-client';
import { isTerminal, jobKeys, type Job } from './types';

/**
 * Writes a pushed job into the TanStack Query cache: the detail entry and every cached list page
 * that shows it. Returns the previous status so the caller can tell "just finished" from "replayed".
 */
export function applyJobUpdate(queryClient: QueryClient, job: Job): Job['status'] | undefined {
  const previous = queryClient.getQueryData<Job>(jobKeys.detail(job.id));
  queryClient.setQueryData<Job>(jobKeys.detail(job.id), (old) =>
    // The push carries no log; keep the lines already fetched.
    old ? { ...old, ...job, log: job.log ?? old.log } : job,
  );

  let listed = false;
  queryClient.setQueriesData<Paged<Job>>({ queryKey: jobKeys.lists() }, (old) => {
    if (!old) return old;
    const index = old.items.findIndex((j) => j.id === job.id);
    if (index < 0) return old;
    listed = true;
    const items = [...old.items];
    items[index] = { ...items[index]!, ...job, log: items[index]!.log };
    return { ...old, items };
  });
  // A job no cached page knows yet: let the lists refetch so it shows up.
  if (!listed) void queryClient.invalidateQueries({ queryKey: jobKeys.lists() });

  if (isTerminal(job.status) && !isTerminal(previous?.status)) refreshAfterJob(queryClient);
  return previous?.status;
}

/**
 * Query-key roots whose data any finished job may change: guest state and snapshots, quota usage.
 * Screens with narrower needs refresh their own data from `JobProgress`'s `onDone`.
 */
export const JOB_RESULT_KEYS = [['vms'], ['quotas']] as const;

export function refreshAfterJob(queryClient: QueryClient): void {
  for (const queryKey of JOB_RESULT_KEYS) void queryClient.invalidateQueries({ queryKey });
}
