import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { monitoringKeys, refreshFor, type MetricSeriesDto, type MetricTimeframe } from './types';

export const getNodeMetrics = (clusterId: string, node: string, timeframe: MetricTimeframe) =>
  api.get<MetricSeriesDto>(
    `/monitoring/clusters/${encodeURIComponent(clusterId)}/nodes/${encodeURIComponent(node)}/metrics`,
    { query: { timeframe } },
  );

export const useNodeMetrics = (clusterId: string, node: string, timeframe: MetricTimeframe) =>
  useQuery({
    queryKey: monitoringKeys.node(clusterId, node, timeframe),
    queryFn: () => getNodeMetrics(clusterId, node, timeframe),
    refetchInterval: refreshFor(timeframe),
  });
