import type { QueryClient } from '@tanstack/react-query';
import type { Paged } from '@/lib/api-client';
import { isTerminal, jobKeys, type Job } from '../api/types';

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

  if (isTerminal(job.status) && !isTerminal(previous?.status)) {
    // Guest state, snapshots and quota usage change when a job ends (query keys of those features).
    void queryClient.invalidateQueries({ queryKey: ['vms'] });
    void queryClient.invalidateQueries({ queryKey: ['quotas'] });
  }
  return previous?.status;
}
