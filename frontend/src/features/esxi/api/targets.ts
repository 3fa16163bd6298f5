import { useQuery } from '@tanstack/react-query';
import type {
  ClusterNodeView,
  ClusterStorageView,
  ClusterView,
  IpRangeView,
} from '@multpanel/contracts';
import { api, type Paged } from '@/lib/api-client';
import { esxiKeys } from './esxi-keys';

// Where an import lands: clusters, their nodes and storages (from the last inventory sync), and
// the company's IPAM ranges.

export const useTargetClusters = () =>
  useQuery({
    queryKey: ['esxi', 'clusters'] as const,
    queryFn: () => api.get<ClusterView[]>('/clusters'),
    staleTime: 60_000,
  });

export const useTargetNodes = (clusterId: string) =>
  useQuery({
    queryKey: esxiKeys.nodes(clusterId),
    queryFn: () => api.get<ClusterNodeView[]>(`/clusters/${encodeURIComponent(clusterId)}/nodes`),
    enabled: !!clusterId,
  });

export const useTargetStorages = (clusterId: string) =>
  useQuery({
    queryKey: esxiKeys.storages(clusterId),
    queryFn: () =>
      api.get<ClusterStorageView[]>(`/clusters/${encodeURIComponent(clusterId)}/storages`),
    enabled: !!clusterId,
  });

export const useTargetRanges = (companyId: string) =>
  useQuery({
    queryKey: esxiKeys.ranges(companyId),
    queryFn: async () =>
      (
        await api.get<Paged<IpRangeView>>('/ipam/ranges', {
          query: { companyId, page: 1, pageSize: 200 },
        })
      ).items,
    enabled: !!companyId,
  });
