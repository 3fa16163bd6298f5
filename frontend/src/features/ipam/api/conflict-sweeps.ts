import { useMutation, useQueries, useQueryClient } from '@tanstack/react-query';
import type { IpamSweepAccepted, IpamSweepDto } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { ApiError } from '@/lib/api-error';
import { ipamKeys } from './ipam-keys';

const sweepsUrl = (clusterId: string) =>
  `/ipam/clusters/${encodeURIComponent(clusterId)}/conflict-sweeps`;

/** A cluster's latest conflict sweep, or null before its first. */
export const getLatestSweep = async (clusterId: string): Promise<IpamSweepDto | null> => {
  try {
    return await api.get<IpamSweepDto>(`${sweepsUrl(clusterId)}/latest`);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
};

/** The latest sweep of each cluster (staff: cluster.manage); a running one is polled. */
export const useLatestSweeps = (clusterIds: string[], enabled: boolean) =>
  useQueries({
    queries: clusterIds.map((id) => ({
      queryKey: ipamKeys.latestSweep(id),
      queryFn: () => getLatestSweep(id),
      enabled,
      refetchInterval: (q: { state: { data?: IpamSweepDto | null } }) =>
        q.state.data?.status === 'running' ? 3000 : false,
    })),
  });

export function useStartSweep() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (clusterId: string) => api.post<IpamSweepAccepted>(sweepsUrl(clusterId)),
    onSuccess: (_r, clusterId) =>
      queryClient.invalidateQueries({ queryKey: ipamKeys.latestSweep(clusterId) }),
  });
}
