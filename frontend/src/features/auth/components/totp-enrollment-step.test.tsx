import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import { sessionFor } from '@/testing/fixtures';
import { renderWithProviders } from '@/testing/render-app';
import { sessionStore } from '@/lib/session-store';
import { LoginForm } from './login-form';

const TOKEN = 'enrol-token-abcdefghijklmnop';
const recoveryCodes = ['aaaaa-bbbbb', 'ccccc-ddddd'];

function requiredEnrolmentApi() {
  return installFakeFetch({
    'POST /api/auth/refresh': { status: 401 },
    'POST /api/auth/login': {
      body: { status: 'totp_enrollment_required', enrollmentToken: TOKEN },
    },
    'POST /api/auth/totp/enroll': (req) =>
      (req.body as { enrollmentToken: string }).enrollmentToken === TOKEN
        ? {
            body: {
              secret: 'JBSWY3DPEHPK3PXP',
              otpauthUrl: 'otpauth://totp/Multpanel:user%40acme.demo?secret=JBSWY3DPEHPK3PXP',
            },
          }
        : { status: 401, body: { statusCode: 401, code: 'UNAUTHENTICATED', message: 'gone' } },
    'POST /api/auth/totp/enroll/confirm': (req) => {
      const body = req.body as { enrollmentToken: string; code: string };
      if (body.code !== '123456')
        return { status: 401, body: { statusCode: 401, code: 'TOTP_INVALID', message: 'bad' } };
      return { body: { ...sessionFor('user'), recoveryCodes } };
    },
  });
}

async function signIn(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByLabelText('Email'), 'user@acme.demo');
  await user.type(screen.getByLabelText('Password'), 'demo-password');
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('LoginForm: required two-factor enrolment', () => {
  beforeEach(() => sessionStore.reset());

  it('sets up 2FA, shows the recovery codes once, and only then signs in', async () => {
    const net = requiredEnrolmentApi();
    const onSuccess = vi.fn();
    const user = userEvent.setup();
    renderWithProviders(<LoginForm onSuccess={onSuccess} />);
    await signIn(user);

    expect(await screen.findByText(/organisation requires two-factor/)).toBeInTheDocument();
    expect(screen.getByText(/identity provider handles the second factor/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Set up two-factor authentication' }));
    expect(await screen.findByTestId('totp-secret')).toHaveValue('JBSWY3DPEHPK3PXP');
    expect(screen.getByRole('img', { name: /QR code of this account/ })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Open in authenticator app' })).toHaveAttribute(
      'href',
      expect.stringMatching(/^otpauth:\/\/totp\//),
    );

    const codeField = screen.getByLabelText('Authentication code');
    const submit = screen.getByRole('button', { name: 'Turn on and sign in' });
    expect(submit).toBeDisabled();
    await user.type(codeField, '000000');
    await user.click(submit);
    expect(await screen.findByText(/That code is not valid/)).toBeInTheDocument();
    expect(sessionStore.accessToken()).toBeNull();

    await user.clear(codeField);
    await user.type(codeField, '123 456');
    await user.click(submit);
    expect(await screen.findByTestId('recovery-codes')).toHaveTextContent('aaaaa-bbbbb');
    // Not signed in while the codes are on screen, so nothing navigates them away.
    expect(sessionStore.accessToken()).toBeNull();
    expect(onSuccess).not.toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: 'I saved them, continue' }));
    expect(onSuccess).toHaveBeenCalledTimes(1);
    expect(sessionStore.accessToken()).toBe('token-user');
    expect(net.callsTo('POST', '/api/auth/totp/enroll/confirm').map((c) => c.body)).toEqual([
      { enrollmentToken: TOKEN, code: '000000' },
      { enrollmentToken: TOKEN, code: '123456' },
    ]);
  });

  it('says the step expired when the token is no longer valid', async () => {
    installFakeFetch({
      'POST /api/auth/refresh': { status: 401 },
      'POST /api/auth/login': {
        body: { status: 'totp_enrollment_required', enrollmentToken: 'expired-token-abcdefghijk' },
      },
      'POST /api/auth/totp/enroll': {
        status: 401,
        body: { statusCode: 401, code: 'UNAUTHENTICATED', message: 'gone' },
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<LoginForm onSuccess={vi.fn()} />);
    await signIn(user);
    await user.click(
      await screen.findByRole('button', { name: 'Set up two-factor authentication' }),
    );
    expect(await screen.findByText('This step has expired. Please sign in again.')).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Back' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Sign in' })).toBeVisible());
  });
});
