import { lazy, Suspense, type ReactNode } from 'react';
import type { RouteObject } from 'react-router-dom';
import { LoadingScreen } from '@/components/loading-screen';
import { NotFound } from '@/components/not-found';
import { RouteError } from '@/components/route-error';
import type { FeatureModule } from '@/lib/feature-module';
import { collectSlots } from '@/lib/slots';
import { RequireAuth } from './require-auth';

// Each shell is its own chunk: /mobile never loads the console's drawer and navigation, and the
// sign-in page loads neither.
export const ConsoleLayout = lazy(() =>
  import('../layouts/console-layout').then((m) => ({ default: m.ConsoleLayout })),
);
const MobileLayout = lazy(() =>
  import('../layouts/mobile-layout').then((m) => ({ default: m.MobileLayout })),
);
export const shell = (layout: ReactNode) => (
  <RequireAuth>
    <Suspense fallback={<LoadingScreen fullPage />}>{layout}</Suspense>
  </RequireAuth>
);

/** Every feature route gets its own error boundary, so one broken page leaves the shell usable. */
export const withBoundaries = (routes: RouteObject[]): RouteObject[] =>
  routes.map(
    (route) =>
      ({
        ...route,
        errorElement: route.errorElement ?? <RouteError />,
        children: route.children ? withBoundaries(route.children) : undefined,
      }) as RouteObject,
  );

export const collect = (features: FeatureModule[]) => ({
  routes: withBoundaries(features.flatMap((f) => f.routes)),
  nav: features.flatMap((f) => f.nav ?? []),
  slots: collectSlots(features),
});

/** The /mobile subtree: the phone shell with the phone features' routes. */
export function mobileRoute(mobile: FeatureModule[]): RouteObject {
  const parts = collect(mobile);
  return {
    path: 'mobile',
    element: shell(<MobileLayout navItems={parts.nav} slots={parts.slots} />),
    children: [...parts.routes, { path: '*', element: <NotFound /> }],
  };
}
