import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ChangeNicAddressInput, IpAddressView } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { vmKeys } from './types';

/**
 * PUT /api/vms/:id/nics/:nic/address (staff): move a NIC to another IPAM address — a chosen one or
 * the range's next free. Answers the guest's addresses; the old one is released (after the hold).
 */
export const changeNicAddress = ({
  id,
  nic,
  input,
}: {
  id: string;
  nic: number;
  input: ChangeNicAddressInput;
}) => api.put<IpAddressView[]>(`/vms/${encodeURIComponent(id)}/nics/${nic}/address`, input);

export function useChangeNicAddress() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: changeNicAddress,
    onSuccess: (addresses, { id }) => {
      queryClient.setQueryData(['ipam', 'guest-addresses', id], addresses);
      void queryClient.invalidateQueries({ queryKey: ['ipam'] });
      void queryClient.invalidateQueries({ queryKey: vmKeys.detail(id) });
    },
  });
}
