import type { PlacementCluster, PlacementResources } from '@multpanel/contracts';
import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

export type { PlacementCluster, PlacementResources };

/** Clusters `companyId` may place guests on (the wizard's cluster picker; needs vm.create). */
export const listPlacementClusters = (companyId: string) =>
  api.get<PlacementCluster[]>('/vms/placement/clusters', { query: { companyId } });

export const usePlacementClusters = (companyId: string, enabled = true) =>
  useQuery({
    queryKey: ['vms', 'placement', 'clusters', companyId] as const,
    queryFn: () => listPlacementClusters(companyId),
    enabled: enabled && !!companyId,
    staleTime: 60_000,
  });

/** Nodes, guest storages and bridges of a cluster the company may use (read live from Proxmox). */
export const getPlacementResources = (clusterId: string, companyId?: string) =>
  api.get<PlacementResources>('/vms/placement/resources', {
    query: { clusterId, ...(companyId ? { companyId } : {}) },
  });

export const usePlacementResources = (clusterId: string, companyId: string, enabled = true) =>
  useQuery({
    queryKey: ['vms', 'placement', 'resources', clusterId, companyId] as const,
    queryFn: () => getPlacementResources(clusterId, companyId || undefined),
    enabled: enabled && !!clusterId,
    staleTime: 30_000,
    retry: false,
  });
