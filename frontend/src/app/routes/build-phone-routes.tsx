import { useEffect } from 'react';
import { Navigate, useLocation, type RouteObject } from 'react-router-dom';
import { LoadingScreen } from '@/components/loading-screen';
import { RouteError } from '@/components/route-error';
import { loadPhoneScreenLabels } from '@/i18n/phone-resources';
import type { FeatureModule } from '@/lib/feature-module';
import { mobileFeatures } from './mobile-features';
import { mobileRoute } from './route-parts';

/**
 * Paths outside /mobile (sign-in, "Switch to full console", the staff console) belong to the whole
 * SPA: the browser loads them from the server, which answers them with index.html.
 */
export function FullAppLoad({
  load = (url: string) => window.location.replace(url),
}: {
  load?: (url: string) => void;
}) {
  const { pathname, search, hash } = useLocation();
  useEffect(() => {
    load(`${pathname}${search}${hash}`);
  }, [load, pathname, search, hash]);
  return <LoadingScreen fullPage />;
}

/**
 * Every phone screen but home loads the phone features' labels with its code (the entry boots with
 * the home screen's only: i18n/phone-resources.ts); slots render inside those screens.
 */
export function withScreenLabels(
  routes: RouteObject[],
  loadLabels: () => Promise<void> = loadPhoneScreenLabels,
): RouteObject[] {
  return routes.map((route) => {
    const children = route.children && withScreenLabels(route.children, loadLabels);
    const { lazy } = route;
    if (route.index || typeof lazy !== 'function') return { ...route, children } as RouteObject;
    return {
      ...route,
      children,
      lazy: async () => (await Promise.all([lazy(), loadLabels()]))[0],
    } as RouteObject;
  });
}

const withFeatureScreenLabels = (features: FeatureModule[]): FeatureModule[] =>
  features.map((f) => ({ ...f, routes: withScreenLabels(f.routes) }));

/**
 * The phone entry's routes (mobile.html, served for /mobile and below): only the phone view, so a
 * phone's first load carries no console route, shell or console-only feature.
 */
export function buildPhoneRoutes(mobile: FeatureModule[] = mobileFeatures): RouteObject[] {
  return [
    {
      errorElement: <RouteError />,
      hydrateFallbackElement: <LoadingScreen fullPage />,
      children: [
        mobileRoute(withFeatureScreenLabels(mobile)),
        // Opened as a file (the dev server serves it under its own name): the phone view it is.
        { path: 'mobile.html', element: <Navigate to="/mobile" replace /> },
        { path: '*', element: <FullAppLoad /> },
      ],
    },
  ];
}
