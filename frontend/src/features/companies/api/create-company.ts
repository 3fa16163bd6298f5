import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { CompanyView, CreateCompanyInput } from '@multpanel/contracts';
import { companyKeys } from '@/lib/queries/companies';

export const createCompany = (input: CreateCompanyInput): Promise<CompanyView> =>
  api.post<CompanyView>('/companies', input);

export function useCreateCompany() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createCompany,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: companyKeys.all }),
  });
}
