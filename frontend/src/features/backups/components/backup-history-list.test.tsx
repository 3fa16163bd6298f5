import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { BackupRunDto, BackupSuccessRate } from '@multpanel/contracts';
import { CLUSTER_ID } from '@/testing/fixtures';
import { installFakeFetch } from '@/testing/fake-fetch';
import { renderApp } from '@/testing/render-app';
import { ACME_ID, VM_ID, acmeAdminSession, guestRow, schedule } from '../testing/backup-fixtures';

const run = (over: Partial<BackupRunDto> = {}): BackupRunDto => ({
  id: '01970000-0000-7000-8000-00000000ee01',
  companyId: ACME_ID,
  scheduleId: schedule().id,
  scheduleName: 'Nightly',
  trigger: 'schedule',
  status: 'succeeded',
  storage: 'local',
  plannedAt: '2026-03-02T02:00:00.000Z',
  finishedAt: '2026-03-02T02:10:00.000Z',
  total: 4,
  succeeded: 4,
  failed: 0,
  missed: 0,
  ...over,
});

const rate = (over: Partial<BackupSuccessRate>): BackupSuccessRate => ({
  id: schedule().id,
  name: 'Nightly',
  total: 10,
  succeeded: 8,
  failed: 1,
  missed: 1,
  rate: 0.8,
  ...over,
});

function fakeApi() {
  return installFakeFetch({
    'GET /api/backup-history': (req) => ({
      body: {
        // the API filters: a failed-only query answers the failed run
        items:
          req.query.get('status') === 'failed'
            ? [run({ id: '01970000-0000-7000-8000-00000000ee02', status: 'failed' })]
            : [run()],
        total: 1,
        page: Number(req.query.get('page') ?? 1),
        pageSize: Number(req.query.get('pageSize') ?? 25),
      },
    }),
    'GET /api/backup-history/success-rates': (req) => {
      const by = req.query.get('by');
      const items =
        by === 'cluster'
          ? [rate({ id: CLUSTER_ID, name: 'demo', total: 3, succeeded: 1, rate: 1 / 3 })]
          : [
              rate({}),
              rate({ id: null, name: null, total: 2, succeeded: 2, failed: 0, missed: 0, rate: 1 }),
            ];
      return {
        body: {
          by,
          days: Number(req.query.get('days')),
          items,
          total: items.length,
          page: 1,
          pageSize: 10,
        },
      };
    },
    'GET /api/backup-schedules': {
      body: { items: [schedule()], total: 1, page: 1, pageSize: 200 },
    },
    'GET /api/vms': { body: { items: [guestRow()], total: 1, page: 1, pageSize: 500 } },
    'GET /api/clusters': {
      status: 403,
      body: { statusCode: 403, code: 'FORBIDDEN', message: 'no cluster.read' },
    },
  });
}

describe('backups area: history', () => {
  it('shows success rates per schedule and per cluster over a chosen period', async () => {
    const net = fakeApi();
    const user = userEvent.setup();
    renderApp('/backups?tab=history', { session: acmeAdminSession() });

    const rates = await screen.findByRole('grid', { name: 'Success rates' }, { timeout: 15_000 });
    expect(await within(rates).findByText('80 %')).toBeInTheDocument();
    expect(within(rates).getByText('Backup now (no schedule)')).toBeInTheDocument();
    expect(within(rates).getByText('100 %')).toBeInTheDocument();
    expect(net.callsTo('GET', '/api/backup-history/success-rates')[0]?.query.get('by')).toBe(
      'schedule',
    );

    await user.click(screen.getByRole('button', { name: 'Per cluster' }));
    expect(await within(rates).findByText('33.3 %')).toBeInTheDocument();
    expect(within(rates).getByText('demo')).toBeInTheDocument();

    await user.click(screen.getByRole('combobox', { name: 'Period' }));
    await user.click(await screen.findByRole('option', { name: 'Last 7 days' }));
    await waitFor(() =>
      expect(
        net.callsTo('GET', '/api/backup-history/success-rates').at(-1)?.query.get('days'),
      ).toBe('7'),
    );
    expect(net.callsTo('GET', '/api/backup-history/success-rates').at(-1)?.query.get('by')).toBe(
      'cluster',
    );
  }, 60_000);

  it('asks the API for the runs of a status, schedule, guest, cluster and date range', async () => {
    const net = fakeApi();
    const user = userEvent.setup();
    renderApp('/backups?tab=history', { session: acmeAdminSession() });
    const grid = await screen.findByRole('grid', { name: 'History' }, { timeout: 15_000 });
    expect(await within(grid).findByText('Nightly')).toBeInTheDocument();
    const filters = screen.getByRole('search', { name: 'Filter the history' });
    const choose = async (field: string, option: string | RegExp) => {
      await user.click(within(filters).getByRole('combobox', { name: field }));
      await user.click(await screen.findByRole('option', { name: option }));
    };
    await choose('Status', 'Failed');
    expect(await within(grid).findByText('Failed')).toBeInTheDocument();
    await choose('Schedule', 'Nightly');
    await choose('Guest', /web-1 \(101, demo\)/);
    await choose('Cluster', 'demo');
    const from = within(filters).getByLabelText('Planned from');
    await user.type(from, '2026-03-01');
    const to = within(filters).getByLabelText('Planned to');
    await user.type(to, '2026-03-05');
    await waitFor(() => {
      const q = net.callsTo('GET', '/api/backup-history').at(-1)!.query;
      expect(Object.fromEntries(q)).toEqual({
        page: '1',
        pageSize: expect.any(String),
        status: 'failed',
        scheduleId: schedule().id,
        guestId: VM_ID,
        clusterId: CLUSTER_ID,
        from: '2026-03-01',
        to: '2026-03-05',
      });
    });

    // a range that ends before it starts is not sent, and says why
    await user.clear(to);
    await user.type(to, '2026-02-01');
    expect(await screen.findByText('“From” is after “to”.')).toBeInTheDocument();
    expect(net.callsTo('GET', '/api/backup-history').at(-1)!.query.get('to')).not.toBe(
      '2026-02-01',
    );

    // clearing shows every run again (the unfiltered page, fetched or cached) and empty fields
    await user.click(within(filters).getByRole('button', { name: 'Clear filters' }));
    expect(await within(grid).findByText('Succeeded')).toBeInTheDocument();
    expect(within(grid).queryByText('Failed')).not.toBeInTheDocument();
    for (const [name, was] of [
      ['Status', 'Failed'],
      ['Schedule', 'Nightly'],
      ['Guest', 'web-1'],
      ['Cluster', 'demo'],
    ])
      expect(within(filters).getByRole('combobox', { name })).not.toHaveTextContent(was!);
    expect(within(filters).getByLabelText('Planned from')).toHaveValue('');
    expect(within(filters).queryByRole('button', { name: 'Clear filters' })).toBeNull();
  }, 90_000);
});
