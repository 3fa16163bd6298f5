import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { clusterKeys, type ClusterView } from './types';

export const listClusters = (): Promise<ClusterView[]> => api.get<ClusterView[]>('/clusters');

/** Status changes arrive over the WebSocket; the poll refreshes latency and counts. */
export const listClustersQueryOptions = () =>
  queryOptions({ queryKey: clusterKeys.list(), queryFn: listClusters, refetchInterval: 30_000 });

export const useClusters = () => useQuery(listClustersQueryOptions());
