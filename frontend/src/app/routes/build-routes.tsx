import { lazy, Suspense, type ReactNode } from 'react';
import type { RouteObject } from 'react-router-dom';
import { LoadingScreen } from '@/components/loading-screen';
import { NotFound } from '@/components/not-found';
import { RouteError } from '@/components/route-error';
import { authRoutes } from '@/features/auth/routes';
import type { FeatureModule } from '@/lib/feature-module';
import { collectSlots } from '@/lib/slots';
import { consoleFeatures, mobileFeatures } from './features';
import { MobileRedirect } from './mobile-redirect';
import { RequireAuth } from './require-auth';

// Each shell is its own chunk: /mobile never loads the console's drawer and navigation, and the
// sign-in page loads neither.
const ConsoleLayout = lazy(() =>
  import('../layouts/console-layout').then((m) => ({ default: m.ConsoleLayout })),
);
const MobileLayout = lazy(() =>
  import('../layouts/mobile-layout').then((m) => ({ default: m.MobileLayout })),
);
const shell = (layout: ReactNode) => (
  <RequireAuth>
    <Suspense fallback={<LoadingScreen fullPage />}>{layout}</Suspense>
  </RequireAuth>
);

/** Every feature route gets its own error boundary, so one broken page leaves the shell usable. */
const withBoundaries = (routes: RouteObject[]): RouteObject[] =>
  routes.map(
    (route) =>
      ({
        ...route,
        errorElement: route.errorElement ?? <RouteError />,
        children: route.children ? withBoundaries(route.children) : undefined,
      }) as RouteObject,
  );

const collect = (features: FeatureModule[]) => ({
  routes: withBoundaries(features.flatMap((f) => f.routes)),
  nav: features.flatMap((f) => f.nav ?? []),
  slots: collectSlots(features),
});

export function buildRoutes(
  console: FeatureModule[] = consoleFeatures,
  mobile: FeatureModule[] = mobileFeatures,
): RouteObject[] {
  const consoleParts = collect(console);
  const mobileParts = collect(mobile);
  return [
    {
      element: <MobileRedirect />,
      errorElement: <RouteError />,
      hydrateFallbackElement: <LoadingScreen fullPage />,
      children: [
        ...withBoundaries(authRoutes),
        {
          path: 'mobile',
          element: shell(<MobileLayout navItems={mobileParts.nav} slots={mobileParts.slots} />),
          children: [...mobileParts.routes, { path: '*', element: <NotFound /> }],
        },
        {
          path: '/',
          element: shell(<ConsoleLayout navItems={consoleParts.nav} slots={consoleParts.slots} />),
          children: [...consoleParts.routes, { path: '*', element: <NotFound /> }],
        },
      ],
    },
  ];
}
