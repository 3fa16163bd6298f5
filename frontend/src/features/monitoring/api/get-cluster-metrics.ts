import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { monitoringKeys, refreshFor, type MetricSeriesDto, type MetricTimeframe } from './types';

export const getClusterMetrics = (id: string, timeframe: MetricTimeframe) =>
  api.get<MetricSeriesDto>(`/monitoring/clusters/${encodeURIComponent(id)}/metrics`, {
    query: { timeframe },
  });

export const useClusterMetrics = (id: string | undefined, timeframe: MetricTimeframe) =>
  useQuery({
    queryKey: monitoringKeys.cluster(id ?? '', timeframe),
    queryFn: () => getClusterMetrics(id!, timeframe),
    enabled: !!id,
    refetchInterval: refreshFor(timeframe),
  });
