import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AllocateIpInput, IpAddressView } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { ipamKeys } from './ipam-keys';

export const allocateAddress = ({
  rangeId,
  input,
}: {
  rangeId: string;
  input: AllocateIpInput;
}): Promise<IpAddressView> =>
  api.post<IpAddressView>(`/ipam/ranges/${encodeURIComponent(rangeId)}/allocations`, input);

export function useAllocateAddress() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: allocateAddress,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ipamKeys.all }),
  });
}
