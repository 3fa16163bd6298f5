import { createContext, useContext, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { EffectiveBranding } from '@multpanel/contracts/branding';

/** The branding in force (set by the branding feature's provider); null until it has loaded. */
const BrandingContext = createContext<EffectiveBranding | null>(null);

export function BrandingInfoProvider({
  value,
  children,
}: {
  value: EffectiveBranding | null;
  children: ReactNode;
}) {
  return <BrandingContext.Provider value={value}>{children}</BrandingContext.Provider>;
}

export const useBranding = (): EffectiveBranding | null => useContext(BrandingContext);

/** The product name to show: the branding's, else the platform's own. */
export function useProductName(): string {
  const { t } = useTranslation();
  return useContext(BrandingContext)?.productName ?? t('app.name');
}

/** The logo for the colour mode (the light one when there is no dark one), or null. */
export function useLogo(mode: 'light' | 'dark'): string | null {
  const assets = useContext(BrandingContext)?.assets;
  return (mode === 'dark' ? assets?.['logo-dark'] : null) ?? assets?.['logo-light'] ?? null;
}
