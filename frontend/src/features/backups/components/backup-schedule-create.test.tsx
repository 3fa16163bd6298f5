import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import { renderApp } from '@/testing/render-app';
import { ACME_ID, acmeAdminSession, schedule } from '../testing/backup-fixtures';

describe('backup schedule editor', { timeout: 60_000 }, () => {
  it('previews the next runs and creates a nightly keep-last-3 schedule with a storage cap and weekly restore tests', async () => {
    const net = installFakeFetch({
      'GET /api/backup-schedules/preview': (req) =>
        req.query.get('cron') === '0 2 * * *'
          ? {
              body: {
                cron: '0 2 * * *',
                timezone: req.query.get('timezone'),
                next: ['2026-01-03T02:00:00.000Z', '2026-01-04T02:00:00.000Z'],
              },
            }
          : { status: 400, body: { statusCode: 400, code: 'VALIDATION_FAILED', message: 'cron' } },
      'GET /api/vms': { body: { items: [], total: 0, page: 1, pageSize: 500 } },
      'POST /api/backup-schedules': { status: 201, body: schedule() },
      'GET /api/backup-schedules': {
        body: { items: [schedule()], total: 1, page: 1, pageSize: 25 },
      },
    });
    const user = userEvent.setup();
    const { router } = renderApp('/backups/schedules/new', { session: acmeAdminSession() });

    const preview = await screen.findByRole('region', { name: 'Next runs' }, { timeout: 15_000 });
    expect(preview.querySelectorAll('li')).toHaveLength(2);
    const cron = screen.getByRole('textbox', { name: /When \(cron/ });
    await user.clear(cron);
    await user.type(cron, '0 99 * * *');
    expect(
      await screen.findByText('Not a valid cron expression or time zone.'),
    ).toBeInTheDocument();
    await user.clear(cron);
    await user.type(cron, '0 2 * * *');
    const tz = screen.getByRole('textbox', { name: /Time zone/ });
    await user.clear(tz);
    await user.type(tz, 'UTC');
    await user.type(screen.getByRole('textbox', { name: /Backups on the storage at once/ }), '2');
    // restore tests: off by default; on, with a boot time-out out of range first
    expect(screen.queryByRole('textbox', { name: /Test node/ })).not.toBeInTheDocument();
    await user.click(screen.getByRole('switch', { name: /Prove the backups restorable/ }));
    await user.type(screen.getByRole('textbox', { name: /Test node/ }), 'pve2');
    const boot = screen.getByRole('textbox', { name: /Boot time-out/ });
    await user.clear(boot);
    await user.type(boot, '5');
    await user.click(screen.getByRole('button', { name: 'Create' }));
    expect(await screen.findByText('Enter whole seconds from 10 to 3600.')).toBeInTheDocument();
    expect(net.callsTo('POST', '/api/backup-schedules')).toHaveLength(0);
    await user.clear(boot);
    await user.type(boot, '120');
    // which backup: the newest by default; a random recent one asks for the recency bound
    expect(screen.queryByRole('textbox', { name: /younger than/ })).not.toBeInTheDocument();
    await user.click(screen.getByRole('combobox', { name: /Backup to test/ }));
    await user.click(await screen.findByRole('option', { name: 'A random recent one' }));
    const maxAge = screen.getByRole('textbox', { name: /younger than/ });
    expect(maxAge).toHaveValue('168');
    await user.clear(maxAge);
    await user.type(maxAge, '0');
    await user.click(screen.getByRole('button', { name: 'Create' }));
    expect(await screen.findByText('Enter whole hours from 1 to 8760.')).toBeInTheDocument();
    expect(net.callsTo('POST', '/api/backup-schedules')).toHaveLength(0);
    await user.clear(maxAge);
    await user.type(maxAge, '48');

    await user.click(screen.getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/backups'));
    expect(net.callsTo('POST', '/api/backup-schedules')[0]?.body).toMatchObject({
      companyId: ACME_ID,
      name: 'Nightly',
      cron: '0 2 * * *',
      timezone: 'UTC',
      storage: 'local',
      selection: { allGuests: true },
      retention: { keepLast: 3 },
      storageLimit: 2,
      restoreTest: {
        cron: '0 6 * * 0',
        node: 'pve2',
        bootTimeoutSec: 120,
        pick: 'random',
        maxAgeHours: 48,
      },
    });
  });
});
