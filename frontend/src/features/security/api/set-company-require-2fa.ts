import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CompanyTwoFactorInput, CompanyView } from '@multpanel/contracts';
import { companyKeys } from '@/lib/queries/companies';
import { api } from '@/lib/api-client';

/** A company admin's own switch; needs only `company.require_2fa`, not general company edit rights. */
export const setCompanyRequire2fa = ({ id, ...input }: { id: string } & CompanyTwoFactorInput) =>
  api.put<CompanyView>(`/companies/${encodeURIComponent(id)}/require-2fa`, input);

export function useSetCompanyRequire2fa() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: setCompanyRequire2fa,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: companyKeys.all }),
  });
}
