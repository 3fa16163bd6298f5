import type { LeftoverRetried, LeftoversOverview, UnlockResult } from '@multpanel/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

export const leftoverKeys = { all: ['system-leftovers'] as const };

export const getLeftovers = () => api.get<LeftoversOverview>('/leftovers');
export const unlockGuest = (guestId: string) =>
  api.post<UnlockResult>(`/leftovers/locks/${guestId}/unlock`, {});
export const retryLeftover = (l: { clusterId: string; vmid: number }) =>
  api.post<LeftoverRetried>(`/leftovers/removals/${l.clusterId}/${l.vmid}/retry`, {});

/** Every read asks the nodes which tasks run; half a minute's poll is enough for a clean-up page. */
export const useLeftovers = () =>
  useQuery({ queryKey: leftoverKeys.all, queryFn: getLeftovers, refetchInterval: 30_000 });

function useLeftoverMutation<I, O>(fn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: leftoverKeys.all }),
  });
}

export const useUnlockGuest = () => useLeftoverMutation(unlockGuest);
export const useRetryLeftover = () => useLeftoverMutation(retryLeftover);
