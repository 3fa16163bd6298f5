import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { sessionStore } from '@/lib/session-store';
import { installFakeFetch } from '@/testing/fake-fetch';
import { sessionFor } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';

const REQ = '/api/auth/device/requests/BCDF-GHJK';
const pending = {
  userCode: 'BCDF-GHJK',
  clientName: 'multpanel CLI on build-01',
  ip: '198.51.100.7',
  userAgent: 'node',
  createdAt: '2026-12-06T21:00:00.000Z',
  expiresAt: '2026-12-06T21:10:00.000Z',
  status: 'pending',
};

describe('device sign-in approval page', () => {
  it('shows who asks and approves the code from the link', async () => {
    const net = installFakeFetch({
      [`GET ${REQ}`]: { body: pending },
      [`POST ${REQ}/approve`]: { status: 204, body: undefined },
    });
    const user = userEvent.setup();
    const session = sessionFor('company_admin');
    // Typed in lower case without the dash, the link still names the same code.
    renderApp('/device?code=bcdfghjk', { session });

    await screen.findByText('multpanel CLI on build-01');
    screen.getByText('198.51.100.7');
    screen.getByText(new RegExp(`acts as ${session.user.email}`));
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    await screen.findByText(/Approved\. Return to your terminal/);
    expect(net.callsTo('POST', `${REQ}/approve`)).toHaveLength(1);
    expect(net.callsTo('POST', `${REQ}/deny`)).toHaveLength(0);
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
  });

  it('denies a sign-in the person did not start', async () => {
    const net = installFakeFetch({
      [`GET ${REQ}`]: { body: pending },
      [`POST ${REQ}/deny`]: { status: 204, body: undefined },
    });
    const user = userEvent.setup();
    renderApp('/device?code=BCDF-GHJK', { session: sessionFor('user') });
    await user.click(await screen.findByRole('button', { name: 'Deny' }));
    await screen.findByText(/Denied\. The client was not signed in/);
    expect(net.callsTo('POST', `${REQ}/deny`)).toHaveLength(1);
    expect(net.callsTo('POST', `${REQ}/approve`)).toHaveLength(0);
  });

  it('asks for the code when the link has none, and refuses one that cannot be a code', async () => {
    const net = installFakeFetch({ [`GET ${REQ}`]: { body: pending } });
    const user = userEvent.setup();
    renderApp('/device', { session: sessionFor('company_admin') });
    const field = await screen.findByRole('textbox', { name: 'Code' });
    await user.type(field, 'ABCD-1234');
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    await screen.findByText(/That is not a sign-in code/);
    expect(net.callsTo('GET', REQ)).toHaveLength(0);

    await user.clear(field);
    await user.type(field, 'bcdf ghjk');
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    await screen.findByText('multpanel CLI on build-01');
    expect(net.callsTo('GET', REQ)).toHaveLength(1);
  });

  it('explains an unknown or expired code', async () => {
    installFakeFetch({
      [`GET ${REQ}`]: {
        status: 404,
        body: {
          statusCode: 404,
          code: 'NOT_FOUND',
          message: 'This sign-in code is unknown, expired or already used',
        },
      },
    });
    renderApp('/device?code=BCDF-GHJK', { session: sessionFor('company_admin') });
    await screen.findByText(/unknown, expired or already used/);
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
  });

  it('sends a signed-out visitor to sign in and back to the code', async () => {
    installFakeFetch({});
    sessionStore.clear();
    const { router } = renderApp('/device?code=BCDF-GHJK');
    await waitFor(() => expect(router.state.location.pathname).toBe('/login'));
    expect(router.state.location.search).toBe(
      `?next=${encodeURIComponent('/device?code=BCDF-GHJK')}`,
    );
  });
});
