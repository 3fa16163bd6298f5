import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { CompanyView } from '@multpanel/contracts';
import { companyKeys } from '@/lib/queries/companies';

/** Replaces the set of salespeople assigned to the company. */
export const setSalespeople = ({ id, userIds }: { id: string; userIds: string[] }) =>
  api.put<CompanyView>(`/companies/${encodeURIComponent(id)}/salespeople`, { userIds });

export function useSetSalespeople() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: setSalespeople,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: companyKeys.all }),
  });
}
