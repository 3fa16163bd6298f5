import { useQuery } from '@tanstack/react-query';
import type { IpAddressView, IpRangeView } from '@multpanel/contracts';
import { api, type Paged } from '@/lib/api-client';

// IPAM reads the create wizard needs: the ranges a company's NIC may take an address from, and the
// address a range would hand out next.

/** The company's own ranges and the shared pool, on the chosen cluster when there is one. */
export const useGuestRanges = (companyId: string, clusterId: string, enabled: boolean) =>
  useQuery({
    queryKey: ['ipam', 'ranges', 'wizard', companyId, clusterId] as const,
    queryFn: async (): Promise<IpRangeView[]> =>
      (
        await api.get<Paged<IpRangeView>>('/ipam/ranges', {
          query: { page: 1, pageSize: 200, ...(clusterId ? { clusterId } : {}) },
        })
      ).items.filter((r) => r.companyId === null || r.companyId === companyId),
    enabled: enabled && !!companyId,
    staleTime: 30_000,
  });

/** The first free address of a range: what a new guest NIC gets unless someone is quicker. */
export const useNextFreeAddress = (rangeId: string) =>
  useQuery({
    queryKey: ['ipam', 'addresses', rangeId, 'next-free'] as const,
    queryFn: async (): Promise<string | null> =>
      (
        await api.get<Paged<IpAddressView>>(
          `/ipam/ranges/${encodeURIComponent(rangeId)}/addresses`,
          { query: { page: 1, pageSize: 1, status: 'free' } },
        )
      ).items[0]?.address ?? null,
    enabled: !!rangeId,
  });
