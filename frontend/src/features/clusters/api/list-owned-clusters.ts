import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { clusterKeys, type ClusterView } from './types';

/** A company's own (dedicated) clusters: GET /api/companies/:companyId/clusters. */
export const listOwnedClusters = (companyId: string): Promise<ClusterView[]> =>
  api.get<ClusterView[]>(`/companies/${encodeURIComponent(companyId)}/clusters`);

export const ownedClustersQueryOptions = (companyId: string) =>
  queryOptions({
    queryKey: clusterKeys.owned(companyId),
    queryFn: () => listOwnedClusters(companyId),
    refetchInterval: 30_000,
  });

export const useOwnedClusters = (companyId: string | null) =>
  useQuery({ ...ownedClustersQueryOptions(companyId ?? ''), enabled: !!companyId });
