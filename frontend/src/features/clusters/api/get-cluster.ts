import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import {
  clusterKeys,
  type ClusterCephStatus,
  type ClusterHealthPoint,
  type ClusterNodeLiveView,
  type ClusterNodesLive,
  type ClusterNodeView,
  type ClusterStorageView,
  type ClusterView,
} from './types';

/**
 * A node as listed; `cpu` (0..1), `memBytes` and `uptimeSec` are its current load when read live
 * (operators). The stored inventory keeps capacity only, so these stay null otherwise.
 */
export type ClusterNode = ClusterNodeView &
  Partial<Pick<ClusterNodeLiveView, 'cpu' | 'memBytes' | 'diskBytes' | 'uptimeSec'>>;

/**
 * The nodes on the cluster page. `live: true`: read from Proxmox now; `false`: Proxmox did not
 * answer and these are the last known rows (`error` says why); `null`: the stored inventory only
 * (people who may read clusters but not operate them, e.g. salespeople).
 */
export interface ClusterNodes {
  nodes: ClusterNode[];
  live: boolean | null;
  error: string | null;
  readAt: string | null;
}

// Live health arrives over the WebSocket; the slow poll only covers a dropped socket.
export const useCluster = (id: string) =>
  useQuery({
    queryKey: clusterKeys.detail(id),
    queryFn: () => api.get<ClusterView>(`/clusters/${id}`),
    refetchInterval: 30_000,
  });

const nodesFetcher = (id: string, live: boolean) => async (): Promise<ClusterNodes> => {
  if (live) return api.get<ClusterNodesLive>(`/clusters/${id}/nodes/live`);
  const nodes = await api.get<ClusterNodeView[]>(`/clusters/${id}/nodes`);
  return { nodes, live: null, error: null, readAt: null };
};

/** `live` (super_admin): CPU, memory and uptime read from Proxmox, refreshed every 15 s. */
export const useClusterNodes = (id: string, live: boolean) =>
  useQuery({
    queryKey: [...clusterKeys.detail(id), live ? 'nodes-live' : 'nodes'],
    queryFn: nodesFetcher(id, live),
    refetchInterval: live ? 15_000 : 60_000,
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
    queryFn: () => api.get<ClusterCephStatus>(`/clusters/${id}/ceph`),
    retry: false,
  });
