import type { UserView, VmGrantEntry } from '@multpanel/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Paged } from '@/lib/api-client';
import type { VmGrantsInput } from './types';

export type { VmGrantEntry };

const grantKeys = {
  vm: (id: string) => ['vms', 'grants', id] as const,
  candidates: (companyId: string) => ['vms', 'grant-candidates', companyId] as const,
};

export const useVmGrants = (vmId: string, enabled: boolean) =>
  useQuery({
    queryKey: grantKeys.vm(vmId),
    queryFn: () => api.get<VmGrantEntry[]>(`/vms/${encodeURIComponent(vmId)}/grants`),
    enabled,
  });

/** Users of the guest's company with role `user`: the only ones per-VM grants apply to. */
export const useGrantCandidates = (companyId: string | null, enabled: boolean) =>
  useQuery({
    queryKey: grantKeys.candidates(companyId ?? ''),
    queryFn: async () =>
      (
        await api.get<Paged<UserView>>('/users', {
          query: { page: 1, pageSize: 100, role: 'user', companyId: companyId ?? undefined },
        })
      ).items.filter((u) => u.role === 'user'),
    enabled: enabled && !!companyId,
    staleTime: 60_000,
  });

export function useSetVmGrants(vmId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (grants: VmGrantsInput) =>
      api.put<VmGrantEntry[]>(`/vms/${encodeURIComponent(vmId)}/grants`, grants),
    onSuccess: (answer) => queryClient.setQueryData(grantKeys.vm(vmId), answer),
  });
}
