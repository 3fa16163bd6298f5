import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import {
  clusterKeys,
  type ClusterHealthPoint,
  type ClusterNodeView,
  type ClusterStorageView,
  type ClusterView,
} from './types';

/**
 * A node as listed; `cpu` (0..1) and `memBytes` are the current load when the API reports it
 * (the inventory keeps capacity; load fields are optional so the page works either way).
 */
export type ClusterNode = ClusterNodeView & { cpu?: number | null; memBytes?: number | null };

// Live health arrives over the WebSocket; the slow poll only covers a dropped socket.
export const useCluster = (id: string) =>
  useQuery({
    queryKey: clusterKeys.detail(id),
    queryFn: () => api.get<ClusterView>(`/clusters/${id}`),
    refetchInterval: 30_000,
  });

export const useClusterNodes = (id: string) =>
  useQuery({
    queryKey: [...clusterKeys.detail(id), 'nodes'],
    queryFn: () => api.get<ClusterNode[]>(`/clusters/${id}/nodes`),
    refetchInterval: 60_000,
  });

export const useClusterStorages = (id: string) =>
  useQuery({
    queryKey: [...clusterKeys.detail(id), 'storages'],
    queryFn: () => api.get<ClusterStorageView[]>(`/clusters/${id}/storages`),
    refetchInterval: 60_000,
  });

export const useClusterHealthHistory = (id: string) =>
  useQuery({
    queryKey: clusterKeys.history(id),
    queryFn: () => api.get<ClusterHealthPoint[]>(`/clusters/${id}/health`),
    refetchInterval: 60_000,
  });

/** Live Ceph status; 404 when the cluster has no Ceph, which the page shows as "not set up". */
export const useClusterCeph = (id: string) =>
  useQuery({
    queryKey: [...clusterKeys.detail(id), 'ceph'],
    queryFn: () => api.get<{ health: string | null }>(`/clusters/${id}/ceph`),
    retry: false,
  });
