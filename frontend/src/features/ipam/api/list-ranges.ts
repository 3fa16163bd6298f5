import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { IpRangeView } from '@multpanel/contracts';
import { api, type Paged } from '@/lib/api-client';
import { ipamKeys } from './ipam-keys';

export interface ListRangesParams {
  page: number;
  pageSize: number;
  search?: string;
  companyId?: string;
}

export const listRanges = (params: ListRangesParams): Promise<Paged<IpRangeView>> =>
  api.get<Paged<IpRangeView>>('/ipam/ranges', { query: { ...params } });

export const listRangesQueryOptions = (params: ListRangesParams) =>
  queryOptions({
    queryKey: ipamKeys.ranges(params),
    queryFn: () => listRanges(params),
    placeholderData: keepPreviousData,
  });

export const useRanges = (params: ListRangesParams) => useQuery(listRangesQueryOptions(params));
