import type { CompanyQuota, MediaDto, PlacementResources } from '@multpanel/contracts';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import { renderApp } from '@/testing/render-app';
import { FakeWebSocket } from '@/testing/fake-web-socket';
import {
  ACME_ID,
  CLUSTER_ID,
  VM_ID,
  acmeAdminSession,
  job,
  templatePage,
} from '../../testing/vm-fixtures';
import { bridgeChoices, edgeNetworks, storageChoices } from './placement-options';

const GIB = 1024 ** 3;
const next = () => screen.getByRole('button', { name: 'Next' });

const storage = (name: string, content: string[], availGib: number) => ({
  storage: name,
  type: 'lvmthin',
  shared: false,
  content,
  availBytes: availGib * GIB,
  totalBytes: 1000 * GIB,
});
const resources: PlacementResources = {
  clusterId: CLUSTER_ID,
  nodes: [
    {
      node: 'pve1',
      online: true,
      storages: [
        storage('local', ['iso', 'vztmpl'], 50),
        storage('local-lvm', ['images', 'rootdir'], 400),
        storage('vm-only', ['images'], 900),
      ],
      bridges: [
        { iface: 'vmbr0', vlanAware: true, comment: null },
        { iface: 'vmbr1', vlanAware: false, comment: 'DMZ' },
      ],
    },
    {
      node: 'pve2',
      online: true,
      storages: [storage('local-lvm', ['images', 'rootdir'], 120)],
      bridges: [{ iface: 'vmbr0', vlanAware: false, comment: null }],
    },
    { node: 'pve3', online: false, storages: [], bridges: [] },
  ],
  guestNetwork: null,
};
const media: MediaDto[] = [
  {
    volid: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
    kind: 'vztmpl',
    storage: 'local',
    node: 'pve1',
    size: 126 * 1024 ** 2,
  },
];
const quota: CompanyQuota = {
  companyId: ACME_ID,
  limits: { guests: 10, vcpus: 20, memoryMb: 32_768, diskGb: null },
  usage: { guests: 9, vcpus: 18, memoryMb: 8192, diskGb: 300 },
};

describe('create wizard pickers (pure)', () => {
  it('moves the untouched default NIC onto the company’s network edge, and nothing the user chose', () => {
    const edge = { bridge: 'vmbr1', vlan: 3100, rangeId: 'r-edge' };
    const dflt = [{ bridge: 'vmbr0', vlan: '', model: 'virtio', ipamRangeId: '' }];
    expect(edgeNetworks(dflt, edge)).toEqual([
      { bridge: 'vmbr1', vlan: '3100', model: 'virtio', ipamRangeId: 'r-edge' },
    ]);
    expect(edgeNetworks(dflt, null)).toBeNull();
    expect(edgeNetworks([{ ...dflt[0]!, vlan: '20' }], edge)).toBeNull();
    expect(edgeNetworks([{ ...dflt[0]!, bridge: 'vmbr2' }], edge)).toBeNull();
    expect(edgeNetworks([...dflt, ...dflt], edge)).toBeNull();
  });

  it('offers, with automatic placement, only what every online node has, at its smallest free space', () => {
    expect(storageChoices(resources, '', 'lxc').map((s) => [s.storage, s.availBytes])).toEqual([
      ['local-lvm', 120 * GIB],
    ]);
    expect(storageChoices(resources, 'pve1', 'qemu').map((s) => s.storage)).toEqual([
      'local-lvm',
      'vm-only',
    ]);
    // A container volume cannot go to an images-only storage.
    expect(storageChoices(resources, 'pve1', 'lxc').map((s) => s.storage)).toEqual(['local-lvm']);
    expect(bridgeChoices(resources, '')).toEqual([
      { iface: 'vmbr0', vlanAware: false, comment: null },
    ]);
    expect(bridgeChoices(resources, 'pve1').map((b) => b.iface)).toEqual(['vmbr0', 'vmbr1']);
    expect(bridgeChoices(resources, 'pve3')).toEqual([]);
  });
});

