import type {
  FirewallChangeDto,
  FirewallDeploymentDto,
  FirewallDto,
  FirewallItemsDto,
} from '@multpanel/contracts';
import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { firewallKeys } from './list-firewalls';

export const useFirewall = (id: string) =>
  useQuery({
    queryKey: firewallKeys.one(id),
    queryFn: () => api.get<FirewallDto>(`/firewalls/${id}`),
  });

/** Read from the firewall itself (it is the source of truth). */
export const useFirewallItems = (id: string, kind: string) =>
  useQuery({
    queryKey: firewallKeys.items(id, kind),
    queryFn: () => api.get<FirewallItemsDto>(`/firewalls/${id}/items/${kind}`),
    retry: false,
  });

export const useFirewallChanges = (id: string) =>
  useQuery({
    queryKey: firewallKeys.changes(id),
    queryFn: () => api.get<FirewallChangeDto[]>(`/firewalls/${id}/changes`),
  });

/** Zero-touch deployments that produced this firewall, with each step's duration. */
export const useFirewallDeployments = (id: string) =>
  useQuery({
    queryKey: [...firewallKeys.one(id), 'deployments'],
    queryFn: () =>
      api.get<FirewallDeploymentDto[]>(
        `/firewalls/deployments?firewallId=${encodeURIComponent(id)}`,
      ),
  });
