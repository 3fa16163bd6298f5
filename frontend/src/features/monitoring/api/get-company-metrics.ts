import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { monitoringKeys, refreshFor, type MetricSeriesDto, type MetricTimeframe } from './types';

export const getCompanyMetrics = (id: string, timeframe: MetricTimeframe) =>
  api.get<MetricSeriesDto>(`/monitoring/companies/${encodeURIComponent(id)}/metrics`, {
    query: { timeframe },
  });

export const useCompanyMetrics = (id: string | null | undefined, timeframe: MetricTimeframe) =>
  useQuery({
    queryKey: monitoringKeys.company(id ?? '', timeframe),
    queryFn: () => getCompanyMetrics(id!, timeframe),
    enabled: !!id,
    refetchInterval: refreshFor(timeframe),
  });
