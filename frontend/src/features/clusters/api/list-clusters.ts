import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { clusterKeys, type ClusterView } from './types';

export const listClusters = (): Promise<ClusterView[]> => api.get<ClusterView[]>('/clusters');

/** Health changes every check interval; a short refetch keeps the list current. */
export const listClustersQueryOptions = () =>
  queryOptions({ queryKey: clusterKeys.list(), queryFn: listClusters, refetchInterval: 10_000 });

export const useClusters = () => useQuery(listClustersQueryOptions());
