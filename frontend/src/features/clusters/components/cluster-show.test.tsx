import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import { sessionFor } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';
import { clustersFeature } from '../routes';

const cluster = {
  id: 'c1',
  name: 'lab-two',
  endpoints: [{ url: 'https://10.0.0.2:8006', fingerprint: null }],
  pveVersion: '9.1.2',
  health: {
    status: 'offline',
    lastError: 'lab-two is unreachable at 10.0.0.2:8006 (connection refused)',
    avgLatencyMs: 12,
    p95LatencyMs: 30,
    successRate: 0.9,
  },
  counts: { nodes: 1, guests: 3, unassignedGuests: 2 },
};

describe('cluster page', () => {
  it('shows an offline cluster as such, with its last known nodes and storages', async () => {
    installFakeFetch({
      'GET /api/clusters/c1': { body: cluster },
      'GET /api/clusters/c1/nodes': {
        body: [
          { name: 'pve1', status: 'online', maxcpu: 16, maxmemBytes: 64 * 1024 ** 3, goneAt: null },
        ],
      },
      'GET /api/clusters/c1/storages': {
        body: [
          {
            node: 'pve1',
            storage: 'local-lvm',
            type: 'lvmthin',
            usedBytes: 1024 ** 3,
            totalBytes: 100 * 1024 ** 3,
            goneAt: null,
          },
        ],
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

    expect(await screen.findByRole('heading', { name: 'lab-two' })).toBeInTheDocument();
    expect(screen.getByText('Offline')).toBeInTheDocument();
    expect(
      screen.getByText(/connection refused\)\. The last known inventory stays visible/),
    ).toBeInTheDocument();
    // pve1 appears as a node and as the storage's node
    expect(await screen.findAllByText('pve1', { selector: 'td' })).toHaveLength(2);
    expect(await screen.findByText('local-lvm')).toBeInTheDocument();
    expect(screen.getByText('90.0 % of checks OK (24 h)')).toBeInTheDocument();
    expect(screen.getByRole('img', { name: /Response time, last 24 hours/ })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '2 unassigned guests' })).toHaveAttribute(
      'href',
      '/clusters/unassigned?clusterId=c1',
    );
  });
});
