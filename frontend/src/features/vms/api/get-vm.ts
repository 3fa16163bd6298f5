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

/** Accepts a bare array or `{ points|data|items: [...] }`, so the chart survives small API shape changes. */
const toPoints = (body: unknown): RrdPoint[] => {
  if (Array.isArray(body)) return body as RrdPoint[];
  if (body && typeof body === 'object') {
    for (const key of ['points', 'data', 'items', 'series']) {
      const value = (body as Record<string, unknown>)[key];
      if (Array.isArray(value)) return value as RrdPoint[];
    }
  }
  return [];
};

export const getVmRrd = async (id: string, timeframe: RrdTimeframe): Promise<RrdPoint[]> =>
  toPoints(await api.get<unknown>(`/vms/${encodeURIComponent(id)}/rrd`, { query: { timeframe } }));

export const useVmRrd = (id: string, timeframe: RrdTimeframe, enabled = true) =>
  useQuery({
    queryKey: ['vms', 'rrd', id, timeframe] as const,
    queryFn: () => getVmRrd(id, timeframe),
    enabled,
    refetchInterval: timeframe === 'hour' ? 30_000 : false,
  });
