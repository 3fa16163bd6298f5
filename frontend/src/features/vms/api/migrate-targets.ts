import type { ClusterNodeView } from '@multpanel/contracts';
import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

/**
 * The nodes of a guest's cluster for the migrate dialog, from the inventory (needs cluster.read:
 * staff). Others type the node name; the API checks it exists and is online either way.
 */
export const useMigrateTargets = (clusterId: string, enabled: boolean) =>
  useQuery({
    queryKey: ['vms', 'migrate-targets', clusterId] as const,
    queryFn: () => api.get<ClusterNodeView[]>(`/clusters/${encodeURIComponent(clusterId)}/nodes`),
    enabled,
    staleTime: 30_000,
  });
