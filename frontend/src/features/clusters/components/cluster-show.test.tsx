import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import { sessionFor } from '@/testing/fixtures';
import { cephStatus, clusterNodeLive, clusterStorage } from '@/testing/fixtures-identity';
import { renderApp } from '@/testing/render-app';
import { clustersFeature } from '../routes';
import { clusterView } from '../testing/cluster-fixtures';
import { FakeWebSocket } from '@/testing/fake-web-socket';
import { FIRST_PAINT } from '../testing/first-paint';

const cluster = clusterView({
  id: 'c1',
  name: 'lab-two',
  endpoints: [{ url: 'https://10.0.0.2:8006', fingerprint: null }],
  pveVersion: '9.1.2',
  health: {
    status: 'offline',
    lastCheckAt: '2026-11-21T10:01:00.000Z',
    lastOkAt: '2026-11-21T10:00:00.000Z',
    lastError: 'lab-two is unreachable at 10.0.0.2:8006 (connection refused)',
    lastLatencyMs: null,
    avgLatencyMs: 12,
    p95LatencyMs: 30,
    successRate: 0.9,
    quorate: null,
  },
  counts: { nodes: 1, guests: 3, unassignedGuests: 2 },
});

describe('cluster page', { timeout: 60_000 }, () => {
  beforeEach(() => vi.stubGlobal('WebSocket', FakeWebSocket));

  it('shows an offline cluster as such, with its last known nodes and storages', async () => {
    installFakeFetch({
      'GET /api/clusters/c1': { body: cluster },
      'GET /api/clusters/c1/nodes/live': {
        body: {
          live: false,
          error: 'lab-two is unreachable at 10.0.0.2:8006 (connection refused)',
          readAt: null,
          nodes: [clusterNodeLive('pve1')],
        },
      },
      'GET /api/clusters/c1/storages': {
        body: [clusterStorage({ node: 'pve1', storage: 'local-lvm', usedBytes: 1024 ** 3 })],
      },
      'GET /api/clusters/c1/health': {
        body: [
          { at: '2026-11-21T10:00:00Z', ok: true, latencyMs: 10, error: null },
          { at: '2026-11-21T10:01:00Z', ok: false, latencyMs: null, error: 'refused' },
        ],
      },
      'GET /api/clusters/c1/ceph': {
        status: 503,
        body: { statusCode: 503, code: 'DEPENDENCY_UNAVAILABLE', message: 'down' },
      },
    });
    renderApp('/clusters/c1', {
      session: sessionFor('super_admin'),
      consoleFeatures: [clustersFeature],
    });

    expect(
      await screen.findByRole('heading', { name: 'lab-two' }, FIRST_PAINT),
    ).toBeInTheDocument();
    expect(screen.getByText('Offline')).toBeInTheDocument();
    expect(
      screen.getByText(/connection refused\)\. The last known inventory stays visible/),
    ).toBeInTheDocument();
    // pve1 appears as a node and as the storage's node
    expect(await screen.findAllByText('pve1', { selector: 'td' })).toHaveLength(2);
    expect(await screen.findByText('local-lvm')).toBeInTheDocument();
    // Last known nodes: marked as such, capacity only, no shell to a cluster that does not answer.
    expect(screen.getByText('online (last known)')).toBeInTheDocument();
    expect(screen.getByText(/Showing the last known nodes: lab-two is unreachable/)).toBeVisible();
    expect(screen.getByText('16 cores')).toBeInTheDocument();
    expect(screen.queryByRole('progressbar', { name: 'CPU of pve1' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Shell on pve1' })).toBeDisabled();
    expect(screen.getByText('90.0 % of checks OK (24 h)')).toBeInTheDocument();
    expect(screen.getByRole('img', { name: /Response time, last 24 hours/ })).toHaveTextContent(
      '2 checks, 1 failed',
    );
    expect(screen.getByRole('progressbar', { name: 'Use of local-lvm on pve1' })).toHaveAttribute(
      'aria-valuenow',
      '1',
    );
    expect(screen.getByRole('link', { name: 'Show its 3 guests' })).toHaveAttribute(
      'href',
      '/vms?clusterId=c1',
    );
    expect(screen.getByRole('link', { name: '2 unassigned guests' })).toHaveAttribute(
      'href',
      '/clusters/unassigned?clusterId=c1',
    );
  });
});

describe('removing a cluster', { timeout: 60_000 }, () => {
  beforeEach(() => vi.stubGlobal('WebSocket', FakeWebSocket));

  it('asks for the name to be typed before it removes, then leaves the page', async () => {
    const net = installFakeFetch({
      'GET /api/clusters/c2': { body: clusterView({ id: 'c2', name: 'lab-three' }) },
      'GET /api/clusters/c2/nodes/live': {
        body: {
          live: true,
          error: null,
          readAt: new Date().toISOString(),
          nodes: [
            clusterNodeLive('pve1', { cpu: 0.25, memBytes: 48 * 1024 ** 3, uptimeSec: 3600 }),
          ],
        },
      },
      'GET /api/clusters/c2/storages': { body: [] },
      'GET /api/clusters/c2/health': { body: [] },
      'GET /api/clusters/c2/ceph': { body: cephStatus('HEALTH_OK') },
      'DELETE /api/clusters/c2': { status: 204 },
      'GET /api/clusters': { body: [] },
    });
    const user = userEvent.setup();
    const { router } = renderApp('/clusters/c2', {
      session: sessionFor('super_admin'),
      consoleFeatures: [clustersFeature],
    });
    await screen.findByRole('heading', { name: 'lab-three' }, FIRST_PAINT);
    expect(await screen.findByText('Ceph HEALTH_OK')).toBeInTheDocument();
    // Node load as bars when the API reports it.
    expect(await screen.findByRole('progressbar', { name: 'CPU of pve1' })).toHaveAttribute(
      'aria-valuenow',
      '25',
    );
    expect(screen.getByRole('progressbar', { name: 'Memory of pve1' })).toHaveAttribute(
      'aria-valuenow',
      '75',
    );

    await user.click(screen.getByRole('button', { name: 'Remove' }));
    const dialog = await screen.findByRole('dialog');
    const confirm = within(dialog).getByRole('button', { name: 'Remove' });
    expect(confirm).toBeDisabled();
    await user.type(within(dialog).getByRole('textbox'), 'lab-thre');
    expect(confirm).toBeDisabled();
    await user.type(within(dialog).getByRole('textbox'), 'e');
    await user.click(confirm);
    await waitFor(() => expect(router.state.location.pathname).toBe('/clusters'));
    expect(net.callsTo('DELETE', '/api/clusters/c2')).toHaveLength(1);
  });
});

describe('cluster nodes', { timeout: 60_000 }, () => {
  beforeEach(() => vi.stubGlobal('WebSocket', FakeWebSocket));

  const node = clusterNodeLive;
  const common = {
    'GET /api/clusters/c3': { body: clusterView({ id: 'c3', name: 'lab-four' }) },
    'GET /api/clusters/c3/storages': { body: [] },
    'GET /api/clusters/c3/health': { body: [] },
    'GET /api/clusters/c3/ceph': { body: cephStatus('HEALTH_OK') },
  };

  it('shows live CPU and memory bars, uptime, and a Shell per online node to super_admin', async () => {
    const net = installFakeFetch({
      ...common,
      'GET /api/clusters/c3/nodes/live': {
        body: {
          live: true,
          error: null,
          readAt: new Date().toISOString(),
          nodes: [
            node('pve1', { cpu: 0.5, memBytes: 16 * 1024 ** 3, uptimeSec: 90_000 }),
            node('pve2', { status: 'offline' }),
            node('pve9', { goneAt: '2026-11-02T00:00:00.000Z' }),
          ],
        },
      },
    });
    const user = userEvent.setup();
    const { router } = renderApp('/clusters/c3', {
      session: sessionFor('super_admin'),
      consoleFeatures: [clustersFeature],
    });
    await screen.findByRole('heading', { name: 'lab-four' }, FIRST_PAINT);
    const cpu = await screen.findByRole('progressbar', { name: 'CPU of pve1' });
    expect(cpu).toHaveAttribute('aria-valuenow', '50');
    expect(screen.getByText('50.0 % of 16 cores')).toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: 'Memory of pve1' })).toHaveAttribute(
      'aria-valuenow',
      '25',
    );
    expect(screen.getByText('16 GiB / 64 GiB')).toBeInTheDocument();
    expect(screen.getByText('1 d 1 h')).toBeInTheDocument();
    expect(screen.getByText(/Load read from Proxmox/)).toBeInTheDocument();
    // An offline node: no load, no shell (with the reason); a node gone from Proxmox is not listed.
    expect(screen.queryByRole('progressbar', { name: 'CPU of pve2' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Shell on pve2' })).toBeDisabled();
    expect(screen.queryByText('pve9')).not.toBeInTheDocument();
    expect(screen.queryByText(/last known/)).not.toBeInTheDocument();

    const shell = screen.getByRole('link', { name: 'Shell on pve1' });
    expect(shell).toHaveAttribute('href', '/clusters/c3/nodes/pve1/console');
    await user.click(shell);
    await waitFor(() =>
      expect(router.state.location.pathname).toBe('/clusters/c3/nodes/pve1/console'),
    );
    expect(net.callsTo('GET', '/api/clusters/c3/nodes')).toHaveLength(0);
  });

  it('shows a salesperson the stored nodes without live load and without a Shell', async () => {
    const net = installFakeFetch({
      ...common,
      'GET /api/clusters/c3/nodes': {
        body: [
          {
            name: 'pve1',
            status: 'online',
            maxcpu: 16,
            maxmemBytes: 64 * 1024 ** 3,
            maxdiskBytes: null,
            goneAt: null,
            updatedAt: '2026-11-01T00:00:00.000Z',
          },
        ],
      },
    });
    renderApp('/clusters/c3', {
      session: sessionFor('salesperson'),
      consoleFeatures: [clustersFeature],
    });
    await screen.findByRole('heading', { name: 'lab-four' }, FIRST_PAINT);
    expect(await screen.findByText('16 cores')).toBeInTheDocument();
    expect(screen.getByText('pve1', { selector: 'td' })).toBeInTheDocument();
    expect(screen.queryByText('Shell')).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /Shell on/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('progressbar', { name: 'CPU of pve1' })).not.toBeInTheDocument();
    expect(net.callsTo('GET', '/api/clusters/c3/nodes/live')).toHaveLength(0);
  });
});
