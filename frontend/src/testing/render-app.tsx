import { CacheProvider } from '@emotion/react';
import { render } from '@testing-library/react';
import type { ReactElement, ReactNode } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { AppProvider } from '@/app/provider';
import { buildRoutes } from '@/app/routes/build-routes';
import type { FeatureModule } from '@/lib/feature-module';
import { createQueryClient } from '@/lib/query-client';
import { sessionStore, type SessionPayload } from '@/lib/session-store';
import { testStyleCache } from './test-styles';

/** Each render's own emotion cache (test-styles.ts). */
function styleScope() {
  const cache = testStyleCache();
  return function StyleScope({ children }: { children: ReactNode }) {
    return <CacheProvider value={cache}>{children}</CacheProvider>;
  };
}

/** Renders the whole app (real routes, providers, API client) at a path; the network is faked. */
export function renderApp(
  path: string,
  options: { session?: SessionPayload; consoleFeatures?: FeatureModule[] } = {},
) {
  if (options.session) sessionStore.setSession(options.session);
  const router = createMemoryRouter(buildRoutes(options.consoleFeatures), {
    initialEntries: [path],
  });
  const queryClient = createQueryClient();
  queryClient.setDefaultOptions({
    queries: { retry: false, staleTime: Infinity },
    mutations: { retry: false },
  });
  const utils = render(
    <AppProvider queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProvider>,
    { wrapper: styleScope() },
  );
  return { ...utils, router, queryClient };
}

/** Renders one component inside the providers and a router (for components that use links). */
export function renderWithProviders(ui: ReactElement, { path = '/' }: { path?: string } = {}) {
  const router = createMemoryRouter([{ path: '*', element: ui }], { initialEntries: [path] });
  const queryClient = createQueryClient();
  queryClient.setDefaultOptions({ queries: { retry: false }, mutations: { retry: false } });
  return {
    ...render(
      <AppProvider queryClient={queryClient}>
        <RouterProvider router={router} />
      </AppProvider>,
      { wrapper: styleScope() },
    ),
    router,
  };
}
