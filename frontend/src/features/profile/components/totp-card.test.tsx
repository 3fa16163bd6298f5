import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import { sessionFor } from '@/testing/fixtures';
import { renderWithProviders } from '@/testing/render-app';
import { sessionStore } from '@/lib/session-store';
import { TotpCard } from './totp-card';

describe('TOTP enrolment', () => {
  it('shows the secret, confirms with a code and shows the recovery codes once', async () => {
    sessionStore.setSession(sessionFor('user'));
    const net = installFakeFetch({
      'POST /api/auth/totp/setup': {
        body: {
          secret: 'JBSWY3DPEHPK3PXP',
          otpauthUrl: 'otpauth://totp/Multpanel:u?secret=JBSWY3DPEHPK3PXP',
        },
      },
      'POST /api/auth/totp/enable': (req) =>
        (req.body as { code: string }).code === '654321'
          ? { body: { recoveryCodes: ['aaaa-bbbb', 'cccc-dddd'] } }
          : {
              status: 401,
              body: { statusCode: 401, code: 'TOTP_INVALID', message: 'The code is not valid.' },
            },
    });
    const user = userEvent.setup();
    renderWithProviders(<TotpCard enabled={false} />);

    await user.click(screen.getByRole('button', { name: 'Set up two-factor authentication' }));
    expect(await screen.findByDisplayValue('JBSWY3DPEHPK3PXP')).toBeInTheDocument();
    expect(screen.getByRole('img', { name: /QR code of this account/ })).toBeInTheDocument();
    const turnOn = screen.getByRole('button', { name: 'Turn on' });
    expect(turnOn).toBeDisabled();

    const code = screen.getByRole('textbox', { name: 'Authentication code' });
    await user.type(code, '111111');
    await user.click(turnOn);
    expect(await screen.findByText('The code is not valid.')).toBeInTheDocument();

    await user.clear(code);
    await user.type(code, '654 321');
    await user.click(screen.getByRole('button', { name: 'Turn on' }));
    await waitFor(() =>
      expect(screen.getByTestId('recovery-codes')).toHaveTextContent('aaaa-bbbb'),
    );
    expect(net.callsTo('POST', '/api/auth/totp/enable').map((c) => c.body)).toEqual([
      { code: '111111' },
      { code: '654321' },
    ]);
  });

  it('keeps "turn off" reachable when the API does not say whether 2FA is on', async () => {
    sessionStore.setSession(sessionFor('user'));
    const net = installFakeFetch({ 'POST /api/auth/totp/disable': { status: 204 } });
    const user = userEvent.setup();
    renderWithProviders(<TotpCard enabled={undefined} />);

    const turnOff = screen.getByRole('button', { name: 'Turn off' });
    expect(turnOff).toBeDisabled();
    await user.type(screen.getByRole('textbox', { name: 'Current code' }), '123456');
    await user.click(turnOff);
    expect(await screen.findByText('Two-factor authentication is off.')).toBeInTheDocument();
    expect(net.callsTo('POST', '/api/auth/totp/disable')[0]?.body).toEqual({ code: '123456' });
  });

  it('offers no "turn off" while a policy requires 2FA, but does when it is optional', async () => {
    sessionStore.setSession(sessionFor('user'));
    installFakeFetch({});
    const { unmount } = renderWithProviders(<TotpCard enabled required />);
    expect(screen.getByText(/required for your account/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Turn off' })).not.toBeInTheDocument();
    unmount();
    renderWithProviders(<TotpCard enabled required={false} />);
    expect(screen.getByRole('button', { name: 'Turn off' })).toBeInTheDocument();
    expect(screen.queryByText(/required for your account/)).not.toBeInTheDocument();
  });
});
