import { useEffect } from 'react';
import { Navigate, useLocation, type RouteObject } from 'react-router-dom';
import { LoadingScreen } from '@/components/loading-screen';
import { RouteError } from '@/components/route-error';
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
 * The phone entry's routes (mobile.html, served for /mobile and below): only the phone view, so a
 * phone's first load carries no console route, shell or console-only feature.
 */
export function buildPhoneRoutes(mobile: FeatureModule[] = mobileFeatures): RouteObject[] {
  return [
    {
      errorElement: <RouteError />,
      hydrateFallbackElement: <LoadingScreen fullPage />,
      children: [
        mobileRoute(mobile),
        // Opened as a file (the dev server serves it under its own name): the phone view it is.
        { path: 'mobile.html', element: <Navigate to="/mobile" replace /> },
        { path: '*', element: <FullAppLoad /> },
      ],
    },
  ];
}
