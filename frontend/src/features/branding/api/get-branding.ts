import { useQuery } from '@tanstack/react-query';
import type { BrandingDto } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { brandingKeys } from './branding-keys';

/** null: the MSP's own branding. */
export const brandingPath = (companyId: string | null) =>
  companyId ? `/companies/${encodeURIComponent(companyId)}/branding` : '/branding/platform';

export const getBranding = (companyId: string | null): Promise<BrandingDto> =>
  api.get<BrandingDto>(brandingPath(companyId));

export const useBrandingSettings = (companyId: string | null) =>
  useQuery({ queryKey: brandingKeys.settings(companyId), queryFn: () => getBranding(companyId) });
