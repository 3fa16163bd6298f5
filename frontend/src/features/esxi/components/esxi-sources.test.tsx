import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type {
  EsxiImportPlan,
  EsxiInventoryDto,
  EsxiSourceDto,
  EsxiTestResult,
  EsxiVmDto,
  JobDto,
} from '@multpanel/contracts';
import { describe, expect, it } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import {
  ACME_ID,
  CLUSTER_ID,
  clusterView,
  companyView,
  job,
  paged,
  sessionFor,
} from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';
import { esxiFeature } from '../routes';
import { clusterNode, clusterStorage } from '@/testing/fixtures-identity';

const SRC = '0193a1b2-0000-7000-8000-0000000000e1';
const VM1 = '0193a1b2-0000-7000-8000-0000000000a1';
const FP = Array.from({ length: 32 }, (_x, i) => (i + 16).toString(16).toUpperCase()).join(':');

const source: EsxiSourceDto = {
  id: SRC,
  companyId: ACME_ID,
  name: 'acme-esx',
  host: '198.51.100.7',
  port: 443,
  username: 'root',
  fingerprint: null,
  apiType: null,
  version: null,
  vmCount: null,
  lastTestAt: null,
  lastError: null,
  lastDiscoveryAt: null,
  createdAt: '2026-12-06T09:00:00.000Z',
};
const untrusted: EsxiTestResult = {
  ok: false,
  fingerprint: FP,
  trusted: false,
  apiType: null,
  version: null,
  fullName: null,
  vmCount: null,
  latencyMs: 3,
  error: null,
};
const ok: EsxiTestResult = {
  ...untrusted,
  ok: true,
  trusted: true,
  apiType: 'HostAgent',
  version: '8.0.3',
  vmCount: 4,
};
const vm = (over: Partial<EsxiVmDto>): EsxiVmDto => ({
  id: VM1,
  moref: 'vm-1',
  name: 'web-01',
  uuid: null,
  guestOs: 'ubuntu64Guest',
  guestOsName: 'Ubuntu Linux (64-bit)',
  firmware: 'efi',
  cpus: 2,
  memoryMb: 4096,
  powerState: 'poweredOn',
  toolsStatus: 'toolsOk',
  ipAddresses: ['10.0.0.11'],
  disks: [
    {
      label: 'Hard disk 1',
      fileName: '[ds1] web-01/web-01.vmdk',
      datastore: 'ds1',
      capacityBytes: 20 * 1024 ** 3,
      thin: true,
    },
  ],
  nics: [{ label: 'NIC 1', model: 'vmxnet3', mac: null, network: 'VM Network', connected: true }],
  snapshots: 0,
  vmxPath: '[ds1] web-01/web-01.vmx',
  discoveredAt: '2026-12-06T10:00:00.000Z',
  ...over,
});
const inventory: EsxiInventoryDto = {
  sourceId: SRC,
  discoveredAt: '2026-12-06T10:00:00.000Z',
  datastores: [
    { moref: 'ds-1', name: 'ds1', type: 'VMFS', capacityBytes: 2 ** 40, freeBytes: 2 ** 39 },
  ],
  networks: [{ moref: 'net-1', name: 'VM Network', type: 'Network' }],
  changes: {
    added: ['db-02'],
    removed: ['old-01'],
    changed: [{ name: 'web-01', fields: ['cpus'] }],
  },
};
const plan: EsxiImportPlan = {
  esxiStorage: 'esxi-acme',
  volid: 'esxi-acme:ha-datacenter/ds1/web-01/web-01.vmx',
  createArgs: { name: 'web-01', cores: 2 },
  disks: [
    { key: 'scsi0', volid: 'esxi-acme:ha-datacenter/ds1/web-01/web-01.vmdk', sizeBytes: 2 ** 30 },
  ],
  efiDisk: true,
  nics: [{ key: 'net0', model: 'vmxnet3', mac: null, network: 'VM Network' }],
  warnings: [
    { type: 'efi-state-lost', key: 'efidisk0', value: null, message: 'EFI variables are not kept' },
  ],
  hints: [{ type: 'virtio-nic', message: 'Switch net0 to the VirtIO model' }],
};
const discoverJob: JobDto = job({ id: 'job-d', type: 'esxi.discover', status: 'queued' });

