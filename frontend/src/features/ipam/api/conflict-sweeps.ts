import {
  keepPreviousData,
  useMutation,
  useQueries,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type {
  IpamConflictPage,
  IpamConflictsQuery,
  IpamSweepAccepted,
  IpamSweepDto,
} from '@multpanel/contracts';
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

/**
 * The latest sweeps' findings, filtered and paged on the server (cluster.manage). `version` (the
 * latest sweeps' ids and states) refetches them when a sweep ends.
 */
export const useConflicts = (params: IpamConflictsQuery, version: string, enabled: boolean) =>
  useQuery({
    queryKey: ipamKeys.conflicts({ ...params, version }),
    queryFn: () =>
      api.get<IpamConflictPage>(
        `/ipam/conflicts?${new URLSearchParams(
          Object.entries(params).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])),
        ).toString()}`,
      ),
    enabled,
    placeholderData: keepPreviousData,
  });
