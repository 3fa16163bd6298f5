import type { CompanyDashboard, StaffDashboard } from '@multpanel/contracts';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeWebSocket } from '@/testing/fake-web-socket';
import { installFakeFetch } from '@/testing/fake-fetch';
import { ACME_ID, companyView, healthyBody, sessionFor } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';

const GIB = 1024 ** 3;

const fleet: StaffDashboard = {
  clusters: { total: 3, online: 1, degraded: 1, offline: 1, unknown: 0 },
  nodes: { total: 9, online: 8, offline: 1 },
  guests: { running: 120, stopped: 30, other: 0, total: 150 },
  allocated: { vcpus: 300, memoryBytes: 600 * GIB, diskBytes: 5000 * GIB },
  capacity: { cpus: 512, memoryBytes: 2048 * GIB },
  alerts: { info: 0, warning: 4, critical: 2 },
  jobs: { queued: 1, running: 3, last24h: { succeeded: 9, failed: 1, successRate: 0.9 } },
  backups24h: { succeeded: 3, failed: 1, successRate: 0.75 },
  topConsumers: [
    { companyId: ACME_ID, companyName: 'Acme Corp', guests: 40, vcpus: 96, memoryBytes: 192 * GIB },
  ],
  connections: [
    {
      clusterId: 'c1',
      name: 'pve-fra',
      status: 'online',
      avgLatencyMs: 12,
      successRate: 1,
      lastOkAt: '2026-12-06T10:00:00Z',
    },
  ],
};

const company: CompanyDashboard = {
  companyId: ACME_ID,
  guests: { running: 2, stopped: 1, other: 0, total: 3 },
  allocated: { vcpus: 6, memoryBytes: 12 * GIB, diskBytes: 30 * GIB },
  alerts: { info: 0, warning: 1, critical: 1 },
  quota: {
    limits: { guests: 10, vcpus: null, memoryMb: 65536, diskGb: 500 },
    usage: { guests: 3, vcpus: 6, memoryMb: 12288, diskGb: 30 },
  },
  usageThisMonth: { month: '2026-12', vcpuHours: 744, ramGbHours: 1488.4 },
  lastBackups: [
    { guestId: 'g1', guestName: 'web-1', status: 'failed', finishedAt: '2026-12-06T02:00:00Z' },
  ],
  recentJobs: [
    {
      id: 'j1',
      type: 'vm.power',
      status: 'succeeded',
      createdAt: '2026-12-06T09:00:00Z',
      finishedAt: '2026-12-06T09:00:05Z',
    },
  ],
};

