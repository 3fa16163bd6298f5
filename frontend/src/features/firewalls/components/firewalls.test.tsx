import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type {
  FirewallChangeDto,
  FirewallDeployMetricsDto,
  FirewallDeploymentDto,
  FirewallDto,
  FirewallPage,
} from '@multpanel/contracts';
import { describe, expect, it } from 'vitest';
import { formatDateTime } from '@/lib/format-time';
import { installFakeFetch } from '@/testing/fake-fetch';
import { ACME_ID, sessionFor } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';
import { firewallsFeature } from '../routes';

const FW = '0193a1b2-0000-7000-8000-0000000000f1';
const fw: FirewallDto = {
  id: FW,
  companyId: ACME_ID,
  companyName: 'Acme Corp',
  name: 'acme-edge',
  url: 'https://198.51.100.20',
  fingerprint: 'AB:'.repeat(31) + 'AB',
  version: '26.1.2',
  status: 'online',
  lastSeenAt: '2026-12-06T10:00:00.000Z',
  lastError: null,
  lastChangeAt: null,
  createdAt: '2026-12-06T09:00:00.000Z',
};
const page: FirewallPage = { items: [fw], total: 1, page: 1, pageSize: 50 };
const change: FirewallChangeDto = {
  id: '0193a1b2-0000-7000-8000-0000000000c9',
  firewallId: FW,
  status: 'failed',
  operations: [{ op: 'create', kind: 'filter', item: { interface: 'wan', action: 'block' } }],
  diff: [],
  note: null,
  reason: 'The firewall stopped answering after the apply',
  durationMs: 1520,
  jobId: null,
  revertOfId: null,
  createdAt: '2026-12-06T10:05:00.000Z',
  appliedAt: '2026-12-06T10:05:02.000Z',
};

const deployment: FirewallDeploymentDto = {
  id: '0193a1b2-0000-7000-8000-0000000000d1',
  companyId: fw.companyId,
  firewallId: FW,
  jobId: null,
  kind: 'network_edge',
  status: 'succeeded',
  authMethod: 'api_key',
  vmid: 120,
  steps: [
    { step: 'clone', ms: 1044, ok: true },
    { step: 'api', ms: 278, ok: true },
  ],
  durationMs: 9686,
  error: null,
  createdAt: '2026-12-06T09:00:00.000Z',
  finishedAt: '2026-12-06T09:00:09.686Z',
};

const metrics = (over: Partial<FirewallDeployMetricsDto> = {}): FirewallDeployMetricsDto => ({
  byAuthMethod: [
    {
      authMethod: 'api_key',
      deployments: 3,
      succeeded: 2,
      successRate: 2 / 3,
      meanMs: 9686,
      maxMs: 12_400,
      stepMeanMs: { clone: 1044, api: 278 },
    },
    {
      authMethod: 'bootstrap',
      deployments: 1,
      succeeded: 1,
      successRate: 1,
      meanMs: 10_050,
      maxMs: 10_050,
      stepMeanMs: { clone: 990, api: 301, 'rotate-key': 64 },
    },
  ],
  changes: {
    authMethod: 'api_key',
    changes: 4,
    applied: 3,
    successRate: 0.75,
    meanMs: 412,
    maxMs: 1520,
  },
  ...over,
});

