import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { formatDateTime } from '@/lib/format-time';
import { sessionStore } from '@/lib/session-store';
import { installFakeFetch } from '@/testing/fake-fetch';
import { sessionFor } from '@/testing/fixtures';
import { renderWithProviders } from '@/testing/render-app';
import { SessionsCard } from './sessions-card';

const session = (id: string, over: Record<string, unknown> = {}) => ({
  id,
  ip: '203.0.113.7',
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36',
  createdAt: '2026-12-01T08:00:00.000Z',
  lastUsedAt: '2026-12-06T14:05:00.000Z',
  current: false,
  ...over,
});

describe('signed-in devices', { timeout: 60_000 }, () => {
  it('names each device with the one date format, and signs out another one', async () => {
    sessionStore.setSession(sessionFor('user'));
    let list = [
      session('s-here', { current: true }),
      session('s-phone', {
        userAgent:
          'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) Version/17.5 Safari/604.1',
        lastUsedAt: null,
      }),
    ];
    const net = installFakeFetch({
      'GET /api/auth/sessions': () => ({ body: list }),
      'DELETE /api/auth/sessions/s-phone': () => {
        list = list.filter((s) => s.id !== 's-phone');
        return { status: 204 };
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<SessionsCard />);

    const phone = (await screen.findByText('Safari · iOS')).closest('li') as HTMLElement;
    // No last use yet: the sign-in time, written as everywhere else.
    expect(phone).toHaveTextContent(
      `203.0.113.7 · last active ${formatDateTime('2026-12-01T08:00:00.000Z')}`,
    );
    const here = screen.getByText('Chrome · Linux').closest('li') as HTMLElement;
    expect(within(here).getByText('This device')).toBeInTheDocument();
    expect(within(here).queryByRole('button', { name: 'Sign out' })).toBeNull();

    await user.click(within(phone).getByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(screen.queryByText('Safari · iOS')).toBeNull());
    expect(net.callsTo('DELETE', '/api/auth/sessions/s-phone')).toHaveLength(1);
  });
});
