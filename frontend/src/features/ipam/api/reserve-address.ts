import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { IpAddressView, ReserveIpInput } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { ipamKeys } from './ipam-keys';

export const reserveAddress = ({
  rangeId,
  input,
}: {
  rangeId: string;
  input: ReserveIpInput;
}): Promise<IpAddressView> =>
  api.post<IpAddressView>(`/ipam/ranges/${encodeURIComponent(rangeId)}/reservations`, input);

export function useReserveAddress() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: reserveAddress,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ipamKeys.all }),
  });
}
