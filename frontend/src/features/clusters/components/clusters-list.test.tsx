import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import { companyView, paged, sessionFor } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';
import { clustersFeature } from '../routes';
import { clusterView } from '../testing/cluster-fixtures';
import { FakeWebSocket } from '@/testing/fake-web-socket';
import { FIRST_PAINT } from '../testing/first-paint';

const A = '0193a1b2-0000-7000-8000-00000000000a';
const B = '0193a1b2-0000-7000-8000-00000000000b';
const ACME = '0193a1b2-0000-7000-8000-0000000000ac';

describe('clusters list', { timeout: 60_000 }, () => {
  beforeEach(() => {
    FakeWebSocket.instances = [];
    vi.stubGlobal('WebSocket', FakeWebSocket);
  });

  it('turns a cluster offline from a cluster.health message, without a reload', async () => {
    const net = installFakeFetch({
      'GET /api/clusters': {
        body: [clusterView({ id: A, name: 'fra-1' }), clusterView({ id: B, name: 'ams-2' })],
      },
    });
    renderApp('/clusters', {
      session: sessionFor('super_admin'),
      consoleFeatures: [clustersFeature],
    });

    const chip = await screen.findByTestId('cluster-status-ams-2', {}, FIRST_PAINT);
    expect(chip).toHaveTextContent('Online');
    await screen.findByText('Live: status changes appear as they happen.');
    // The page listens on the shell's connection: one socket per tab, not one per screen.
    expect(FakeWebSocket.instances).toHaveLength(1);
    expect(FakeWebSocket.instances[0]!.url).toMatch(/\/api\/events\?token=token-super_admin$/);
    const fetchesBefore = net.callsTo('GET', '/api/clusters').length;

    // Another cluster's message, garbage and other types change nothing.
    act(() => FakeWebSocket.broadcast('job.updated', { clusterId: B, status: 'offline' }));
    act(() => FakeWebSocket.instances.forEach((s) => s.onmessage?.({ data: '{broken' })));
    expect(screen.getByTestId('cluster-status-ams-2')).toHaveTextContent('Online');

    act(() =>
      FakeWebSocket.broadcast('cluster.health', {
        clusterId: B,
        name: 'ams-2',
        status: 'offline',
        previousStatus: 'online',
        lastError: 'ams-2 is unreachable (connection refused)',
        latencyMs: null,
        at: new Date().toISOString(),
      }),
    );
    await waitFor(() =>
      expect(screen.getByTestId('cluster-status-ams-2')).toHaveTextContent('Offline'),
    );
    expect(screen.getByTestId('cluster-status-fra-1')).toHaveTextContent('Online');
    expect(screen.getByRole('alert')).toHaveTextContent('1 cluster is offline: ams-2');
    // The change came from the socket, not from a refetch.
    expect(net.callsTo('GET', '/api/clusters')).toHaveLength(fetchesBefore);

    act(() =>
      FakeWebSocket.broadcast('cluster.health', {
        clusterId: B,
        name: 'ams-2',
        status: 'online',
        previousStatus: 'offline',
        lastError: null,
        latencyMs: 9,
        at: new Date().toISOString(),
      }),
    );
    await waitFor(() =>
      expect(screen.getByTestId('cluster-status-ams-2')).toHaveTextContent('Online'),
    );
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('tests the selected clusters in bulk and shows one result per cluster', async () => {
    const net = installFakeFetch({
      'GET /api/clusters': {
        body: [clusterView({ id: A, name: 'fra-1' }), clusterView({ id: B, name: 'ams-2' })],
      },
      'POST /api/bulk-clusters/test-connection': {
        body: [
          {
            clusterId: A,
            name: 'fra-1',
            error: null,
            result: {
              ok: true,
              reachable: true,
              endpoint: 'https://fra-1.example:8006',
              latencyMs: 14,
              version: '9.1.2',
              clusterName: 'fra-1',
              quorate: true,
              nodes: [
                { name: 'pve1', online: true },
                { name: 'pve2', online: true },
              ],
              permissions: ['Sys.Audit'],
              missingPermissions: [],
              error: null,
              errorCode: null,
            },
          },
          {
            clusterId: B,
            name: 'ams-2',
            error: 'ams-2 is unreachable at ams-2.example:8006 (connection refused)',
            result: null,
          },
        ],
      },
    });
    const user = userEvent.setup();
    renderApp('/clusters', {
      session: sessionFor('super_admin'),
      consoleFeatures: [clustersFeature],
    });

    const grid = await screen.findByRole('grid', {}, FIRST_PAINT);
    await within(grid).findByText('fra-1');
    const bulk = screen.getByRole('button', { name: /Test connection/ });
    expect(bulk).toBeDisabled();
    await user.click(within(grid).getByRole('checkbox', { name: /select all/i }));
    expect(bulk).toHaveTextContent('Test connection (2)');
    await user.click(bulk);

    const results = await screen.findByRole('table', { name: 'Connection test results' });
    expect(within(results).getByText(/OK, 2 nodes/)).toBeInTheDocument();
    expect(
      within(results).getByText(/ams-2 is unreachable .* \(connection refused\)/),
    ).toBeInTheDocument();
    expect(screen.getByText('1 answered, 1 failed')).toBeInTheDocument();
    const [call] = net.callsTo('POST', '/api/bulk-clusters/test-connection');
    expect((call.body as { clusterIds: string[] }).clusterIds.sort()).toEqual([A, B].sort());
  });

  it("names a company's own cluster's owner, and shared ones as the MSP's", async () => {
    installFakeFetch({
      'GET /api/clusters': {
        body: [
          clusterView({ id: A, name: 'fra-1' }),
          clusterView({ id: B, name: 'acme-dc', ownerCompanyId: ACME }),
        ],
      },
      'GET /api/companies': {
        body: paged([companyView({ id: ACME, name: 'Acme Corp' })], { pageSize: 200 }),
      },
    });
    renderApp('/clusters', {
      session: sessionFor('super_admin'),
      consoleFeatures: [clustersFeature],
    });
    const owned = await screen.findByRole('row', { name: /acme-dc/ }, FIRST_PAINT);
    expect(await within(owned).findByText('Acme Corp')).toBeInTheDocument();
    const shared = screen.getByRole('row', { name: /fra-1/ });
    expect(within(shared).getByText('Shared (MSP)')).toBeInTheDocument();
  });

  it('lets a salesperson read the list but not test, add or import', async () => {
    installFakeFetch({ 'GET /api/clusters': { body: [clusterView({ id: A, name: 'fra-1' })] } });
    renderApp('/clusters', {
      session: sessionFor('salesperson'),
      consoleFeatures: [clustersFeature],
    });
    await screen.findByTestId('cluster-status-fra-1', {}, FIRST_PAINT);
    expect(screen.queryByRole('button', { name: /Test connection/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Add cluster' })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Import CSV' })).not.toBeInTheDocument();
  });
});
