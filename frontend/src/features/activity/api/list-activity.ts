import type { ActivityExportQuery, ActivityListQuery, ActivityView } from '@multpanel/contracts';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, type Paged } from '@/lib/api-client';

export type ActivityEntry = ActivityView;
export type ActivityFilters = ActivityExportQuery;
export type ListActivityParams = ActivityListQuery;

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
