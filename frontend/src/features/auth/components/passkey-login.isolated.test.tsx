import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import { sessionFor } from '@/testing/fixtures';
import { renderWithProviders } from '@/testing/render-app';
import { LoginForm } from './login-form';

const startAuthentication = vi.hoisted(() => vi.fn());
vi.mock('@simplewebauthn/browser', () => ({ startAuthentication }));

const noSession = { 'POST /api/auth/refresh': { status: 401 } };
const assertion = {
  id: 'Y3JlZA',
  rawId: 'Y3JlZA',
  type: 'public-key',
  clientExtensionResults: {},
  response: { clientDataJSON: 'e30', authenticatorData: 'YQ', signature: 'c2ln', userHandle: 'dQ' },
};

describe('passkey sign-in', () => {
  it('asks the browser for a passkey and signs in with the answer', async () => {
    startAuthentication.mockResolvedValue(assertion);
    const ok = sessionFor('user');
    const net = installFakeFetch({
      ...noSession,
      'POST /api/auth/passkey-login/options': {
        body: { challengeId: 'c'.repeat(32), options: { challenge: 'abc', rpId: 'localhost' } },
      },
      'POST /api/auth/passkey-login': { body: ok },
    });
    const onSuccess = vi.fn();
    const user = userEvent.setup();
    renderWithProviders(<LoginForm onSuccess={onSuccess} />);
    await user.click(screen.getByRole('button', { name: 'Sign in with a passkey' }));
    await waitFor(() => expect(onSuccess).toHaveBeenCalled());
    expect(startAuthentication).toHaveBeenCalledWith({
      optionsJSON: { challenge: 'abc', rpId: 'localhost' },
    });
    expect(net.callsTo('POST', '/api/auth/passkey-login')[0]!.body).toEqual({
      challengeId: 'c'.repeat(32),
      credential: assertion,
    });
  });

  it('tells a person whose password was right to finish with their passkey', async () => {
    installFakeFetch({
      ...noSession,
      'POST /api/auth/login': { body: { status: 'passkey_required' } },
    });
    const onSuccess = vi.fn();
    const user = userEvent.setup();
    renderWithProviders(<LoginForm onSuccess={onSuccess} />);
    await user.type(screen.getByLabelText('Email'), 'ada@acme.demo');
    await user.type(screen.getByLabelText('Password'), 'right-password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByText(/finish signing in with your passkey/);
    expect(onSuccess).not.toHaveBeenCalled();
    expect(screen.getByLabelText('Password')).toHaveValue('');
  });
});
