import type {
  CreateFirewallChangeInput,
  FirewallChangeDto,
  FirewallPage,
  IpAddressView,
  JobDto,
} from '@multpanel/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { firewallKeys } from './list-firewalls';

// "Publish a port" from a guest page: the guest's IPAM addresses, the firewall of its company, and
// the change set (port forward) created, previewed and applied on that firewall.

export const usePublishTargets = (guestId: string) =>
  useQuery({
    queryKey: ['firewalls', 'publish-targets', guestId] as const,
    queryFn: async () => {
      const addresses = (
        await api.get<IpAddressView[]>(`/ipam/guests/${encodeURIComponent(guestId)}/addresses`)
      ).filter((a) => a.status !== 'free' && !a.address.includes(':'));
      const companyId = addresses.find((a) => a.companyId)?.companyId ?? null;
      const firewalls = await api.get<FirewallPage>('/firewalls', {
        query: { page: 1, pageSize: 50, ...(companyId ? { companyId } : {}) },
      });
      return {
        addresses,
        firewalls: firewalls.items.filter((f) => !companyId || f.companyId === companyId),
      };
    },
    retry: false,
  });

export const useCreateChange = (firewallId: string) =>
  useMutation({
    mutationFn: (body: CreateFirewallChangeInput) =>
      api.post<FirewallChangeDto>(`/firewalls/${encodeURIComponent(firewallId)}/changes`, body),
  });

/** POST …/apply: 202 with the tracked `firewalls.apply-change` job (follow it, then read the change). */
export const useApplyChange = (firewallId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (changeId: string) =>
      api.post<JobDto>(
        `/firewalls/${encodeURIComponent(firewallId)}/changes/${encodeURIComponent(changeId)}/apply`,
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: firewallKeys.changes(firewallId) }),
  });
};

/** One change set as it is now (after its apply job ended: applied, or failed with the reason). */
export const useChange = (firewallId: string, changeId: string | null, enabled: boolean) =>
  useQuery({
    queryKey: [...firewallKeys.changes(firewallId), changeId] as const,
    queryFn: () =>
      api.get<FirewallChangeDto>(
        `/firewalls/${encodeURIComponent(firewallId)}/changes/${encodeURIComponent(changeId ?? '')}`,
      ),
    enabled: enabled && !!changeId,
  });
