import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeWebSocket } from '@/testing/fake-web-socket';
import { installFakeFetch } from '@/testing/fake-fetch';
import { sessionFor } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';
import { monitoringFeature } from '../routes';

const GiB = 1024 ** 3;
const point = (at: string, cpu: number) => ({
  at,
  cpu,
  maxcpu: 32,
  mem: 40 * GiB,
  maxmem: 128 * GiB,
  disk: 0,
  maxdisk: 0,
  netin: 1000,
  netout: 500,
  diskread: 0,
  diskwrite: 0,
  running: 7,
  guests: 9,
});
const fleet = {
  clusters: [
    {
      clusterId: 'c1',
      name: 'lab-one',
      status: 'online',
      collectedAt: '2026-12-06T09:00:00Z',
      latest: point('2026-12-06T09:00:00Z', 8),
      nodes: [{ node: 'pve1', latest: point('2026-12-06T09:00:00Z', 4) }],
    },
    {
      clusterId: 'c2',
      name: 'lab-two',
      status: 'offline',
      collectedAt: null,
      latest: null,
      nodes: [],
    },
  ],
};
const series = (kind: string, points: unknown[]) => ({
  kind,
  clusterId: 'c1',
  node: null,
  companyId: null,
  timeframe: 'hour',
  step: 60,
  points,
});

describe('monitoring page', { timeout: 60_000 }, () => {
  beforeEach(() => vi.stubGlobal('WebSocket', FakeWebSocket));

  it("lists the clusters' current figures and charts the selected one", async () => {
    const net = installFakeFetch({
      'GET /api/monitoring/fleet': { body: fleet },
      'GET /api/monitoring/clusters/c1/metrics': (req) => ({
        body: series(
          'cluster',
          req.query.get('timeframe') === 'week'
            ? []
            : [point('2026-12-06T08:59:00Z', 6), point('2026-12-06T09:00:00Z', 8)],
        ),
      }),
      'GET /api/monitoring/clusters/c2/metrics': { body: series('cluster', []) },
    });
    renderApp('/monitoring', {
      session: sessionFor('super_admin'),
      consoleFeatures: [monitoringFeature],
    });

    const table = await screen.findByRole('table', { name: 'Clusters' }, { timeout: 15_000 });
    const row = within(table).getByRole('row', { name: /lab-one/ });
    expect(row).toHaveTextContent(
      'CPU 25 % · memory 40.0 GiB of 128.0 GiB · 7 of 9 guests running',
    );
    expect(within(table).getByRole('row', { name: /lab-two/ })).toHaveTextContent(
      'No recent sample',
    );
    expect(
      await screen.findByRole('img', { name: 'CPU' }, { timeout: 15_000 }),
    ).toBeInTheDocument();
    expect(screen.getByRole('img', { name: 'Disk I/O' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'pve1' })).toHaveAttribute(
      'href',
      '/monitoring/clusters/c1/nodes/pve1',
    );

    await userEvent.click(screen.getByRole('button', { name: 'Week' }));
    expect(
      await screen.findByText('No samples in this timeframe yet.', {}, { timeout: 15_000 }),
    ).toBeInTheDocument();
    expect(
      net.calls.some(
        (c) =>
          c.path === '/api/monitoring/clusters/c1/metrics' && c.query.get('timeframe') === 'week',
      ),
    ).toBe(true);

    await userEvent.click(within(table).getByRole('row', { name: /lab-two/ }));
    expect(await screen.findByRole('heading', { name: 'lab-two over time' })).toBeInTheDocument();
  });

  it('is not offered to a company admin', async () => {
    installFakeFetch({});
    renderApp('/monitoring', {
      session: sessionFor('company_admin'),
      consoleFeatures: [monitoringFeature],
    });
    expect(
      await screen.findByText('You do not have access to this page', {}, { timeout: 15_000 }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table', { name: 'Clusters' })).not.toBeInTheDocument();
  });
});
