import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { BrandingDto, BrandingUpdateInput } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { brandingKeys } from './branding-keys';
import { brandingPath } from './get-branding';

export const updateBranding = ({
  companyId,
  input,
}: {
  companyId: string | null;
  input: BrandingUpdateInput;
}) => api.put<BrandingDto>(brandingPath(companyId), input);

/** Changes show at once: the settings and the branding in force are refetched. */
export function useUpdateBranding() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateBranding,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: brandingKeys.all }),
  });
}
