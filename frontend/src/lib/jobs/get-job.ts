import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { isTerminal, jobKeys, type Job } from './types';

export const getJob = (id: string): Promise<Job> => api.get<Job>(`/jobs/${encodeURIComponent(id)}`);

/**
 * Live updates arrive over the WebSocket; the slow poll is only a safety net for a dropped socket,
 * and stops once the job has ended.
 */
export const jobQueryOptions = (id: string) =>
  queryOptions({
    queryKey: jobKeys.detail(id),
    queryFn: () => getJob(id),
    refetchInterval: (query) => (isTerminal(query.state.data?.status) ? false : 3000),
  });

export const useJob = (id: string | null | undefined, initial?: Job) =>
  useQuery({
    ...jobQueryOptions(id ?? ''),
    enabled: !!id,
    initialData: initial && initial.id === id ? initial : undefined,
    // The 202 answer is a fresh snapshot; refetch it soon after anyway to pick up the log.
    initialDataUpdatedAt: initial ? Date.now() - 10_000 : undefined,
  });
