import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { installFakeFetch, type FakeResponse } from '@/testing/fake-fetch';
import { renderApp } from '@/testing/render-app';
import { FakeWebSocket } from '@/testing/fake-web-socket';
import {
  ACME_ID,
  CLUSTER_ID,
  VM_ID,
  acmeAdminSession,
  job,
  template,
  templatePage,
} from '../../testing/vm-fixtures';

const next = () => screen.getByRole('button', { name: 'Next' });
const MAPPINGS = '/api/vms/placement/pci-mappings';
const mappings = [
  {
    id: 'gpu-a100',
    description: 'NVIDIA A100',
    nodes: ['pve1', 'pve2'],
    devices: [
      { node: 'pve1', path: '0000:41:00.0', deviceId: '10de:20b5' },
      { node: 'pve2', path: '0000:41:00.0', deviceId: '10de:20b5' },
    ],
  },
  {
    id: 'gpu-l4',
    description: 'NVIDIA L4',
    nodes: ['pve2'],
    devices: [{ node: 'pve2', path: '0000:02:00.0', deviceId: null }],
  },
];

/** Kind → Source (the Windows + GPU template) → Placement (optionally a node) → Resources. */
async function toResources(user: ReturnType<typeof userEvent.setup>, node?: string) {
  await screen.findByRole('heading', { name: 'Kind' }, { timeout: 15_000 });
  await user.click(next());
  await screen.findByRole('heading', { name: 'Source' });
  await user.click(await screen.findByLabelText(/win11-gpu/));
  await user.click(next());
  await screen.findByRole('heading', { name: 'Placement' });
  if (node) {
    await user.click(screen.getByLabelText('Choose a node'));
    await user.type(screen.getByRole('textbox', { name: 'Node' }), node);
  }
  await user.click(next());
  await screen.findByRole('heading', { name: 'Resources' });
}

describe('create wizard: GPU mapping picker', { timeout: 60_000 }, () => {
  beforeEach(() => vi.stubGlobal('WebSocket', FakeWebSocket));
  const gpuTemplate = template({ name: 'win11-gpu', windowsGpu: true });

  it("offers the template cluster's mappings with description and nodes, and sends the choice", async () => {
    const net = installFakeFetch({
      'GET /api/templates': { body: templatePage([gpuTemplate]) },
      [`GET ${MAPPINGS}`]: { body: mappings },
      'POST /api/vms': { status: 202, body: { job: job(), vmId: VM_ID } },
      'GET /api/jobs/job-1': { body: job() },
    });
    const user = userEvent.setup();
    renderApp('/vms/new', { session: acmeAdminSession() });
    await toResources(user);
    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'gamer-1');

    const gpu = await screen.findByRole('combobox', { name: 'GPU (PCI mapping)' });
    expect(gpu).toHaveTextContent('No GPU');
    const query = net.callsTo('GET', MAPPINGS)[0]!.query;
    expect([query.get('clusterId'), query.get('companyId')]).toEqual([CLUSTER_ID, ACME_ID]);

    await user.click(gpu);
    const options = await screen.findAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual([
      'No GPU',
      'gpu-a100 — NVIDIA A100Nodes: pve1, pve2 · pve1: 0000:41:00.0 (10de:20b5) · pve2: 0000:41:00.0 (10de:20b5)',
      'gpu-l4 — NVIDIA L4Nodes: pve2 · pve2: 0000:02:00.0',
    ]);
    await user.click(screen.getByRole('option', { name: /gpu-l4/ }));
    expect(gpu).toHaveTextContent('gpu-l4 — NVIDIA L4');
    expect(
      screen.getByText('Automatic placement puts the VM on a node with this GPU: pve2.'),
    ).toBeVisible();

    await user.click(next());
    await screen.findByRole('heading', { name: 'Network' });
    await user.click(next());
    await screen.findByRole('heading', { name: 'Cloud-init' });
    await user.click(next());
    const review = await screen.findByRole('table', { name: 'Review' });
    expect(within(review).getByText('gpu-l4')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(net.callsTo('POST', '/api/vms')).toHaveLength(1));
    expect(net.callsTo('POST', '/api/vms')[0]!.body).toMatchObject({ gpuMapping: 'gpu-l4' });
  });

  it('greys out mappings without a device on the node chosen by hand', async () => {
    installFakeFetch({
      'GET /api/templates': { body: templatePage([gpuTemplate]) },
      [`GET ${MAPPINGS}`]: { body: mappings },
    });
    const user = userEvent.setup();
    renderApp('/vms/new', { session: acmeAdminSession() });
    await toResources(user, 'pve1');
    await user.click(await screen.findByRole('combobox', { name: 'GPU (PCI mapping)' }));
    expect(screen.getByRole('option', { name: /gpu-l4/ })).toHaveAttribute('aria-disabled', 'true');
    expect(screen.getByRole('option', { name: /gpu-l4/ })).toHaveTextContent(
      'No device on pve1 (only on pve2)',
    );
    await user.click(screen.getByRole('option', { name: /gpu-a100/ }));
    expect(screen.getByText('The GPU is passed through on pve1.')).toBeVisible();
  });

  it('shows loading, then an empty cluster; and an unreachable cluster as an error', async () => {
    let release: (r: FakeResponse) => void = () => undefined;
    installFakeFetch({
      'GET /api/templates': { body: templatePage([gpuTemplate]) },
      [`GET ${MAPPINGS}`]: () => new Promise<FakeResponse>((r) => (release = r)),
    });
    const user = userEvent.setup();
    const first = renderApp('/vms/new', { session: acmeAdminSession() });
    await toResources(user);
    const gpu = await screen.findByRole('combobox', { name: 'GPU (PCI mapping)' });
    expect(gpu).toHaveAttribute('aria-disabled', 'true');
    expect(screen.getByText('Loading the GPU mappings of the cluster…')).toBeVisible();
    release({ body: [] });
    expect(await screen.findByText(/This cluster has no PCI mappings yet/)).toBeVisible();
    expect(screen.queryByRole('combobox', { name: 'GPU (PCI mapping)' })).not.toBeInTheDocument();
    first.unmount();

    installFakeFetch({
      'GET /api/templates': { body: templatePage([gpuTemplate]) },
      [`GET ${MAPPINGS}`]: {
        status: 503,
        body: {
          statusCode: 503,
          code: 'DEPENDENCY_UNAVAILABLE',
          message: 'The cluster is offline',
        },
      },
    });
    renderApp('/vms/new', { session: acmeAdminSession() });
    await toResources(user);
    expect(await screen.findByText('The cluster is offline')).toBeVisible();
    expect(
      screen.getByText(/could not be loaded; the VM can be created without a GPU/),
    ).toBeVisible();
  });
});
