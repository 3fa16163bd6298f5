import type { RouteObject } from 'react-router-dom';
import { LoadingScreen } from '@/components/loading-screen';
import { NotFound } from '@/components/not-found';
import { RouteError } from '@/components/route-error';
import { authRoutes } from '@/features/auth/routes';
import type { FeatureModule } from '@/lib/feature-module';
import { consoleFeatures } from './features';
import { mobileFeatures } from './mobile-features';
import { MobileRedirect } from './mobile-redirect';
import { collect, ConsoleLayout, mobileRoute, shell, withBoundaries } from './route-parts';

/** The whole SPA (index.html): sign-in, /mobile and the staff console. */
export function buildRoutes(
  console: FeatureModule[] = consoleFeatures,
  mobile: FeatureModule[] = mobileFeatures,
): RouteObject[] {
  const consoleParts = collect(console);
  return [
    {
      element: <MobileRedirect />,
      errorElement: <RouteError />,
      hydrateFallbackElement: <LoadingScreen fullPage />,
      children: [
        ...withBoundaries(authRoutes),
        mobileRoute(mobile),
        {
          path: '/',
          element: shell(<ConsoleLayout navItems={consoleParts.nav} slots={consoleParts.slots} />),
          children: [...consoleParts.routes, { path: '*', element: <NotFound /> }],
        },
      ],
    },
  ];
}
