import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { ipamKeys } from './ipam-keys';

export const deleteVlanPool = (id: string) =>
  api.delete(`/ipam/vlan-pools/${encodeURIComponent(id)}`);

export function useDeleteVlanPool() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteVlanPool,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ipamKeys.all }),
  });
}
