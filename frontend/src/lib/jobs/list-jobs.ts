import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, type Paged } from '@/lib/api-client';
import { isTerminal, jobKeys, type Job, type JobListParams } from './types';

export const listJobs = (params: JobListParams): Promise<Paged<Job>> =>
  api.get<Paged<Job>>('/jobs', { query: { ...params } });

export const listJobsQueryOptions = (params: JobListParams) =>
  queryOptions({
    queryKey: jobKeys.list(params),
    queryFn: () => listJobs(params),
    placeholderData: keepPreviousData,
    // While something runs, a slow poll covers a dropped WebSocket.
    refetchInterval: (query) =>
      query.state.data?.items.some((j) => !isTerminal(j.status)) ? 5000 : false,
  });

export const useJobs = (params: JobListParams) => useQuery(listJobsQueryOptions(params));
