import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import { healthyBody, sessionFor } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';

describe('app flow', () => {
  it('restores a session from the refresh cookie on load', async () => {
    installFakeFetch({
      'POST /api/auth/refresh': { body: sessionFor('company_admin') },
      'GET /api/health': { body: healthyBody },
    });
    renderApp('/');
    expect(await screen.findByText('Welcome, Demo company_admin')).toBeInTheDocument();
    expect(screen.getByTestId('dashboard-company')).toHaveTextContent('Acme Corp');
  });

  it('sends no refresh probe on a first visit (no session hint cookie) and shows sign-in', async () => {
    document.cookie = 'mp_session=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/';
    const net = installFakeFetch({ 'GET /api/setup/status': { body: { needsSetup: false } } });
    renderApp('/');
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeInTheDocument();
    expect(net.callsTo('POST', '/api/auth/refresh')).toHaveLength(0);
  });

  it('signs in from /login, shows the dashboard with health, and signs out', async () => {
    const net = installFakeFetch({
      'POST /api/auth/refresh': { status: 401 },
      'GET /api/setup/status': { body: { needsSetup: false } },
      'POST /api/auth/login': { body: sessionFor('company_admin') },
      'GET /api/health': {
        status: 503,
        body: {
          ...healthyBody,
          status: 'degraded',
          checks: {
            ...healthyBody.checks,
            redis: { status: 'down', error: 'connect ECONNREFUSED' },
          },
        },
      },
      'POST /api/auth/logout': { status: 204 },
    });
    const user = userEvent.setup();
    const { router } = renderApp('/profile');

    await waitFor(() => expect(router.state.location.pathname).toBe('/login'));
    expect(router.state.location.search).toBe('?next=%2Fprofile');
    await user.type(await screen.findByLabelText('Email'), 'admin@acme.demo');
    await user.type(screen.getByLabelText('Password'), 'demo-password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/profile'));
    await user.click((await screen.findAllByRole('link', { name: 'Dashboard' }))[0]!);
    expect(await screen.findByText('Welcome, Demo company_admin')).toBeInTheDocument();
    expect(screen.getByTestId('dashboard-role')).toHaveTextContent('Company administrator');
    const health = await screen.findByRole('list', { name: 'Platform health' });
    expect(within(health).getByText('connect ECONNREFUSED')).toBeInTheDocument();
    expect(screen.getByText('Degraded')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Account menu' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Log out' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/login'));
    expect(net.callsTo('POST', '/api/auth/logout')).toHaveLength(1);
  });

  it('sends a fresh installation to the setup page', async () => {
    installFakeFetch({
      'POST /api/auth/refresh': { status: 401 },
      'GET /api/setup/status': { body: { needsSetup: true } },
    });
    const { router } = renderApp('/');
    await waitFor(() => expect(router.state.location.pathname).toBe('/setup'));
    expect(await screen.findByRole('heading', { name: 'Set up Multpanel' })).toBeInTheDocument();
  });

  it('shows a not-found page inside the shell', async () => {
    installFakeFetch({ 'GET /api/health': { body: healthyBody } });
    renderApp('/no-such-page', { session: sessionFor('user') });
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeInTheDocument();
  });
});
