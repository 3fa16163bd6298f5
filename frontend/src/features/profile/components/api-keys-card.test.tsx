import { ROLE_PERMISSIONS } from '@multpanel/contracts';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { sessionStore } from '@/lib/session-store';
import { installFakeFetch } from '@/testing/fake-fetch';
import { acmeAdminSession } from '@/testing/fixtures';
import { renderWithProviders } from '@/testing/render-app';
import { ApiKeysCard } from './api-keys-card';

const KEY_ID = '66666666-6666-4666-8666-666666666666';

describe('API keys', { timeout: 120_000 }, () => {
  it('creates a key from the read-only preset with labelled permissions and shows the secret once', async () => {
    sessionStore.setSession(acmeAdminSession());
    let keys: unknown[] = [];
    const net = installFakeFetch({
      'GET /api/api-keys': () => ({ body: keys }),
      'POST /api/api-keys': (req) => {
        const body = req.body as { name: string; permissions: string[] };
        const view = {
          id: KEY_ID,
          name: body.name,
          prefix: 'mpk_abcd',
          permissions: body.permissions,
          expiresAt: null,
          lastUsedAt: null,
          lastUsedIp: null,
          revokedAt: null,
          createdAt: '2026-12-07T10:00:00.000Z',
        };
        keys = [view];
        return { status: 201, body: { ...view, key: 'mpk_abcd_the-secret' } };
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<ApiKeysCard />);

    await user.click(await screen.findByRole('button', { name: 'New key' }));
    const dialog = await screen.findByRole('dialog', { name: 'New API key' });
    await user.click(within(dialog).getByRole('textbox', { name: 'Name' }));
    await user.paste('Monitoring script');
    // Human labels with a description; a company admin is not offered what it does not hold.
    const seeGuests = within(dialog).getByRole('checkbox', { name: 'See guests' });
    expect(seeGuests).toHaveAccessibleDescription('Guests, their settings and their status.');
    expect(within(dialog).queryByRole('checkbox', { name: 'Manage clusters' })).toBeNull();
    await user.click(within(dialog).getByRole('button', { name: 'Read-only' }));
    expect(seeGuests).toBeChecked();
    expect(
      within(dialog).getByRole('checkbox', { name: 'Start and stop guests' }),
    ).not.toBeChecked();
    await user.click(within(dialog).getByRole('button', { name: 'Create' }));

    expect(await within(dialog).findByDisplayValue('mpk_abcd_the-secret')).toBeInTheDocument();
    const [post] = net.callsTo('POST', '/api/api-keys');
    const sent = (post!.body as { permissions: string[] }).permissions;
    expect(sent).toEqual(
      ROLE_PERMISSIONS.company_admin.filter((p) => p.endsWith('.read') && p !== 'cluster.read'),
    );
    await user.click(within(dialog).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(await screen.findByText('Monitoring script')).toBeInTheDocument();
    expect(screen.queryByDisplayValue('mpk_abcd_the-secret')).toBeNull();
  });
});
