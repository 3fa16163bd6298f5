import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { BrandingProvider } from '@/features/branding/components/branding-provider';
import { i18n } from '@/i18n/setup';
import { hasSessionHint, refreshSession } from '@/lib/api-client';
import { createQueryClient } from '@/lib/query-client';
import { sessionStore } from '@/lib/session-store';

/**
 * On boot the refresh cookie (if any) is exchanged for a session, so a reload keeps you signed in.
 * Without the session hint cookie there is nothing to restore: no probe, no 401 in the console.
 */
function SessionBootstrap({ children }: { children: ReactNode }) {
  useEffect(() => {
    if (sessionStore.getState().status !== 'unknown') return;
    if (!hasSessionHint()) {
      sessionStore.clear();
      return;
    }
    void refreshSession().then((payload) => {
      if (!payload && sessionStore.getState().status === 'unknown') sessionStore.clear();
    });
  }, []);
  return children;
}

export function AppProvider({
  children,
  queryClient,
}: {
  children: ReactNode;
  queryClient?: QueryClient;
}) {
  const [client] = useState(() => queryClient ?? createQueryClient());
  return (
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={client}>
        <BrandingProvider>
          <SessionBootstrap>{children}</SessionBootstrap>
        </BrandingProvider>
      </QueryClientProvider>
    </I18nextProvider>
  );
}
