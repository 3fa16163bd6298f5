import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, type Paged } from '@/lib/api-client';

export interface ActivityEntry {
  id: string;
  createdAt: string;
  action: string;
  result?: string;
  actorId?: string | null;
  actorEmail?: string | null;
  companyId?: string | null;
  companyName?: string | null;
  resourceType?: string | null;
  resourceId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
}

export interface ActivityFilters {
  search?: string;
  action?: string;
  result?: string;
  from?: string;
  to?: string;
}

export interface ListActivityParams extends ActivityFilters {
  page: number;
  pageSize: number;
}

export const listActivity = (params: ListActivityParams): Promise<Paged<ActivityEntry>> =>
  api.get<Paged<ActivityEntry>>('/activity', { query: { ...params } });

export const listActivityQueryOptions = (params: ListActivityParams) =>
  queryOptions({
    queryKey: ['activity', 'list', params],
    queryFn: () => listActivity(params),
    placeholderData: keepPreviousData,
  });

export const useActivity = (params: ListActivityParams) =>
  useQuery(listActivityQueryOptions(params));
