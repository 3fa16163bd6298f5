import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { BrandingDto } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { brandingKeys } from './branding-keys';

export const setBrandingHosts = ({ companyId, hosts }: { companyId: string; hosts: string[] }) =>
  api.put<BrandingDto>(`/companies/${encodeURIComponent(companyId)}/branding/hosts`, { hosts });

export function useSetBrandingHosts() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: setBrandingHosts,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: brandingKeys.all }),
  });
}
