import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type {
  FirewallChangeDto,
  FirewallDeploymentDto,
  FirewallDto,
  FirewallPage,
} from '@multpanel/contracts';
import { describe, expect, it } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import { ACME_ID, sessionFor } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';
import { firewallsFeature } from '../routes';

const FW = '0193a1b2-0000-7000-8000-0000000000f1';
const fw: FirewallDto = {
  id: FW,
  companyId: ACME_ID,
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

describe('firewalls pages', () => {
  it(
    'lists firewalls and shows one with its port forwards, rules and change history',
    { timeout: 90_000 },
    async () => {
      const net = installFakeFetch({
        'GET /api/firewalls': { body: page },
        [`GET /api/firewalls/${FW}`]: { body: fw },
        [`GET /api/firewalls/${FW}/changes`]: { body: [change] },
        'GET /api/firewalls/deployments': (req) =>
          req.query.get('firewallId') === FW ? { body: [deployment] } : { body: [] },
        [`GET /api/firewalls/${FW}/items/d_nat`]: {
          body: {
            kind: 'd_nat',
            rows: [{ uuid: 'u1', target: '10.20.0.10', 'destination.port': '443', descr: 'web' }],
          },
        },
        [`GET /api/firewalls/${FW}/items/filter`]: { body: { kind: 'filter', rows: [] } },
      });
      renderApp('/firewalls', {
        session: sessionFor('company_admin'),
        consoleFeatures: [firewallsFeature],
      });
      const link = await screen.findByRole('link', { name: 'acme-edge' });
      expect(screen.getByText('Online')).toBeTruthy();
      // deploying is the MSP's (firewall.register), not a company admin's
      expect(screen.queryByRole('link', { name: 'Deploy a firewall' })).toBeNull();
      const user = userEvent.setup();
      await user.click(link);
      expect(await screen.findByText('10.20.0.10')).toBeTruthy();
      // the description first (it names the row; the grid scrolls sideways)
      expect(screen.getAllByRole('columnheader')[0]!.textContent).toBe('descr');
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
