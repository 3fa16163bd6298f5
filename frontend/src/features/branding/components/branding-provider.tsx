import { useEffect, type ReactNode } from 'react';
import { BrandingInfoProvider } from '@/lib/branding';
import { useSession } from '@/lib/session-store';
import { ColorModeProvider } from '@/theme/color-mode';
import { useEffectiveBranding } from '../api/get-effective-branding';

/**
 * Applies the branding in force: MUI theme colours (no page writes colours itself), the product
 * name and logos (through `lib/branding`), the favicon and the document title.
 */
export function BrandingProvider({ children }: { children: ReactNode }) {
  const signedIn = useSession().status === 'authenticated';
  const branding = useEffectiveBranding(signedIn).data ?? null;
  const favicon = branding?.assets.favicon ?? null;
  const name = branding?.productName ?? null;

  useEffect(() => {
    if (!favicon) return;
    let link = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
    if (!link) {
      link = document.createElement('link');
      link.rel = 'icon';
      document.head.appendChild(link);
    }
    link.href = favicon;
  }, [favicon]);
  useEffect(() => {
    if (name) document.title = name;
  }, [name]);

  return (
    <BrandingInfoProvider value={branding}>
      <ColorModeProvider
        colors={{ primary: branding?.primaryColor, secondary: branding?.secondaryColor }}
      >
        {children}
      </ColorModeProvider>
    </BrandingInfoProvider>
  );
}