describe('firewalls pages', () => {
  it(
    'lists firewalls and shows one with its port forwards, rules and change history',
    { timeout: 90_000 },
    async () => {
      const net = installFakeFetch({
        'GET /api/firewalls': { body: page },
        [`GET /api/firewalls/${FW}`]: { body: fw },
        [`GET /api/firewalls/${FW}/changes`]: { body: [change] },
        // no figures here: the panel has its own test below
        'GET /api/firewalls/deployments/metrics': { body: metrics({ byAuthMethod: [] }) },
        'GET /api/firewalls/deployments': (req) =>
          req.query.get('firewallId') === FW ? { body: [deployment] } : { body: [] },
        [`GET /api/firewalls/${FW}/items/d_nat`]: {
          body: {
            kind: 'd_nat',
            rows: [{ uuid: 'u1', target: '10.20.0.10', 'destination.port': '443', descr: 'web' }],
          },
        },
        [`GET /api/firewalls/${FW}/items/filter`]: { body: { kind: 'filter', rows: [] } },
        [`GET /api/firewalls/${FW}/items/dhcp_leases`]: {
          body: {
            kind: 'dhcp_leases',
            rows: [
              {
                uuid: '10.20.0.128',
                address: '10.20.0.128',
                hwaddr: 'bc:24:11:aa:bb:01',
                hostname: 'laptop',
                expire: Date.parse('2026-12-06T11:06:40.000Z') / 1000,
                if_name: 'lan',
              },
            ],
          },
        },
        [`GET /api/firewalls/${FW}/items/interfaces`]: {
          body: {
            kind: 'interfaces',
            rows: [{ uuid: 'wan', identifier: 'wan', device: 'vtnet0', ipv4: '198.51.100.20/24' }],
          },
        },
      });
      renderApp('/firewalls', {
        session: sessionFor('company_admin'),
        consoleFeatures: [firewallsFeature],
      });
      const link = await screen.findByRole('link', { name: 'acme-edge' }, { timeout: 45_000 });
      expect(screen.getByText('Online')).toBeTruthy();
      // the company by name, not its id
      const row = link.closest('[role="row"]') as HTMLElement;
      expect(within(row).getByText('Acme Corp')).toBeTruthy();
      expect(within(row).queryByText(ACME_ID)).toBeNull();
      // deploying is the MSP's (firewall.register), not a company admin's
      expect(screen.queryByRole('link', { name: 'Deploy a firewall' })).toBeNull();
      const user = userEvent.setup();
      await user.click(link);
      expect(await screen.findByText('10.20.0.10', {}, { timeout: 45_000 })).toBeTruthy();
      // the description first (it names the row; the grid scrolls sideways)
      // (after the row actions, which have no header)
      expect(
        screen
          .getAllByRole('columnheader')
          .map((h) => h.textContent)
          .filter(Boolean)[0],
      ).toBe('descr');
      expect(
        await screen.findByText('The firewall stopped answering after the apply'),
      ).toBeTruthy();
      expect(await screen.findByText('clone 1044 ms · api 278 ms')).toBeTruthy();
      expect(screen.getByText('9.7 s')).toBeTruthy();
      await user.click(screen.getByRole('tab', { name: 'Rules' }));
      await waitFor(() =>
        expect(net.callsTo('GET', `/api/firewalls/${FW}/items/filter`)).toHaveLength(1),
      );
      await waitFor(() => expect(screen.queryByText('10.20.0.10')).toBeNull());
      // read-only views of the firewall's state sit beside the rule kinds
      await user.click(screen.getByRole('tab', { name: 'DHCP leases' }));
      expect(await screen.findByText('10.20.0.128')).toBeTruthy();
      expect(screen.getByText('laptop')).toBeTruthy();
      expect(screen.queryByText('1796555200')).toBeNull(); // the lease's end as a date, not Unix time
      expect(screen.getByText(formatDateTime('2026-12-06T11:06:40.000Z'))).toBeTruthy();
      await user.click(screen.getByRole('tab', { name: 'Interfaces' }));
      expect(await screen.findByText('198.51.100.20/24')).toBeTruthy();
    },
  );

  // the first render loads the lazy pages (MUI tables and grids): slow on a loaded machine
  const slow = { timeout: 45_000 };

  it(
    'compares deployments by auth method in total on the list, and per firewall on its page',
    { timeout: 120_000 },
    async () => {
      const one = metrics({
        byAuthMethod: [metrics().byAuthMethod[1]!],
        changes: {
          ...metrics().changes,
          changes: 0,
          applied: 0,
          successRate: 0,
          meanMs: null,
          maxMs: null,
        },
      });
      const net = installFakeFetch({
        'GET /api/firewalls': { body: page },
        'GET /api/firewalls/deployments/metrics': (req) =>
          req.query.get('firewallId') === FW ? { body: one } : { body: metrics() },
        [`GET /api/firewalls/${FW}`]: { body: fw },
        [`GET /api/firewalls/${FW}/changes`]: { body: [] },
        'GET /api/firewalls/deployments': {
          body: [
            {
              ...deployment,
              authMethod: 'bootstrap',
              steps: [
                { step: 'api', ms: 301, ok: true, auth: 'bootstrap' },
                { step: 'rotate-key', ms: 64, ok: true, auth: 'bootstrap' },
                { step: 'baseline', ms: 820, ok: true, auth: 'api_key' },
              ],
            },
          ],
        },
        [`GET /api/firewalls/${FW}/items/d_nat`]: { body: { kind: 'd_nat', rows: [] } },
      });
      renderApp('/firewalls', {
        session: sessionFor('company_admin'),
        consoleFeatures: [firewallsFeature],
      });
      const total = await screen.findByRole(
        'region',
        { name: 'Deployment and change figures (all firewalls)' },
        slow,
      );
      const rows = within(total).getAllByRole('row');
      expect(rows.map((r) => r.textContent)).toEqual([
        'Auth at first contactSucceededSuccess rateMeanSlowestcloneapirotate-key',
        'Generated API key2/367 %9.7 s12.4 s1.0 s278 ms—',
        'One-time bootstrap credential1/1100 %10.1 s10.1 s990 ms301 ms64 ms',
      ]);
      expect(
        within(total).getByText(
          'Rule/NAT change sets (API key): 3 of 4 applied (75 %), apply mean 412 ms, slowest 1.5 s',
        ),
      ).toBeTruthy();
      expect(
        net.callsTo('GET', '/api/firewalls/deployments/metrics')[0]!.query.get('firewallId'),
      ).toBeNull();

      await userEvent.setup().click(screen.getByRole('link', { name: 'acme-edge' }));
      const mine = await screen.findByRole(
        'region',
        { name: 'Deployment and change figures' },
        slow,
      );
      await waitFor(() =>
        expect(
          within(mine)
            .getAllByRole('row')
            .map((r) => r.textContent),
        ).toEqual([
          'Auth at first contactSucceededSuccess rateMeanSlowestcloneapirotate-key',
          'One-time bootstrap credential1/1100 %10.1 s10.1 s990 ms301 ms64 ms',
        ]),
      );
      expect(within(mine).getByText('No rule or NAT change applied yet.')).toBeTruthy();
      expect(
        await screen.findByText(
          'api 301 ms (bootstrap) · rotate-key 64 ms (bootstrap) · baseline 820 ms (api_key)',
        ),
      ).toBeTruthy();
      // the deployment's row names its method too
      expect(screen.getAllByText('One-time bootstrap credential')).toHaveLength(2);
    },
  );

  it('offers the MSP the deploy and network-edge wizards', async () => {
    installFakeFetch({ 'GET /api/firewalls': { body: page } });
    renderApp('/firewalls', {
      session: sessionFor('super_admin'),
      consoleFeatures: [firewallsFeature],
    });
    expect(await screen.findByRole('link', { name: 'Deploy a firewall' })).toHaveAttribute(
      'href',
      '/firewalls/deploy',
    );
    expect(screen.getByRole('link', { name: 'Network edge' })).toHaveAttribute(
      'href',
      '/firewalls/network-edge',
    );
  });

  it('is not offered to a role without firewall.read', async () => {
    installFakeFetch({});
    renderApp('/firewalls', { session: sessionFor('user'), consoleFeatures: [firewallsFeature] });
    expect(await screen.findByText('You do not have access to this page')).toBeTruthy();
  });
});
