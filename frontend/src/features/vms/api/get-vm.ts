import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { vmKeys, type RrdPoint, type RrdTimeframe, type VmDetail } from './types';

export const getVm = (id: string): Promise<VmDetail> =>
  api.get<VmDetail>(`/vms/${encodeURIComponent(id)}`);

export const vmQueryOptions = (id: string) =>
  queryOptions({
    queryKey: vmKeys.detail(id),
    queryFn: () => getVm(id),
    // Live counters (CPU, uptime) drift; a gentle refresh keeps the summary honest.
    refetchInterval: 10_000,
    staleTime: 5_000,
  });

export const useVm = (id: string) => useQuery(vmQueryOptions(id));

export const getVmRrd = (id: string, timeframe: RrdTimeframe): Promise<RrdPoint[]> =>
  api.get<RrdPoint[]>(`/vms/${encodeURIComponent(id)}/rrd`, { query: { timeframe } });

export const useVmRrd = (id: string, timeframe: RrdTimeframe, enabled = true) =>
  useQuery({
    queryKey: vmKeys.rrd(id, timeframe),
    queryFn: () => getVmRrd(id, timeframe),
    enabled,
    refetchInterval: timeframe === 'hour' ? 30_000 : false,
  });