describe('role dashboards', { timeout: 60_000 }, () => {
  beforeEach(() => vi.stubGlobal('WebSocket', FakeWebSocket));

  it('shows the staff the fleet at a glance and asks for no company figures', async () => {
    const net = installFakeFetch({
      'GET /api/health': { body: healthyBody },
      'GET /api/dashboard/fleet': { body: fleet },
    });
    renderApp('/', { session: sessionFor('super_admin') });
    const estate = await screen.findByTestId('fleet-estate', {}, { timeout: 15_000 });
    expect(estate).toHaveTextContent('3: 1 healthy, 1 degraded, 1 offline');
    expect(estate).toHaveTextContent('9: 8 online, 1 offline');
    expect(estate).toHaveTextContent('150: 120 running, 30 stopped');
    expect(screen.getByTestId('fleet-capacity')).toHaveTextContent('300 of 512');
    expect(screen.getByTestId('fleet-capacity')).toHaveTextContent('600 of 2048 GiB');
    const alerts = screen.getByTestId('fleet-alerts');
    expect(within(alerts).getByText('Critical').nextSibling).toHaveTextContent('2');
    expect(screen.getByTestId('fleet-jobs')).toHaveTextContent('3 running, 1 queued');
    expect(screen.getByTestId('fleet-jobs')).toHaveTextContent('Jobs succeeded (24 h)90 %');
    expect(screen.getByTestId('fleet-jobs')).toHaveTextContent('Backups succeeded (24 h)75 %');
    expect(screen.getByTestId('fleet-top')).toHaveTextContent('Acme Corp40 guests · 96 vCPUs');
    expect(screen.getByTestId('fleet-connections')).toHaveTextContent('pve-fraonline · 12 ms');
    expect(net.callsTo('GET', '/api/dashboard/company')).toHaveLength(0);
  });

  it("shows a company admin their company's estate, quota, alerts and usage", async () => {
    const net = installFakeFetch({
      'GET /api/health': { body: healthyBody },
      'GET /api/dashboard/company': { body: company },
    });
    renderApp('/', { session: sessionFor('company_admin') });
    const guests = await screen.findByTestId('company-guests', {}, { timeout: 15_000 });
    expect(guests).toHaveTextContent('Running2');
    expect(guests).toHaveTextContent('6 vCPUs · 12 GiB RAM · 30 GiB disk');
    const quota = screen.getByTestId('company-quota');
    expect(quota).toHaveTextContent('Guests3 of 10');
    expect(quota).toHaveTextContent('vCPUs6 of no limit');
    expect(screen.getByTestId('company-alerts')).toHaveTextContent('vCPU-hours (2026-12)744');
    expect(screen.getByTestId('company-alerts')).toHaveTextContent('RAM GB-hours1488');
    expect(screen.getByTestId('company-backups')).toHaveTextContent('web-1 · failed');
    expect(screen.getByTestId('company-jobs')).toHaveTextContent('vm.power · succeeded');
    expect(net.callsTo('GET', '/api/dashboard/company')[0]!.query.get('companyId')).toBe(ACME_ID);
    expect(net.callsTo('GET', '/api/dashboard/fleet')).toHaveLength(0);
  });

  it('shows a user their guests without alert, quota or usage cards', async () => {
    installFakeFetch({
      'GET /api/health': { body: healthyBody },
      'GET /api/dashboard/company': {
        body: { ...company, alerts: null, quota: null, usageThisMonth: null },
      },
    });
    renderApp('/', { session: sessionFor('user') });
    expect(await screen.findByTestId('company-guests', {}, { timeout: 15_000 })).toBeVisible();
    expect(screen.queryByTestId('company-quota')).not.toBeInTheDocument();
    expect(screen.queryByTestId('company-alerts')).not.toBeInTheDocument();
  });

  it('lets a salesperson pick one of their assigned companies and shows its figures', async () => {
    const GLOBEX_ID = '33333333-3333-4333-8333-333333333333';
    const net = installFakeFetch({
      'GET /api/health': { body: healthyBody },
      // The API lists only the salesperson's assigned companies.
      'GET /api/companies': {
        body: {
          items: [
            companyView({ id: ACME_ID, name: 'Acme Corp' }),
            companyView({ id: GLOBEX_ID, name: 'Globex' }),
          ],
          total: 2,
          page: 1,
          pageSize: 200,
        },
      },
      'GET /api/dashboard/company': (req) => ({
        body: { ...company, companyId: req.query.get('companyId')! },
      }),
    });
    const user = userEvent.setup();
    renderApp('/', { session: sessionFor('salesperson') });
    expect(
      await screen.findByText(
        'Pick one of your companies to see its figures.',
        {},
        { timeout: 15_000 },
      ),
    ).toBeVisible();
    expect(net.callsTo('GET', '/api/dashboard/company')).toHaveLength(0);
    await user.click(screen.getByRole('combobox', { name: 'Company' }));
    await user.click(await screen.findByRole('option', { name: 'Globex' }));
    expect(await screen.findByTestId('company-guests')).toHaveTextContent('Running2');
    expect(net.callsTo('GET', '/api/dashboard/company')[0]!.query.get('companyId')).toBe(GLOBEX_ID);
    expect(net.callsTo('GET', '/api/dashboard/fleet')).toHaveLength(0);
  });
});
