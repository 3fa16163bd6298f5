import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import { renderApp } from '@/testing/render-app';
import { acmeAdminSession, schedule } from '../testing/backup-fixtures';

describe('backup schedules list', { timeout: 60_000 }, () => {
  it('tests the restores of a schedule now and says how many guests', async () => {
    const s = schedule({
      restoreTest: {
        cron: '0 6 * * 0',
        node: null,
        bootTimeoutSec: 300,
        pick: 'newest',
        maxAgeHours: 168,
      },
    });
    const net = installFakeFetch({
      'GET /api/backup-schedules': { body: { items: [s], total: 1, page: 1, pageSize: 25 } },
      [`POST /api/backup-schedules/${s.id}/restore-tests`]: {
        status: 202,
        body: { planned: 4, skipped: 1 },
      },
    });
    const user = userEvent.setup();
    renderApp('/backups', { session: acmeAdminSession() });
    const grid = await screen.findByRole('grid', { name: 'Schedules' }, { timeout: 15_000 });
    await within(grid).findByText('Nightly');
    await user.click(within(grid).getByRole('menuitem', { name: 'Test restores now' }));
    await waitFor(() =>
      expect(net.callsTo('POST', `/api/backup-schedules/${s.id}/restore-tests`)).toHaveLength(1),
    );
    expect(
      await screen.findByText(/Restore tests started for 4 guests \(1 without a backup/),
    ).toBeInTheDocument();
  });
});
