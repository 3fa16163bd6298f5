import type { FirewallChangeDto, FirewallTargetPage } from '@multpanel/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { firewallKeys } from './list-firewalls';

/** Guest picker: the company guests' IPAM addresses a port forward or 1:1 NAT may point at. */
export const useFirewallTargets = (firewallId: string, search: string) =>
  useQuery({
    queryKey: ['firewalls', 'targets', firewallId, search] as const,
    queryFn: () =>
      api.get<FirewallTargetPage>(`/firewalls/${encodeURIComponent(firewallId)}/targets`, {
        query: { page: 1, pageSize: 25, ...(search.trim() ? { search: search.trim() } : {}) },
      }),
    placeholderData: keepPreviousData,
    retry: false,
  });

/** POST …/revert: a pending change set that undoes an applied one (previewed, then applied). */
export const useRevertChange = (firewallId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (changeId: string) =>
      api.post<FirewallChangeDto>(
        `/firewalls/${encodeURIComponent(firewallId)}/changes/${encodeURIComponent(changeId)}/revert`,
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: firewallKeys.changes(firewallId) }),
  });
};
