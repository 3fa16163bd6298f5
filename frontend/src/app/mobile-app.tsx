// The phone entry's labels only (no console-only feature's): see i18n/phone-resources.ts.
import '@/i18n/phone';
import { useState } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router-dom';
import { AppProvider } from './provider';
import { buildPhoneRoutes } from './routes/build-phone-routes';

/** The phone entry's app (mobile.html): the same providers, only the /mobile routes. */
export function MobileApp() {
  const [router] = useState(() => createBrowserRouter(buildPhoneRoutes()));
  return (
    <AppProvider>
      <RouterProvider router={router} />
    </AppProvider>
  );
}
