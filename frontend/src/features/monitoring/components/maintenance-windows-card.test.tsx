import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { MaintenanceWindowDto } from '@multpanel/contracts';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeWebSocket } from '@/testing/fake-web-socket';
import { installFakeFetch } from '@/testing/fake-fetch';
import {
  ACME_ID,
  acmeAdminSession,
  CLUSTER_ID,
  clusterView,
  companyView,
  paged,
  sessionFor,
} from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';
import { monitoringFeature } from '../routes';

const hour = 3600_000;
const at = (ms: number) => new Date(ms).toISOString();
const win = (over: Partial<MaintenanceWindowDto>): MaintenanceWindowDto => ({
  id: 'mw-1',
  companyId: null,
  clusterId: null,
  node: null,
  guestId: null,
  startsAt: at(Date.now() - hour),
  endsAt: at(Date.now() + hour),
  reason: 'Kernel update',
  createdById: 'u-super_admin',
  createdAt: at(Date.now() - 2 * hour),
  companyName: null,
  clusterName: null,
  guestName: null,
  ...over,
});

const base = {
  'GET /api/alert-rules': { body: [] },
  'GET /api/notification-channels': { body: [] },
  'GET /api/companies': { body: paged([companyView()], { pageSize: 200 }) },
  'GET /api/clusters': { body: [clusterView({ id: CLUSTER_ID, name: 'pve-lab' })] },
};

describe('maintenance windows', { timeout: 60_000 }, () => {
  beforeEach(() => vi.stubGlobal('WebSocket', FakeWebSocket));

  it('lists windows by name and phase, plans one for a node and deletes one after confirming', async () => {
    let windows: MaintenanceWindowDto[] = [
      win({
        id: 'mw-now',
        companyId: ACME_ID,
        companyName: 'Acme Corp',
        clusterId: CLUSTER_ID,
        clusterName: 'pve-lab',
        guestId: 'g-1',
        guestName: 'web-1',
      }),
      win({
        id: 'mw-later',
        reason: 'Switch firmware',
        startsAt: at(Date.now() + 24 * hour),
        endsAt: at(Date.now() + 26 * hour),
      }),
      win({
        id: 'mw-past',
        reason: 'Old work',
        startsAt: at(Date.now() - 48 * hour),
        endsAt: at(Date.now() - 47 * hour),
      }),
    ];
    const net = installFakeFetch({
      ...base,
      'GET /api/maintenance-windows': () => ({ body: windows }),
      'POST /api/maintenance-windows': (req) => {
        const b = req.body as MaintenanceWindowDto;
        const w = win({ ...b, id: 'mw-new', clusterName: 'pve-lab' });
        windows = [...windows, w];
        return { status: 201, body: w };
      },
      'DELETE /api/maintenance-windows/mw-later': () => {
        windows = windows.filter((w) => w.id !== 'mw-later');
        return { status: 204 };
      },
    });
    const user = userEvent.setup();
    renderApp('/monitoring/rules', {
      session: sessionFor('super_admin'),
      consoleFeatures: [monitoringFeature],
    });
    const table = await screen.findByRole(
      'table',
      { name: 'Maintenance windows' },
      { timeout: 15_000 },
    );
    const row = (text: string) => within(table).getByText(text).closest('tr')!;
    await within(table).findByText('Kernel update');
    expect(row('Kernel update')).toHaveTextContent('Acme Corp · pve-lab · web-1');
    expect(row('Kernel update')).toHaveTextContent('In progress');
    expect(row('Switch firmware')).toHaveTextContent('Everything');
    expect(row('Switch firmware')).toHaveTextContent('Planned');
    expect(row('Old work')).toHaveTextContent('Ended');
    expect(within(row('Old work')).queryByRole('button', { name: /Delete/ })).toBeNull();

    const form = screen.getByRole('form', { name: 'Plan maintenance' });
    const node = within(form).getByRole('textbox', { name: 'Node (optional)' });
    expect(node).toBeDisabled();
    await user.click(within(form).getByRole('combobox', { name: 'Cluster' }));
    await user.click(await screen.findByRole('option', { name: 'pve-lab' }));
    await user.type(node, 'pve1');
    const starts = within(form).getByLabelText('Starts');
    const ends = within(form).getByLabelText('Ends');
    await user.clear(starts);
    await user.type(starts, '2027-01-10T22:00');
    await user.clear(ends);
    await user.type(ends, '2027-01-11T02:00');
    await user.type(within(form).getByRole('textbox', { name: 'Reason' }), 'Node reboot');
    await user.click(within(form).getByRole('button', { name: 'Plan window' }));
    await waitFor(() =>
      expect(net.callsTo('POST', '/api/maintenance-windows')[0]?.body).toEqual({
        companyId: null,
        clusterId: CLUSTER_ID,
        node: 'pve1',
        startsAt: new Date('2027-01-10T22:00').toISOString(),
        endsAt: new Date('2027-01-11T02:00').toISOString(),
        reason: 'Node reboot',
      }),
    );
    expect(await within(table).findByText('Node reboot')).toBeVisible();

    await user.click(within(table).getByRole('button', { name: 'Delete window Switch firmware' }));
    const dialog = await screen.findByRole('dialog');
    expect(net.callsTo('DELETE', '/api/maintenance-windows/mw-later')).toHaveLength(0);
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(within(table).queryByText('Switch firmware')).toBeNull());
  });

  it('lets a company admin plan a window for the company only, and shows the API refusal', async () => {
    const net = installFakeFetch({
      ...base,
      'GET /api/maintenance-windows': { body: [] },
      'POST /api/maintenance-windows': {
        status: 400,
        body: {
          statusCode: 400,
          code: 'VALIDATION_FAILED',
          message: 'endsAt must be after startsAt',
          details: [{ path: 'endsAt', message: 'must be after startsAt', code: 'custom' }],
        },
      },
    });
    const user = userEvent.setup();
    renderApp('/monitoring/rules', {
      session: acmeAdminSession(),
      consoleFeatures: [monitoringFeature],
    });
    const form = await screen.findByRole('form', { name: 'Plan maintenance' }, { timeout: 15_000 });
    expect(await screen.findByText('No maintenance windows.')).toBeVisible();
    expect(within(form).queryByRole('combobox', { name: 'Company' })).toBeNull();
    expect(within(form).queryByRole('combobox', { name: 'Cluster' })).toBeNull();
    await user.type(within(form).getByRole('textbox', { name: 'Reason' }), 'App upgrade');
    await user.click(within(form).getByRole('button', { name: 'Plan window' }));
    await waitFor(() =>
      expect(net.callsTo('POST', '/api/maintenance-windows')[0]?.body).toMatchObject({
        companyId: ACME_ID,
        clusterId: null,
        node: null,
        reason: 'App upgrade',
      }),
    );
    expect(await screen.findByText(/endsAt must be after startsAt/)).toBeVisible();
    expect(net.callsTo('GET', '/api/clusters')).toHaveLength(0);
  });
});
