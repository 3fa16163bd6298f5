import type { FirewallPage } from '@multpanel/contracts';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

export const firewallKeys = {
  all: ['firewalls'] as const,
  list: (q: { page: number; pageSize: number }) => ['firewalls', 'list', q] as const,
  one: (id: string) => ['firewalls', 'one', id] as const,
  items: (id: string, kind: string) => ['firewalls', 'items', id, kind] as const,
  changes: (id: string) => ['firewalls', 'changes', id] as const,
};

export const listFirewalls = (q: { page: number; pageSize: number }): Promise<FirewallPage> =>
  api.get<FirewallPage>(`/firewalls?page=${q.page}&pageSize=${q.pageSize}`);

export const firewallsQueryOptions = (q: { page: number; pageSize: number }) =>
  queryOptions({
    queryKey: firewallKeys.list(q),
    queryFn: () => listFirewalls(q),
    placeholderData: keepPreviousData,
  });

export const useFirewalls = (q: { page: number; pageSize: number }) =>
  useQuery(firewallsQueryOptions(q));
