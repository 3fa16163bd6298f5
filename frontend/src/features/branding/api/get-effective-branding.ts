import { useQuery } from '@tanstack/react-query';
import type { EffectiveBranding } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { brandingKeys } from './branding-keys';

/** Signed out: this host's branding (public). Signed in: the user's company's over the MSP's. */
export const getEffectiveBranding = (signedIn: boolean): Promise<EffectiveBranding> =>
  signedIn
    ? api.get<EffectiveBranding>('/branding/mine')
    : api.get<EffectiveBranding>('/branding', { auth: false });

export const useEffectiveBranding = (signedIn: boolean) =>
  useQuery({
    queryKey: brandingKeys.effective(signedIn),
    queryFn: () => getEffectiveBranding(signedIn),
    staleTime: 5 * 60_000,
    retry: false,
  });
