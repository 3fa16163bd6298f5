import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import { healthyBody, sessionFor } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';

const desktopWidth = window.innerWidth;
const setWidth = (w: number) =>
  Object.defineProperty(window, 'innerWidth', { configurable: true, value: w });

describe('phone redirect', () => {
  beforeEach(() => installFakeFetch({ 'GET /api/health': { body: healthyBody } }));
  afterEach(() => setWidth(desktopWidth));

  it('sends a phone landing on / to /mobile, and the switch link brings the console back for good', async () => {
    setWidth(390);
    const user = userEvent.setup();
    const { router } = renderApp('/', { session: sessionFor('user') });
    await waitFor(() => expect(router.state.location.pathname).toBe('/mobile'));
    expect(await screen.findByText('My virtual machines')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Switch to full console' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/'));
    expect(await screen.findByText(/Welcome, Demo user/)).toBeInTheDocument();
    expect(window.localStorage.getItem('mp.preferConsole')).toBe('1');
  });

  it('keeps a phone on the console once the user chose it', async () => {
    setWidth(390);
    window.localStorage.setItem('mp.preferConsole', '1');
    const { router } = renderApp('/', { session: sessionFor('user') });
    expect(await screen.findByText(/Welcome, Demo user/)).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/');
  });

  it('leaves desktops and deep links alone', async () => {
    setWidth(1280);
    const { router } = renderApp('/', { session: sessionFor('user') });
    expect(await screen.findByText(/Welcome, Demo user/)).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/');

    setWidth(390);
    const deep = renderApp('/profile', { session: sessionFor('user') });
    expect((await screen.findAllByText('My profile')).length).toBeGreaterThan(0);
    expect(deep.router.state.location.pathname).toBe('/profile');
  });
});
