import { useQuery } from '@tanstack/react-query';
import type { ClusterHealthPoint, ClusterNodeView, ClusterStorageView } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { clusterKeys, type ClusterView } from './types';

export const useCluster = (id: string) =>
  useQuery({
    queryKey: clusterKeys.detail(id),
    queryFn: () => api.get<ClusterView>(`/clusters/${id}`),
    refetchInterval: 10_000,
  });

export const useClusterNodes = (id: string) =>
  useQuery({
    queryKey: [...clusterKeys.detail(id), 'nodes'],
    queryFn: () => api.get<ClusterNodeView[]>(`/clusters/${id}/nodes`),
  });

export const useClusterStorages = (id: string) =>
  useQuery({
    queryKey: [...clusterKeys.detail(id), 'storages'],
    queryFn: () => api.get<ClusterStorageView[]>(`/clusters/${id}/storages`),
  });

export const useClusterHealthHistory = (id: string) =>
  useQuery({
    queryKey: [...clusterKeys.detail(id), 'health'],
    queryFn: () => api.get<ClusterHealthPoint[]>(`/clusters/${id}/health`),
    refetchInterval: 30_000,
  });

/** Live Ceph status; 404 when the cluster has no Ceph, which the page shows as "not set up". */
export const useClusterCeph = (id: string) =>
  useQuery({
    queryKey: [...clusterKeys.detail(id), 'ceph'],
    queryFn: () => api.get<{ health: string | null }>(`/clusters/${id}/ceph`),
    retry: false,
  });
