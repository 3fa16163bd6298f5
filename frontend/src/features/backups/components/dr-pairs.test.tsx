import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { DrGuestDto, DrPairDetail } from '@multpanel/contracts';
import { installFakeFetch } from '@/testing/fake-fetch';
import { renderApp } from '@/testing/render-app';
import { ACME_ID, acmeAdminSession, job } from '../testing/backup-fixtures';

const PAIR = '01970000-0000-7000-8000-00000000ee01';
const WEB = '01970000-0000-7000-8000-00000000cc01';
const DB = '01970000-0000-7000-8000-00000000cc02';

const guest = (over: Partial<DrGuestDto>): DrGuestDto => ({
  id: '01970000-0000-7000-8000-00000000ff01',
  guestId: WEB,
  guestName: 'web-1',
  vmid: 101,
  status: 'ok',
  copyVolid: 'site-a:backup/vzdump-qemu-101-2026_01_02-02_00_00.vma.zst',
  recoveryPointAt: '2026-01-02T02:00:00.000Z',
  recoveryPointAgeSec: 3 * 3600 + 12 * 60,
  stale: false,
  standbyVmid: 120,
  standbyGuestId: '01970000-0000-7000-8000-00000000ff10',
  standbyPointAt: '2026-01-02T02:00:00.000Z',
  failedOverAt: null,
  failedBackAt: null,
  error: null,
  lastSyncAt: '2026-01-02T02:05:00.000Z',
  ...over,
});

const pair: DrPairDetail = {
  id: PAIR,
  companyId: ACME_ID,
  name: 'Site B',
  enabled: true,
  sourceClusterId: '01970000-0000-7000-8000-00000000dd01',
  sourceStorage: 'dr-pbs',
  targetClusterId: '01970000-0000-7000-8000-00000000dd02',
  targetNode: 'pve1',
  targetStorage: 'site-a',
  policy: 'standby',
  standbyStorage: 'local-lvm',
  syncEveryMinutes: 60,
  staleAfterHours: 26,
  guestIds: [WEB, DB],
  staleGuests: 1,
  nextSyncAt: null,
  lastSyncAt: '2026-01-02T02:05:00.000Z',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  guests: [
    guest({}),
    guest({
      id: '01970000-0000-7000-8000-00000000ff02',
      guestId: DB,
      guestName: 'db-1',
      vmid: 102,
      status: 'failed',
      recoveryPointAt: null,
      recoveryPointAgeSec: null,
      copyVolid: null,
      stale: true,
      standbyVmid: null,
      standbyPointAt: null,
      error: 'the target cluster lists no DR copy',
    }),
  ],
};

