import {
  keepPreviousData,
  queryOptions,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type {
  ClusterView,
  CreateDrPairInput,
  DrFailbackAccepted,
  DrFailoverAccepted,
  DrPairDetail,
  DrPairDto,
  DrPairPage,
  DrSyncAccepted,
  UpdateDrPairInput,
  VmPage,
} from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { backupKeys } from './keys';

// DR pairs: list, one with its guests, create, update (on/off), delete, sync now, fail over/back.

export interface ListDrPairsParams {
  page: number;
  pageSize: number;
}

const path = (id: string) => `/dr-pairs/${encodeURIComponent(id)}`;

export const listDrPairs = (params: ListDrPairsParams): Promise<DrPairPage> =>
  api.get<DrPairPage>('/dr-pairs', { query: { ...params } });

export const listDrPairsQueryOptions = (params: ListDrPairsParams) =>
  queryOptions({
    queryKey: backupKeys.drPairs(params),
    queryFn: () => listDrPairs(params),
    placeholderData: keepPreviousData,
  });

export const useDrPairs = (params: ListDrPairsParams) => useQuery(listDrPairsQueryOptions(params));

export const useDrPair = (id: string) =>
  useQuery({
    queryKey: backupKeys.drPair(id),
    queryFn: () => api.get<DrPairDetail>(path(id)),
    // recovery points move while syncs run
    refetchInterval: 5_000,
  });

export interface DrClusterOption {
  id: string;
  name: string;
}

/**
 * Clusters a pair may use: those the company's guests are on, plus every cluster the caller may
 * read (staff); a company admin without cluster.read sees its guests' clusters only.
 */
export const useDrClusterOptions = (companyId: string) =>
  useQuery({
    queryKey: backupKeys.drClusters(companyId),
    enabled: !!companyId,
    staleTime: 60_000,
    queryFn: async (): Promise<DrClusterOption[]> => {
      const found = new Map<string, string>();
      const vms = await api.get<VmPage>('/vms', { query: { companyId, page: 1, pageSize: 500 } });
      for (const v of vms.items) found.set(v.clusterId, v.clusterName);
      try {
        for (const c of await api.get<ClusterView[]>('/clusters')) found.set(c.id, c.name);
      } catch {
        // no cluster.read: the guests' clusters are all this caller knows
      }
      return [...found]
        .map(([id, name]) => ({ id, name }))
        .sort((a, b) => a.name.localeCompare(b.name));
    },
  });

function useInvalidating<A, R>(fn: (a: A) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: backupKeys.all }),
  });
}

export const useCreateDrPair = () =>
  useInvalidating((input: CreateDrPairInput) => api.post<DrPairDto>('/dr-pairs', input));

export const useUpdateDrPair = () =>
  useInvalidating(({ id, input }: { id: string; input: UpdateDrPairInput }) =>
    api.patch<DrPairDto>(path(id), input),
  );

export const useDeleteDrPair = () =>
  useInvalidating((id: string): Promise<void> => api.delete(path(id)));

export const useSyncDrPair = () =>
  useInvalidating((id: string) => api.post<DrSyncAccepted>(`${path(id)}/sync`));

/** `force`: start the standby even if the source guest cannot be stopped (both may run). */
export const useFailoverDrGuest = () =>
  useInvalidating(({ id, guestId, force }: { id: string; guestId: string; force: boolean }) =>
    api.post<DrFailoverAccepted>(`${path(id)}/guests/${encodeURIComponent(guestId)}/failover`, {
      confirm: true,
      force,
    }),
  );

export const useFailbackDrGuest = () =>
  useInvalidating(({ id, guestId }: { id: string; guestId: string }) =>
    api.post<DrFailbackAccepted>(`${path(id)}/guests/${encodeURIComponent(guestId)}/failback`, {
      confirm: true,
    }),
  );
