import { useState } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router-dom';
import { buildRoutes } from './routes/build-routes';

export function AppRouter() {
  const [router] = useState(() => createBrowserRouter(buildRoutes()));
  return <RouterProvider router={router} />;
}
