import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { CompanyView, UpdateCompanyInput } from '@multpanel/contracts';
import { companyKeys } from '@/lib/queries/companies';

export const updateCompany = ({ id, input }: { id: string; input: UpdateCompanyInput }) =>
  api.patch<CompanyView>(`/companies/${encodeURIComponent(id)}`, input);

export function useUpdateCompany() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateCompany,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: companyKeys.all }),
  });
}
