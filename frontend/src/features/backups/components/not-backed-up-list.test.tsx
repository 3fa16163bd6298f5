import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { NotBackedUpPage } from '@multpanel/contracts';
import { installFakeFetch } from '@/testing/fake-fetch';
import { companyView, paged, sessionFor } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';
import { ACME_ID, acmeAdminSession } from '../testing/backup-fixtures';

const WEB = '01970000-0000-7000-8000-00000000cc01';
const DB = '01970000-0000-7000-8000-00000000cc02';

const page = (over: Partial<NotBackedUpPage> = {}): NotBackedUpPage => ({
  companyId: ACME_ID,
  guests: 12,
  covered: 8,
  coveredByProxmox: 2,
  clustersUnread: 0,
  total: 2,
  page: 1,
  pageSize: 25,
  items: [
    {
      guestId: WEB,
      name: 'web-1',
      vmid: 101,
      kind: 'qemu',
      clusterId: '01970000-0000-7000-8000-00000000dd01',
      node: 'pve1',
      status: 'running',
      lastBackupAt: null,
    },
    {
      guestId: DB,
      name: null,
      vmid: 102,
      kind: 'lxc',
      clusterId: '01970000-0000-7000-8000-00000000dd01',
      node: 'pve2',
      status: 'stopped',
      lastBackupAt: '2026-11-30T02:00:00.000Z',
    },
  ],
  ...over,
});

describe('not backed up', { timeout: 60_000 }, () => {
  it('shows a company admin their uncovered guests with the coverage summary', async () => {
    const net = installFakeFetch({
      'GET /api/backup-history/not-backed-up': { body: page() },
    });
    renderApp('/backups?tab=notBackedUp', { session: acmeAdminSession() });
    const grid = await screen.findByRole('grid', { name: 'Not backed up' }, { timeout: 15_000 });
    expect(await within(grid).findByRole('link', { name: 'web-1' })).toHaveAttribute(
      'href',
      `/vms/${WEB}`,
    );
    expect(within(grid).getByRole('link', { name: 'VM 102' })).toBeVisible();
    expect(within(grid).getByText('Never')).toBeVisible();
    expect(
      screen.getByText(
        '12 guests: 8 covered by a schedule, 2 only by a Proxmox backup job, 2 not backed up.',
      ),
    ).toBeVisible();
    expect(screen.queryByRole('combobox', { name: 'Company' })).toBeNull();
    const q = net.callsTo('GET', '/api/backup-history/not-backed-up')[0]!.query;
    expect(q.get('companyId')).toBe(ACME_ID);
  });

  it('lets staff pick the company first and warns when a cluster could not be asked', async () => {
    const net = installFakeFetch({
      'GET /api/companies': { body: paged([companyView()], { pageSize: 200 }) },
      'GET /api/backup-history/not-backed-up': { body: page({ clustersUnread: 1 }) },
    });
    const user = userEvent.setup();
    renderApp('/backups?tab=notBackedUp', { session: sessionFor('super_admin') });
    expect(
      await screen.findByText(
        'Pick a company to see which of its guests nothing backs up.',
        {},
        {
          timeout: 15_000,
        },
      ),
    ).toBeVisible();
    expect(net.callsTo('GET', '/api/backup-history/not-backed-up')).toHaveLength(0);
    await user.click(screen.getByRole('combobox', { name: 'Company' }));
    await user.click(await screen.findByRole('option', { name: 'Acme Corp' }));
    await waitFor(() =>
      expect(
        net.callsTo('GET', '/api/backup-history/not-backed-up')[0]?.query.get('companyId'),
      ).toBe(ACME_ID),
    );
    expect(await screen.findByText(/could not be read/)).toBeVisible();
  });
});
