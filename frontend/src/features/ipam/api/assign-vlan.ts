import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AssignVlanInput, VlanAssignmentView } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { ipamKeys } from './ipam-keys';

export const assignVlan = (companyId: string, input: AssignVlanInput) =>
  api.post<VlanAssignmentView>(`/ipam/companies/${encodeURIComponent(companyId)}/vlans`, input);

export function useAssignVlan(companyId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: AssignVlanInput) => assignVlan(companyId, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ipamKeys.all }),
  });
}
