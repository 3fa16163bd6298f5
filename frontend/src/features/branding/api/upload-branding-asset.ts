import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { BrandingAssetKind, BrandingDto } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { brandingKeys } from './branding-keys';
import { brandingPath } from './get-branding';

export const uploadBrandingAsset = ({
  companyId,
  kind,
  file,
}: {
  companyId: string | null;
  kind: BrandingAssetKind;
  file: File;
}) =>
  api.upload<BrandingDto>(`${brandingPath(companyId)}/assets/${kind}`, file, {
    method: 'PUT',
  });

export function useUploadBrandingAsset() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: uploadBrandingAsset,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: brandingKeys.all }),
  });
}
