import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { IpAddressView } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { ipamKeys } from './ipam-keys';

export const releaseAddress = ({
  id,
  immediate,
}: {
  id: string;
  immediate?: boolean;
}): Promise<IpAddressView> =>
  api.post<IpAddressView>(`/ipam/addresses/${encodeURIComponent(id)}/release`, {
    ...(immediate ? { immediate: true } : {}),
  });

export function useReleaseAddress() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: releaseAddress,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ipamKeys.all }),
  });
}
