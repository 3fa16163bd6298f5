import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { CompanyStatus, CompanyView } from '@multpanel/contracts';
import { companyKeys } from '@/lib/queries/companies';

/** Suspending blocks the company's logins and API keys; resuming restores them. */
export const setCompanyStatus = ({ id, status }: { id: string; status: CompanyStatus }) =>
  api.post<CompanyView>(
    `/companies/${encodeURIComponent(id)}/${status === 'suspended' ? 'suspend' : 'resume'}`,
  );

export function useSetCompanyStatus() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: setCompanyStatus,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: companyKeys.all }),
  });
}
