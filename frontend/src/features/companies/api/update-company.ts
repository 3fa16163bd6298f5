import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { companyKeys, type Company, type CompanyInput } from './types';

export const updateCompany = ({ id, input }: { id: string; input: Partial<CompanyInput> }) =>
  api.patch<Company>(`/companies/${encodeURIComponent(id)}`, input);

export function useUpdateCompany() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateCompany,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: companyKeys.all }),
  });
}
