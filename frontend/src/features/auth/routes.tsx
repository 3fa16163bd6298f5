import type { RouteObject } from 'react-router-dom';

/** Signed-out screens, mounted outside the console shell. */
export const authRoutes: RouteObject[] = [
  {
    path: 'login',
    lazy: async () => ({ Component: (await import('./components/login-page')).LoginPage }),
  },
  {
    path: 'forgot-password',
    lazy: async () => ({
      Component: (await import('./components/forgot-password-page')).ForgotPasswordPage,
    }),
  },
  {
    path: 'reset-password',
    lazy: async () => {
      const { ResetPasswordPage } = await import('./components/reset-password-page');
      return { Component: () => <ResetPasswordPage /> };
    },
  },
  {
    path: 'accept-invite',
    lazy: async () => {
      const { ResetPasswordPage } = await import('./components/reset-password-page');
      return { Component: () => <ResetPasswordPage mode="invite" /> };
    },
  },
  {
    path: 'setup',
    lazy: async () => ({ Component: (await import('./components/setup-page')).SetupPage }),
  },
];
