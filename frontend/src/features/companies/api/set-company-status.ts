import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { companyKeys, type Company, type CompanyStatus } from './types';

/** Suspending blocks the company's logins and API keys; resuming restores them. */
export const setCompanyStatus = ({ id, status }: { id: string; status: CompanyStatus }) =>
  api.post<Company>(
    `/companies/${encodeURIComponent(id)}/${status === 'suspended' ? 'suspend' : 'resume'}`,
  );

export function useSetCompanyStatus() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: setCompanyStatus,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: companyKeys.all }),
  });
}