describe('ESXi sources', () => {
  it(
    'adds a source: test, accept the shown fingerprint, then discover',
    { timeout: 180_000 },
    async () => {
      let accepted = false;
      const net = installFakeFetch({
        'GET /api/companies': {
          body: paged([companyView({ name: 'Acme' })], { pageSize: 200 }),
        },
        'POST /api/esxi-sources': { status: 201, body: source },
        [`POST /api/esxi-sources/${SRC}/test`]: () => ({ body: accepted ? ok : untrusted }),
        [`POST /api/esxi-sources/${SRC}/accept-certificate`]: () => {
          accepted = true;
          return { body: { ...source, fingerprint: FP } };
        },
        [`POST /api/esxi-sources/${SRC}/discover`]: { status: 202, body: { job: discoverJob } },
        [`GET /api/esxi-sources/${SRC}`]: { body: { ...source, fingerprint: FP } },
        [`GET /api/esxi-sources/${SRC}/inventory`]: {
          body: { ...inventory, discoveredAt: null, changes: null, datastores: [], networks: [] },
        },
        [`GET /api/esxi-sources/${SRC}/vms`]: {
          body: { items: [], total: 0, page: 1, pageSize: 50 },
        },
        'GET /api/jobs/job-d': { body: discoverJob },
      });
      const user = userEvent.setup();
      const { router } = renderApp('/esxi/new', {
        session: sessionFor('super_admin'),
        consoleFeatures: [esxiFeature],
      });
      await user.click(
        await screen.findByRole('combobox', { name: 'Company' }, { timeout: 15_000 }),
      );
      await user.click(await screen.findByRole('option', { name: 'Acme' }));
      await user.type(screen.getByLabelText('Name'), 'acme-esx');
      await user.type(screen.getByLabelText('Host'), 'bad host!');
      expect(screen.getByRole('button', { name: 'Test connection' })).toBeDisabled();
      await user.clear(screen.getByLabelText('Host'));
      await user.type(screen.getByLabelText('Host'), '198.51.100.7');
      await user.type(screen.getByLabelText('Password'), 'secret');
      await user.click(screen.getByRole('button', { name: 'Test connection' }));

      expect(await screen.findByDisplayValue(FP)).toBeInTheDocument();
      expect(screen.getByText(/certificate nobody has accepted/)).toBeInTheDocument();
      expect(net.callsTo('POST', '/api/esxi-sources')[0]!.body).toEqual({
        companyId: ACME_ID,
        name: 'acme-esx',
        host: '198.51.100.7',
        port: 443,
        username: 'root',
        password: 'secret',
      });
      await user.click(screen.getByRole('button', { name: 'Accept this certificate' }));
      expect(await screen.findByText(/Connected: HostAgent 8.0.3, 4 VMs/)).toBeInTheDocument();
      expect(net.callsTo('POST', `/api/esxi-sources/${SRC}/accept-certificate`)[0]!.body).toEqual({
        fingerprint: FP,
      });
      await user.click(screen.getByRole('button', { name: 'Discover' }));
      await waitFor(() => expect(router.state.location.pathname).toBe(`/esxi/${SRC}`));
      expect(net.callsTo('POST', `/api/esxi-sources/${SRC}/discover`)).toHaveLength(1);
    },
  );

  it(
    'shows the inventory with what changed, filters it, and imports a VM after its warnings',
    { timeout: 180_000 },
    async () => {
      const discovered = { ...source, fingerprint: FP, lastDiscoveryAt: inventory.discoveredAt };
      const net = installFakeFetch({
        [`GET /api/esxi-sources/${SRC}`]: { body: discovered },
        [`GET /api/esxi-sources/${SRC}/inventory`]: { body: inventory },
        [`GET /api/esxi-sources/${SRC}/vms`]: (req) => ({
          body: {
            items:
              req.query.get('powerState') === 'poweredOff'
                ? [
                    vm({
                      id: '0193a1b2-0000-7000-8000-0000000000a2',
                      name: 'db-02',
                      powerState: 'poweredOff',
                    }),
                  ]
                : [vm({})],
            total: 1,
            page: 1,
            pageSize: 50,
          },
        }),
        'GET /api/clusters': { body: [clusterView({ id: CLUSTER_ID, name: 'pve-main' })] },
        [`GET /api/clusters/${CLUSTER_ID}/nodes`]: {
          body: [clusterNode('pve1')],
        },
        [`GET /api/clusters/${CLUSTER_ID}/storages`]: {
          body: [
            clusterStorage({ storage: 'local-lvm', type: 'lvmthin', content: ['images'] }),
            clusterStorage({ storage: 'local', type: 'dir', content: ['iso'] }),
          ],
        },
        'GET /api/ipam/ranges': { body: { items: [], total: 0, page: 1, pageSize: 200 } },
        [`POST /api/esxi-sources/${SRC}/vms/${VM1}/import-plan`]: { body: plan },
        [`POST /api/esxi-sources/${SRC}/vms/${VM1}/import`]: {
          status: 202,
          body: {
            job: job({ id: 'job-i', type: 'esxi.import' }),
            vmId: 'g1',
            warnings: plan.warnings,
          },
        },
        'GET /api/jobs/job-i': { body: job({ id: 'job-i', type: 'esxi.import' }) },
      });
      const user = userEvent.setup();
      renderApp(`/esxi/${SRC}`, {
        session: sessionFor('super_admin'),
        consoleFeatures: [esxiFeature],
      });
      expect(await screen.findByText('web-01', {}, { timeout: 15_000 })).toBeInTheDocument();
      const changes = screen.getByTestId('esxi-changes');
      expect(within(changes).getByText(/Added: db-02/)).toBeInTheDocument();
      expect(within(changes).getByText(/Removed: old-01/)).toBeInTheDocument();
      expect(within(changes).getByText(/web-01 \(cpus\)/)).toBeInTheDocument();

      await user.click(screen.getByRole('combobox', { name: 'Power state' }));
      await user.click(await screen.findByRole('option', { name: 'Off' }));
      expect(await screen.findByText('db-02')).toBeInTheDocument();
      await user.click(screen.getByRole('combobox', { name: 'Power state' }));
      await user.click(await screen.findByRole('option', { name: 'All' }));
      await user.click(await screen.findByRole('button', { name: 'Import' }));

      const dialog = await screen.findByRole('dialog');
      const startBtn = within(dialog).getByRole('button', { name: 'Start import' });
      await user.click(within(dialog).getByRole('combobox', { name: 'Target cluster' }));
      await user.click(await screen.findByRole('option', { name: 'pve-main' }));
      await user.click(within(dialog).getByRole('combobox', { name: 'Target node' }));
      await user.click(await screen.findByRole('option', { name: 'pve1' }));
      await user.click(within(dialog).getByRole('combobox', { name: 'Target storage' }));
      expect(screen.queryByRole('option', { name: /^local \(dir\)/ })).toBeNull();
      await user.click(await screen.findByRole('option', { name: /local-lvm/ }));
      const vlan = within(dialog).getByLabelText('VLAN');
      await user.type(vlan, '20');
      expect(startBtn).toBeDisabled();
      await user.click(within(dialog).getByRole('button', { name: 'Check the import' }));
      expect(await within(dialog).findByText('EFI variables are not kept')).toBeInTheDocument();
      expect(within(dialog).getByText('Switch net0 to the VirtIO model')).toBeInTheDocument();
      await user.click(startBtn);
      await waitFor(() =>
        expect(net.callsTo('POST', `/api/esxi-sources/${SRC}/vms/${VM1}/import`)).toHaveLength(1),
      );
      expect(net.callsTo('POST', `/api/esxi-sources/${SRC}/vms/${VM1}/import`)[0]!.body).toEqual({
        clusterId: CLUSTER_ID,
        node: 'pve1',
        storage: 'local-lvm',
        networks: [{ source: 'VM Network', bridge: 'vmbr0', vlan: 20 }],
        name: 'web-01',
        start: false,
        live: false,
      });
      expect(await within(dialog).findByText('Import of web-01 started')).toBeInTheDocument();
    },
  );

  it('is not offered to a customer', async () => {
    installFakeFetch({});
    renderApp('/esxi', { session: sessionFor('company_admin'), consoleFeatures: [esxiFeature] });
    expect(await screen.findByText('You do not have access to this page')).toBeInTheDocument();
  });
});
