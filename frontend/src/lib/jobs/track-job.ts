import type { QueryClient } from '@tanstack/react-query';
import { isJobAccepted, jobKeys } from './types';
import { watchJob } from './watched-jobs';

/**
 * After a mutation answered with a job: remember it (its end is worth a toast in this tab) and
 * prime its cache entry so a progress bar shows at once. Other answers are ignored.
 */
export function trackAccepted(queryClient: QueryClient, answer: unknown): void {
  if (!isJobAccepted(answer)) return;
  watchJob(answer.job.id);
  queryClient.setQueryData(jobKeys.detail(answer.job.id), answer.job);
  void queryClient.invalidateQueries({ queryKey: jobKeys.lists() });
}
