import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { PveApiEndpointDetail, PveApiTreeNode } from '@multpanel/contracts';
import { installFakeFetch } from '@/testing/fake-fetch';
import { ACME_ID, acmeAdminSession, clusterView, sessionFor } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';
import { pveExplorerFeature } from '../routes';

const CLUSTER = '0193a1b2-0000-7000-8000-0000000000d1';
const STATUS = '/nodes/{node}/qemu/{vmid}/status/current';
const leaf = (path: string, methods: PveApiTreeNode['methods']): PveApiTreeNode => ({
  path,
  text: path.split('/').pop()!,
  methods,
  children: [],
});
const folder = (
  path: string,
  children: PveApiTreeNode[],
  methods: PveApiTreeNode['methods'] = ['GET'],
) => ({
  ...leaf(path, methods),
  children,
});
const TREE = [
  folder('/nodes', [
    folder('/nodes/{node}', [
      folder('/nodes/{node}/qemu', [
        folder('/nodes/{node}/qemu/{vmid}', [
          folder('/nodes/{node}/qemu/{vmid}/status', [leaf(STATUS, ['GET'])]),
          leaf('/nodes/{node}/qemu/{vmid}/config', ['GET', 'POST', 'PUT']),
        ]),
      ]),
    ]),
  ]),
];
const detail = (method: 'GET' | 'PUT', path: string): PveApiEndpointDetail => ({
  method,
  path,
  name: method === 'GET' ? 'vm_status' : 'update_vm',
  description: 'Get virtual machine status.',
  protected: false,
  allowToken: true,
  parameters: [
    {
      name: 'node',
      inPath: true,
      type: 'string',
      format: 'pve-node',
      formatKeys: [],
      enum: null,
      optional: false,
      default: null,
      minimum: null,
      maximum: null,
      pattern: null,
      description: 'The cluster node name.',
    },
    {
      name: 'vmid',
      inPath: true,
      type: 'integer',
      format: 'pve-vmid',
      formatKeys: [],
      enum: null,
      optional: false,
      default: null,
      minimum: 100,
      maximum: 999999999,
      pattern: null,
      description: 'The (unique) ID of the VM.',
    },
  ],
  returns: { type: 'object' },
  permissions: { check: ['perm', '/vms/{vmid}', ['VM.Audit']], description: null, user: null },
});

const routes = () =>
  installFakeFetch({
    'GET /api/pve-api/tree': { body: TREE },
    'GET /api/pve-api/endpoint': (req) => ({
      body: detail(req.query.get('method') as 'GET' | 'PUT', req.query.get('path')!),
    }),
    'GET /api/clusters': { body: [clusterView({ id: CLUSTER, name: 'demo' })] },
    [`GET /api/companies/${ACME_ID}/clusters`]: { body: [] },
    [`POST /api/clusters/${CLUSTER}/pve-api/call`]: {
      body: {
        ok: true,
        status: 200,
        data: { vmid: 100, status: 'running', name: 'web-1' },
        error: null,
        durationMs: 12,
        curl: "curl -ks -X GET 'https://pve:8006/api2/json/nodes/pve1/qemu/100/status/current'",
        pvesh: "pvesh get '/nodes/pve1/qemu/100/status/current' --output-format json-pretty",
      },
    },
  });

describe('Proxmox API explorer', { timeout: 60_000 }, () => {
  it('lets super_admin walk the tree to status/current, try it and read the answer', async () => {
    const net = routes();
    renderApp('/pve-explorer', {
      session: sessionFor('super_admin'),
      consoleFeatures: [pveExplorerFeature],
    });
    for (const p of [
      '/nodes',
      '/nodes/{node}',
      '/nodes/{node}/qemu',
      '/nodes/{node}/qemu/{vmid}',
      '/nodes/{node}/qemu/{vmid}/status',
      STATUS,
    ]) {
      await userEvent.click(await screen.findByRole('button', { name: p }, { timeout: 10_000 }));
    }
    expect(await screen.findByTestId('pve-permission')).toHaveTextContent('VM.Audit');
    const params = screen.getByRole('table', { name: 'Parameters' });
    expect(within(params).getByText('pve-node', { exact: false })).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('node'), 'pve1');
    await userEvent.type(screen.getByLabelText('vmid'), '100');
    expect(screen.getByTestId('pve-concrete')).toHaveTextContent(
      'GET /nodes/pve1/qemu/100/status/current',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Send GET' }));
    const result = await screen.findByTestId('pve-result');
    expect(within(result).getByText('HTTP 200')).toBeInTheDocument();
    expect(within(result).getByText('running')).toBeInTheDocument();
    expect(within(result).getByText(/pvesh get/)).toBeInTheDocument();
    const [sent] = net.callsTo('POST', `/api/clusters/${CLUSTER}/pve-api/call`);
    expect(sent!.body).toEqual({
      method: 'GET',
      path: '/nodes/pve1/qemu/100/status/current',
      params: {},
    });
  });

  it('asks super_admin to confirm a change, and keeps it from a company admin', async () => {
    const net = routes();
    const path = '/nodes/{node}/qemu/{vmid}/config';
    const view = renderApp(`/pve-explorer?method=PUT&path=${encodeURIComponent(path)}`, {
      session: sessionFor('super_admin'),
      consoleFeatures: [pveExplorerFeature],
    });
    await userEvent.type(await screen.findByLabelText('node', {}, { timeout: 10_000 }), 'pve1');
    await userEvent.type(screen.getByLabelText('vmid'), '100');
    await userEvent.click(screen.getByRole('button', { name: 'Send PUT' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('PUT /nodes/pve1/qemu/100/config changes demo');
    expect(net.callsTo('POST', `/api/clusters/${CLUSTER}/pve-api/call`)).toHaveLength(0);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Send PUT' }));
    await waitFor(() =>
      expect(net.callsTo('POST', `/api/clusters/${CLUSTER}/pve-api/call`)).toHaveLength(1),
    );
    expect(net.callsTo('POST', `/api/clusters/${CLUSTER}/pve-api/call`)[0]!.body).toMatchObject({
      method: 'PUT',
      confirm: true,
    });
    view.unmount();

    renderApp(`/pve-explorer?method=PUT&path=${encodeURIComponent(path)}`, {
      session: acmeAdminSession(),
      consoleFeatures: [pveExplorerFeature],
    });
    await screen.findByText(
      'Only a super administrator may send calls that change a cluster.',
      {},
      { timeout: 10_000 },
    );
    expect(screen.getByRole('button', { name: 'Send PUT' })).toBeDisabled();
    await screen.findByText('There is no cluster you administer.');
  });
});