describe('backups area: DR pairs', () => {
  it('lists pairs with stale counts, syncs now, shows recovery points and fails over after a confirm', async () => {
    const { guests: _g, ...row } = pair;
    const net = installFakeFetch({
      'GET /api/dr-pairs': { body: { items: [row], total: 1, page: 1, pageSize: 25 } },
      [`GET /api/dr-pairs/${PAIR}`]: { body: pair },
      [`POST /api/dr-pairs/${PAIR}/sync`]: { status: 202, body: { jobs: 2 } },
      [`POST /api/dr-pairs/${PAIR}/guests/${WEB}/failover`]: {
        status: 202,
        body: {
          job: job({
            id: '01970000-0000-7000-8000-000000001111',
            type: 'backups.dr-failover',
            status: 'queued',
            progress: 0,
            startedAt: null,
          }),
        },
      },
    });
    const user = userEvent.setup();
    renderApp('/backups?tab=dr', { session: acmeAdminSession() });

    const grid = await screen.findByRole('grid', { name: 'DR pairs' }, { timeout: 15_000 });
    expect(await within(grid).findByText('Site B')).toBeInTheDocument();
    expect(within(grid).getByText('Standby guest')).toBeInTheDocument();
    expect(within(grid).getByText('pve1 · site-a')).toBeInTheDocument();

    await user.click(within(grid).getByRole('menuitem', { name: 'Sync now' }));
    expect(await screen.findByText('Copying 2 guests.')).toBeInTheDocument();

    await user.click(within(grid).getByRole('menuitem', { name: 'Guests and recovery points' }));
    const table = await screen.findByRole('table', { name: 'Guests of the DR pair' });
    const rows = within(table).getAllByRole('row');
    expect(within(rows[1]).getByText('3 h 12 min ago')).toBeInTheDocument();
    expect(within(rows[1]).getByText('120')).toBeInTheDocument();
    expect(within(rows[2]).getByText('Stale')).toBeInTheDocument();
    expect(within(rows[2]).getByText('Failed')).toBeInTheDocument();
    // no standby yet: nothing to fail over to
    expect(within(rows[2]).getByRole('button', { name: 'Fail over' })).toBeDisabled();

    await user.click(within(rows[1]).getByRole('button', { name: 'Fail over' }));
    const confirm = await screen.findByRole('dialog', { name: 'Fail over web-1?' });
    expect(within(confirm).getByText(/Starts the standby VMID 120 on pve1/)).toBeInTheDocument();
    expect(within(confirm).getByText(/the source guest is shut down/)).toBeInTheDocument();
    expect(net.callsTo('POST', `/api/dr-pairs/${PAIR}/guests/${WEB}/failover`)).toHaveLength(0);
    await user.click(within(confirm).getByRole('button', { name: 'Fail over' }));
    await waitFor(() =>
      expect(net.callsTo('POST', `/api/dr-pairs/${PAIR}/guests/${WEB}/failover`)).toHaveLength(1),
    );
    expect(net.callsTo('POST', `/api/dr-pairs/${PAIR}/guests/${WEB}/failover`)[0]?.body).toEqual({
      confirm: true,
      force: false,
    });

    // after the source refused to stop its guest: fail over again, forced
    await waitFor(() =>
      expect(screen.queryByRole('dialog', { name: 'Fail over web-1?' })).not.toBeInTheDocument(),
    );
    await user.click(await within(rows[1]).findByRole('button', { name: 'Fail over' }));
    const again = await screen.findByRole('dialog', { name: 'Fail over web-1?' });
    const forced = within(again).getByRole('checkbox', {
      name: 'Fail over even if the source guest cannot be stopped (both may run)',
    });
    expect(forced).not.toBeChecked();
    await user.click(forced);
    await user.click(within(again).getByRole('button', { name: 'Fail over' }));
    await waitFor(() =>
      expect(net.callsTo('POST', `/api/dr-pairs/${PAIR}/guests/${WEB}/failover`)).toHaveLength(2),
    );
    expect(net.callsTo('POST', `/api/dr-pairs/${PAIR}/guests/${WEB}/failover`)[1]?.body).toEqual({
      confirm: true,
      force: true,
    });
  }, 60_000);

  it('a failed-over guest offers fail back, which names what it overwrites and asks first', async () => {
    const { guests: _g, ...row } = pair;
    const failedOver = {
      ...pair,
      guests: [guest({ failedOverAt: '2026-01-02T03:00:00.000Z' })],
    };
    const net = installFakeFetch({
      'GET /api/dr-pairs': { body: { items: [row], total: 1, page: 1, pageSize: 25 } },
      [`GET /api/dr-pairs/${PAIR}`]: { body: failedOver },
      [`POST /api/dr-pairs/${PAIR}/guests/${WEB}/failback`]: {
        status: 202,
        body: {
          job: job({
            id: '01970000-0000-7000-8000-000000001112',
            type: 'backups.dr-failback',
            status: 'queued',
            progress: 0,
            startedAt: null,
          }),
        },
      },
    });
    const user = userEvent.setup();
    renderApp('/backups?tab=dr', { session: acmeAdminSession() });
    const grid = await screen.findByRole('grid', { name: 'DR pairs' }, { timeout: 15_000 });
    await user.click(
      await within(grid).findByRole('menuitem', { name: 'Guests and recovery points' }),
    );
    const table = await screen.findByRole('table', { name: 'Guests of the DR pair' });
    const rows = within(table).getAllByRole('row');
    expect(within(rows[1]).getByText(/failed over/)).toBeInTheDocument();
    expect(within(rows[1]).queryByRole('button', { name: 'Fail over' })).toBeNull();
    await user.click(within(rows[1]).getByRole('button', { name: 'Fail back' }));
    const confirm = await screen.findByRole('dialog', { name: 'Fail back web-1?' });
    expect(
      within(confirm).getByText(/restores it OVER the source guest VMID 101/),
    ).toBeInTheDocument();
    expect(net.callsTo('POST', `/api/dr-pairs/${PAIR}/guests/${WEB}/failback`)).toHaveLength(0);
    await user.click(within(confirm).getByRole('button', { name: 'Fail back' }));
    await waitFor(() =>
      expect(net.callsTo('POST', `/api/dr-pairs/${PAIR}/guests/${WEB}/failback`)).toHaveLength(1),
    );
    expect(net.callsTo('POST', `/api/dr-pairs/${PAIR}/guests/${WEB}/failback`)[0]?.body).toEqual({
      confirm: true,
    });
  }, 60_000);
});
