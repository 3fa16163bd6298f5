import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, type Paged } from '@/lib/api-client';
import { vmKeys, type VmListParams, type VmSummary } from './types';

export const listVms = (params: VmListParams): Promise<Paged<VmSummary>> =>
  api.get<Paged<VmSummary>>('/vms', { query: { ...params } });

export const listVmsQueryOptions = (params: VmListParams, refetchMs?: number) =>
  queryOptions({
    queryKey: vmKeys.list(params),
    queryFn: () => listVms(params),
    placeholderData: keepPreviousData,
    refetchInterval: refetchMs,
  });

export const useVms = (params: VmListParams, options: { refetchMs?: number } = {}) =>
  useQuery(listVmsQueryOptions(params, options.refetchMs));