describe(
  'create wizard: a company admin creates a container from a container template',
  { timeout: 90_000 },
  () => {
    beforeEach(() => vi.stubGlobal('WebSocket', FakeWebSocket));

    it('picks cluster, template, node, storage and bridge from the cluster and shows quota headroom', async () => {
      const net = installFakeFetch({
        'GET /api/templates': { body: templatePage([]) },
        'GET /api/vms/placement/clusters': {
          body: [{ id: CLUSTER_ID, name: 'demo', status: 'online' }],
        },
        'GET /api/media': { body: media },
        'GET /api/vms/placement/resources': { body: resources },
        [`GET /api/companies/${ACME_ID}/quota`]: { body: quota },
        'POST /api/vms': { status: 202, body: { job: job(), vmId: VM_ID } },
        'GET /api/jobs/job-1': { body: job() },
      });
      const user = userEvent.setup();
      renderApp('/vms/new', { session: acmeAdminSession() });

      await screen.findByRole('heading', { name: 'Kind' }, { timeout: 15_000 });
      await user.click(screen.getByLabelText(/^Container/));
      expect(
        await screen.findByRole('heading', { name: 'Create a container' }),
      ).toBeInTheDocument();
      await user.click(next());

      // Source: no "needs cluster access" dead end; the company's only cluster is chosen for it.
      await screen.findByRole('heading', { name: 'Source' });
      await user.click(screen.getByLabelText('A container template'));
      expect(screen.queryByText(/cluster access/)).not.toBeInTheDocument();
      expect(await screen.findByRole('combobox', { name: 'Cluster' })).toHaveTextContent('demo');
      expect(net.callsTo('GET', '/api/vms/placement/clusters')[0]!.query.get('companyId')).toBe(
        ACME_ID,
      );
      await user.click(await screen.findByRole('combobox', { name: 'A container template' }));
      await user.click(
        await screen.findByRole('option', {
          name: 'debian-12-standard_12.7-1_amd64.tar.zst (local) · 126 MiB',
        }),
      );
      expect(net.callsTo('GET', '/api/media')[0]!.query.get('kind')).toBe('vztmpl');
      await user.click(next());

      // Placement: the nodes of the cluster, an offline one shown but not offered.
      await screen.findByRole('heading', { name: 'Placement' });
      await user.click(screen.getByLabelText('Choose a node'));
      await user.click(await screen.findByRole('combobox', { name: 'Node' }));
      expect(
        (await screen.findByRole('option', { name: 'pve3 (offline)' })).getAttribute(
          'aria-disabled',
        ),
      ).toBe('true');
      await user.click(screen.getByRole('option', { name: 'pve1' }));
      await user.click(next());

      // Resources: what the company has left, storages of pve1 that hold container volumes.
      await screen.findByRole('heading', { name: 'Resources' });
      expect(screen.getByTestId('quota-headroom')).toHaveTextContent(
        'Your company can create 1 more guest under its quota.',
      );
      expect(screen.getByText('Default 1 · 2 vCPUs left')).toBeInTheDocument();
      expect(screen.getByText('Default 1 GiB · 24.0 GiB left')).toBeInTheDocument();
      await user.type(screen.getByRole('textbox', { name: 'Name' }), 'ct-1');
      const cores = screen.getByRole('spinbutton', { name: 'CPU cores' });
      await user.clear(cores);
      await user.type(cores, '4');
      expect(await screen.findByText(/more than your company has left/)).toBeInTheDocument();
      await user.clear(cores);
      await user.type(cores, '1');
      expect(screen.queryByText(/more than your company has left/)).not.toBeInTheDocument();
      const memory = screen.getByRole('spinbutton', { name: 'Memory (GiB)' });
      await user.clear(memory);
      await user.type(memory, '0.5');
      await user.click(screen.getByRole('combobox', { name: 'Storage' }));
      const storages = await screen.findAllByRole('option');
      expect(storages.map((o) => o.textContent)).toEqual([
        'Default storage of the node',
        'local-lvm · 400 GiB free',
      ]);
      await user.click(screen.getByRole('option', { name: 'local-lvm · 400 GiB free' }));
      await user.click(next());

      // Network: pve1's bridges with their comments.
      await screen.findByRole('heading', { name: 'Network' });
      await user.click(screen.getByRole('combobox', { name: 'Bridge' }));
      await user.click(await screen.findByRole('option', { name: 'vmbr1 — DMZ' }));
      expect(screen.getByText(/not VLAN-aware/)).toBeInTheDocument();
      await user.click(next());

      await screen.findByRole('heading', { name: 'Cloud-init' });
      await user.type(screen.getByRole('textbox', { name: 'User name' }), 'admin');
      await user.click(screen.getByRole('textbox', { name: 'SSH public keys (one per line)' }));
      await user.paste(
        'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE8y3f1f0Qn2c1Zt1n5d9r7i2w9o8q6x5k4j3h2g1f0e me@x',
      );
      await user.click(next());

      const review = await screen.findByRole('table', { name: 'Review' });
      expect(
        within(review).getByText('1 core, 512 MiB memory, 8.0 GiB disk on local-lvm'),
      ).toBeInTheDocument();
      expect(within(review).getByText('user admin · 1 SSH key · dhcp')).toBeInTheDocument();
      await user.click(screen.getByRole('button', { name: 'Create' }));

      await waitFor(() => expect(net.callsTo('POST', '/api/vms')).toHaveLength(1));
      expect(net.callsTo('POST', '/api/vms')[0]!.body).toMatchObject({
        companyId: ACME_ID,
        kind: 'lxc',
        source: { type: 'ostemplate', volid: media[0]!.volid },
        clusterId: CLUSTER_ID,
        node: 'pve1',
        cores: 1,
        memoryMb: 512,
        disks: [{ sizeGb: 8, storage: 'local-lvm' }],
        networks: [{ bridge: 'vmbr1', model: 'virtio' }],
      });
    });

    it('tells a company that may use no cluster so, instead of a dead end', async () => {
      installFakeFetch({
        'GET /api/templates': { body: templatePage([]) },
        'GET /api/vms/placement/clusters': { body: [] },
      });
      const user = userEvent.setup();
      renderApp('/vms/new', { session: acmeAdminSession() });
      await screen.findByRole('heading', { name: 'Kind' }, { timeout: 15_000 });
      await user.click(next());
      await screen.findByRole('heading', { name: 'Source' });
      await user.click(screen.getByLabelText('An installation ISO'));
      expect(
        await screen.findByText(/may not create guests on any cluster yet/),
      ).toBeInTheDocument();
    });
  },
);
