import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import { healthyBody } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';

const anonymous = { 'POST /api/auth/refresh': { status: 401 } };

describe('password pages', () => {
  it('forgot: answers the same whether or not the address exists', async () => {
    const net = installFakeFetch({
      ...anonymous,
      'POST /api/auth/password/forgot': { status: 204 },
    });
    const user = userEvent.setup();
    renderApp('/forgot-password');
    await user.type(await screen.findByLabelText('Email'), 'someone@acme.demo');
    await user.click(screen.getByRole('button', { name: 'Send reset link' }));
    expect(await screen.findByText(/If an account exists for this address/)).toBeInTheDocument();
    expect(net.callsTo('POST', '/api/auth/password/forgot')[0]?.body).toEqual({
      email: 'someone@acme.demo',
    });
  });

  it('reset: validates, posts the token from the link, then offers sign-in', async () => {
    const net = installFakeFetch({
      ...anonymous,
      'POST /api/auth/password/reset': { status: 204 },
    });
    const user = userEvent.setup();
    renderApp('/reset-password?token=tok-0123456789abcdefghij');

    await user.type(await screen.findByLabelText('New password'), 'a-new-long-password');
    await user.type(screen.getByLabelText('Repeat the password'), 'something-else');
    await user.click(screen.getByRole('button', { name: 'Save password' }));
    expect(await screen.findByText('The passwords do not match.')).toBeInTheDocument();
    expect(net.callsTo('POST', '/api/auth/password/reset')).toHaveLength(0);

    await user.clear(screen.getByLabelText('Repeat the password'));
    await user.type(screen.getByLabelText('Repeat the password'), 'a-new-long-password');
    await user.click(screen.getByRole('button', { name: 'Save password' }));
    expect(
      await screen.findByText('Your password is set. You can sign in now.'),
    ).toBeInTheDocument();
    expect(net.callsTo('POST', '/api/auth/password/reset')[0]?.body).toEqual({
      token: 'tok-0123456789abcdefghij',
      password: 'a-new-long-password',
    });
  });

  it('reset: the invitation link (?invite=1) reads as an account activation', async () => {
    installFakeFetch(anonymous);
    renderApp('/reset-password?token=tok-0123456789abcdefghij&invite=1');
    expect(
      await screen.findByRole('heading', { name: 'Welcome to Multpanel' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Activate account' })).toBeInTheDocument();
  });

  it('reset: explains an incomplete link', async () => {
    installFakeFetch(anonymous);
    renderApp('/reset-password');
    expect(await screen.findByText(/This link is incomplete/)).toBeInTheDocument();
  });

  it('setup: creates the first administrator and signs them in', async () => {
    const net = installFakeFetch({
      ...anonymous,
      'GET /api/setup/status': { body: { needsSetup: true } },
      'POST /api/setup': { status: 201, body: { id: 'u1', email: 'maya@msp.example' } },
      'POST /api/auth/login': {
        body: {
          status: 'ok',
          accessToken: 'first-token',
          expiresIn: 900,
          user: {
            id: 'u1',
            email: 'maya@msp.example',
            name: 'Maya',
            role: 'super_admin',
            companyId: null,
            companyName: null,
          },
          permissions: ['company.read'],
        },
      },
      'GET /api/health': { body: healthyBody },
    });
    const user = userEvent.setup();
    const { router } = renderApp('/setup');
    await user.type(await screen.findByLabelText('Full name'), 'Maya');
    await user.type(screen.getByLabelText('Email'), 'maya@msp.example');
    await user.type(screen.getByLabelText('Password'), 'correct-horse-battery');
    await user.type(screen.getByLabelText('Repeat the password'), 'correct-horse-battery');
    await user.click(screen.getByRole('button', { name: 'Create administrator' }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/'));
    expect(await screen.findByText('Welcome, Maya')).toBeInTheDocument();
    expect(net.callsTo('POST', '/api/setup')[0]?.body).toEqual({
      name: 'Maya',
      email: 'maya@msp.example',
      password: 'correct-horse-battery',
    });
  });
});
