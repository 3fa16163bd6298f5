import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { ipamKeys } from './ipam-keys';

export const unassignVlan = (companyId: string, id: string) =>
  api.delete(`/ipam/companies/${encodeURIComponent(companyId)}/vlans/${encodeURIComponent(id)}`);

export function useUnassignVlan(companyId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unassignVlan(companyId, id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ipamKeys.all }),
  });
}
