import { useQuery } from '@tanstack/react-query';
import type { IpAddressView } from '@multpanel/contracts';
import { api } from '@/lib/api-client';

/** The guest's IPAM addresses, NIC by NIC (empty when none of its NICs took one from a range). */
export const useGuestAddresses = (guestId: string) =>
  useQuery({
    queryKey: ['ipam', 'guest-addresses', guestId] as const,
    queryFn: () =>
      api.get<IpAddressView[]>(`/ipam/guests/${encodeURIComponent(guestId)}/addresses`),
  });
