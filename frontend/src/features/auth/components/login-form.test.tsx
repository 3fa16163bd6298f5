import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { EffectiveBranding } from '@multpanel/contracts';
import { installFakeFetch } from '@/testing/fake-fetch';
import { sessionFor } from '@/testing/fixtures';
import { renderWithProviders } from '@/testing/render-app';
import { sessionStore } from '@/lib/session-store';
import { LoginForm } from './login-form';

// The public branding a company's mapped host serves before sign-in.
const acmeHost: EffectiveBranding = {
  productName: 'Acme Cloud',
  primaryColor: '#aa0000',
  secondaryColor: '#00aa00',
  supportEmail: null,
  supportPhone: null,
  footerText: null,
  mailFromName: null,
  mailFromAddress: null,
  assets: { 'logo-light': null, 'logo-dark': null, favicon: null },
  hostCompanyId: 'co-1',
  hostCompanyName: 'Acme',
  hostCertificate: 'pending',
};

const noSession = { 'POST /api/auth/refresh': { status: 401 } };

describe('LoginForm', () => {
  it('shows validation messages and sends nothing for an empty or malformed form', async () => {
    const net = installFakeFetch({ ...noSession });
    const user = userEvent.setup();
    renderWithProviders(<LoginForm onSuccess={vi.fn()} />);

    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findAllByText('This field is required.')).toHaveLength(2);

    await user.type(screen.getByLabelText('Email'), 'not-an-email');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Enter a valid email address.')).toBeInTheDocument();
    expect(net.callsTo('POST', '/api/auth/login')).toHaveLength(0);
  });

  it('says so when the credentials are wrong', async () => {
    installFakeFetch({
      ...noSession,
      'POST /api/auth/login': {
        status: 401,
        body: {
          statusCode: 401,
          code: 'INVALID_CREDENTIALS',
          message: 'Invalid email or password',
        },
      },
    });
    const onSuccess = vi.fn();
    const user = userEvent.setup();
    renderWithProviders(<LoginForm onSuccess={onSuccess} />);
    await user.type(screen.getByLabelText('Email'), 'admin@acme.demo');
    await user.type(screen.getByLabelText('Password'), 'wrong-password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Wrong email or password.')).toBeInTheDocument();
    expect(onSuccess).not.toHaveBeenCalled();
  });

  it('asks for a TOTP code when the API requires it and re-posts the credentials with it', async () => {
    const net = installFakeFetch({
      ...noSession,
      'POST /api/auth/login': (req) => {
        const body = req.body as { totpCode?: string };
        if (!body.totpCode) return { body: { status: 'totp_required' } };
        if (body.totpCode !== '123456')
          return {
            status: 401,
            body: { statusCode: 401, code: 'TOTP_INVALID', message: 'bad code' },
          };
        return { body: sessionFor('company_admin') };
      },
    });
    const onSuccess = vi.fn();
    const user = userEvent.setup();
    renderWithProviders(<LoginForm onSuccess={onSuccess} />);

    await user.type(screen.getByLabelText('Email'), 'admin@acme.demo');
    await user.type(screen.getByLabelText('Password'), 'demo-password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    const codeField = await screen.findByLabelText('Authentication code');
    await user.type(codeField, '000000');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    expect(await screen.findByText(/That code is not valid/)).toBeInTheDocument();
    expect(onSuccess).not.toHaveBeenCalled();

    await user.clear(codeField);
    await user.type(codeField, '123 456');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    await waitFor(() => expect(onSuccess).toHaveBeenCalledTimes(1));

    const posts = net.callsTo('POST', '/api/auth/login').map((c) => c.body);
    expect(posts).toEqual([
      { email: 'admin@acme.demo', password: 'demo-password' },
      { email: 'admin@acme.demo', password: 'demo-password', totpCode: '000000' },
      { email: 'admin@acme.demo', password: 'demo-password', totpCode: '123456' },
    ]);
    expect(sessionStore.accessToken()).toBe('token-company_admin');
  });

  it('tells how long to wait once the account is locked after wrong codes', async () => {
    installFakeFetch({
      ...noSession,
      'POST /api/auth/login': (req) => {
        const body = req.body as { totpCode?: string };
        if (!body.totpCode) return { body: { status: 'totp_required' } };
        return {
          status: 429,
          body: {
            statusCode: 429,
            code: 'RATE_LIMITED',
            message: 'Too many wrong verification codes for this account; try again in 120 s',
            details: { retryAfterSeconds: 120 },
          },
        };
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<LoginForm onSuccess={vi.fn()} />);
    await user.type(screen.getByLabelText('Email'), 'admin@acme.demo');
    await user.type(screen.getByLabelText('Password'), 'demo-password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await user.type(await screen.findByLabelText('Authentication code'), '000000');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    expect(
      await screen.findByText('Too many wrong attempts. For your safety, try again in 2 minutes.'),
    ).toBeInTheDocument();
  });

  it('sends SSO sign-in to the API with the typed email', async () => {
    installFakeFetch({ ...noSession });
    const navigate = vi.fn();
    const user = userEvent.setup();
    renderWithProviders(<LoginForm onSuccess={vi.fn()} navigate={navigate} />);

    await user.click(screen.getByRole('button', { name: 'Sign in with Microsoft' }));
    expect(await screen.findByText('This field is required.')).toBeInTheDocument();
    expect(navigate).not.toHaveBeenCalled();

    await user.type(screen.getByLabelText('Email'), 'priya@acme.example');
    await user.click(screen.getByRole('button', { name: 'Sign in with Microsoft' }));
    await waitFor(() =>
      expect(navigate).toHaveBeenCalledWith('/api/auth/sso/login?email=priya%40acme.example'),
    );
  });

  it("on a company's mapped host, the SSO button goes straight to that company's provider", async () => {
    installFakeFetch({
      ...noSession,
      'GET /api/branding': { body: acmeHost },
    });
    const navigate = vi.fn();
    const user = userEvent.setup();
    renderWithProviders(<LoginForm onSuccess={vi.fn()} navigate={navigate} />);

    await user.click(await screen.findByRole('button', { name: 'Sign in with Acme (Microsoft)' }));
    expect(navigate).toHaveBeenCalledWith('/api/auth/sso/login');
    expect(screen.queryByText('This field is required.')).not.toBeInTheDocument();
  });
});
