import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateVlanPoolInput, VlanPoolView } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { ipamKeys } from './ipam-keys';

export const createVlanPool = (clusterId: string, input: CreateVlanPoolInput) =>
  api.post<VlanPoolView>(`/ipam/clusters/${encodeURIComponent(clusterId)}/vlan-pools`, input);

export function useCreateVlanPool(clusterId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateVlanPoolInput) => createVlanPool(clusterId, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ipamKeys.all }),
  });
}
