import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
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
import { ipRangeView } from '@/testing/fixtures-network';
import { renderApp } from '@/testing/render-app';
import { firewallsFeature } from '../routes';

const WAN = '0193a1b2-0000-7000-8000-0000000000a1';
const LAN = '0193a1b2-0000-7000-8000-0000000000a2';
const FW = '0193a1b2-0000-7000-8000-0000000000f1';
const deployJob = job({ id: 'job-fw', type: 'firewalls.deploy', progress: 30, guestId: null });

const routes = () => ({
  'GET /api/companies': { body: paged([companyView({ id: ACME_ID, name: 'Acme' })]) },
  'GET /api/clusters': { body: [clusterView({ id: CLUSTER_ID, name: 'pve-lab' })] },
  'GET /api/ipam/ranges': {
    body: paged([
      ipRangeView({ id: WAN, name: 'MSP public', cidr: '198.51.100.0/24' }),
      ipRangeView({
        id: LAN,
        name: 'Acme LAN',
        cidr: '10.20.0.0/24',
        companyId: ACME_ID,
        companyName: 'Acme',
        vlan: 20,
      }),
    ]),
  },
  'GET /api/jobs/job-fw': {
    body: { ...deployJob, status: 'succeeded', progress: 100, result: { firewallId: FW } },
  },
});

async function fill(user: ReturnType<typeof userEvent.setup>, label: string, value: string) {
  const input = await screen.findByLabelText(label);
  await user.clear(input);
  await user.type(input, value);
}
async function pick(user: ReturnType<typeof userEvent.setup>, label: string, option: string) {
  await user.click(await screen.findByRole('combobox', { name: label }));
  await user.click(await screen.findByRole('option', { name: option }));
}

async function fillCommon(user: ReturnType<typeof userEvent.setup>) {
  await pick(user, 'Company', 'Acme');
  await pick(user, 'Cluster', 'pve-lab');
  await fill(user, 'Node', 'pve1');
  await fill(user, 'OPNsense template VMID', '9000');
  await fill(user, 'Host name', 'acme-edge');
  await pick(user, 'WAN range (public)', 'MSP public (198.51.100.0/24)');
  await fill(user, 'Management networks', '203.0.113.0/24, 192.0.2.0/28');
}

describe('firewall deployment wizards', () => {
  it(
    'deploys a firewall on an existing LAN range and follows the job',
    { timeout: 90_000 },
    async () => {
      const net = installFakeFetch({
        ...routes(),
        'POST /api/firewalls/deploy': { status: 202, body: deployJob },
      });
      renderApp('/firewalls/deploy', {
        session: sessionFor('super_admin'),
        consoleFeatures: [firewallsFeature],
      });
      const user = userEvent.setup();
      await fillCommon(user);
      // the LAN pick offers only the company's own ranges
      await user.click(await screen.findByRole('combobox', { name: 'LAN range' }));
      expect(screen.queryByRole('option', { name: /MSP public/ })).toBeNull();
      await user.click(screen.getByRole('option', { name: 'Acme LAN (10.20.0.0/24, VLAN 20)' }));
      await user.click(screen.getByRole('button', { name: 'Deploy' }));
      await waitFor(() => expect(net.callsTo('POST', '/api/firewalls/deploy')).toHaveLength(1));
      expect(net.callsTo('POST', '/api/firewalls/deploy')[0]!.body).toEqual({
        companyId: ACME_ID,
        clusterId: CLUSTER_ID,
        node: 'pve1',
        templateVmid: 9000,
        name: 'acme-edge',
        wanBridge: 'vmbr0',
        lanBridge: 'vmbr1',
        wanRangeId: WAN,
        lanRangeId: LAN,
        isoStorage: 'local',
        webguiPort: 443,
        managementNetworks: ['203.0.113.0/24', '192.0.2.0/28'],
        authMethod: 'api_key',
      });
      expect(await screen.findByTestId('job-progress')).toBeTruthy();
      expect(
        await screen.findByText('acme-edge is deployed and answers with its generated key.'),
      ).toBeTruthy();
      expect(screen.getByRole('link', { name: 'Open the firewall' })).toHaveAttribute(
        'href',
        `/firewalls/${FW}`,
      );
    },
  );

  it(
    'runs the network edge with a new LAN network and refuses a bad one before posting (ISO installer path)',
    { timeout: 90_000 },
    async () => {
      const net = installFakeFetch({
        ...routes(),
        'POST /api/firewalls/network-edge': { status: 202, body: deployJob },
      });
      renderApp('/firewalls/network-edge', {
        session: sessionFor('super_admin'),
        consoleFeatures: [firewallsFeature],
      });
      const user = userEvent.setup();
      await fillCommon(user);
      await fill(user, 'New LAN network', '10.30.0.0/33');
      await user.click(screen.getByRole('button', { name: 'Create the network edge' }));
      expect(await screen.findByText(/prefix from \/8 to \/30/)).toBeTruthy();
      expect(net.callsTo('POST', '/api/firewalls/network-edge')).toHaveLength(0);
      await fill(user, 'New LAN network', '10.30.0.0/24');
      await fill(user, 'Web GUI port', '8443');
      // no template on the cluster: the VM boots the OPNsense installer already on the node
      await user.click(screen.getByRole('combobox', { name: 'VM source' }));
      await user.click(
        screen.getByRole('option', { name: 'OPNsense installer ISO (no template on the cluster)' }),
      );
      await fill(user, 'OPNsense installer ISO', 'local:iso/OPNsense-26.1-dvd-amd64.iso');
      await user.click(screen.getByRole('combobox', { name: 'Auth at first contact' }));
      await user.click(screen.getByRole('option', { name: 'One-time bootstrap credential' }));
      await user.click(screen.getByRole('button', { name: 'Create the network edge' }));
      await waitFor(() =>
        expect(net.callsTo('POST', '/api/firewalls/network-edge')).toHaveLength(1),
      );
      const body = net.callsTo('POST', '/api/firewalls/network-edge')[0]!.body as Record<
        string,
        unknown
      >;
      expect(body.lanCidr).toBe('10.30.0.0/24');
      expect(body.webguiPort).toBe(8443);
      expect(body.authMethod).toBe('bootstrap');
      expect(body).not.toHaveProperty('lanRangeId');
      expect(body).not.toHaveProperty('templateVmid');
      expect(body.installer).toEqual({
        iso: 'local:iso/OPNsense-26.1-dvd-amd64.iso',
        diskStorage: 'local-lvm',
        diskGb: 20,
        memoryMb: 2048,
        cores: 2,
      });
      expect(await screen.findByTestId('job-progress')).toBeTruthy();
    },
  );

  it(
    'runs the network edge on a Proxmox SDN VNet instead of a VLAN on a bridge',
    { timeout: 90_000 },
    async () => {
      const net = installFakeFetch({
        ...routes(),
        'POST /api/firewalls/network-edge': { status: 202, body: deployJob },
      });
      renderApp('/firewalls/network-edge', {
        session: sessionFor('super_admin'),
        consoleFeatures: [firewallsFeature],
      });
      const user = userEvent.setup();
      await fillCommon(user);
      await fill(user, 'New LAN network', '10.40.0.0/24');
      await pick(user, 'Inside network', 'Proxmox SDN VNet');
      expect(screen.queryByLabelText('LAN bridge')).toBeNull();
      await fill(user, 'SDN zone', 'tenants');
      await fill(user, 'SDN VNet', 'acme-lan');
      await user.click(screen.getByRole('button', { name: 'Create the network edge' }));
      expect(await screen.findByText(/letters and digits, 2 to 8 characters/)).toBeTruthy();
      expect(net.callsTo('POST', '/api/firewalls/network-edge')).toHaveLength(0);
      await fill(user, 'SDN VNet', 'acmelan');
      await user.click(screen.getByRole('button', { name: 'Create the network edge' }));
      await waitFor(() =>
        expect(net.callsTo('POST', '/api/firewalls/network-edge')).toHaveLength(1),
      );
      const body = net.callsTo('POST', '/api/firewalls/network-edge')[0]!.body as Record<
        string,
        unknown
      >;
      expect(body.sdn).toEqual({ zone: 'tenants', vnet: 'acmelan' });
      expect(body.lanCidr).toBe('10.40.0.0/24');
      expect(body).not.toHaveProperty('lanBridge');
      expect(await screen.findByTestId('job-progress')).toBeTruthy();
    },
  );

  it('is closed to a company admin', async () => {
    installFakeFetch(routes());
    renderApp('/firewalls/deploy', {
      session: sessionFor('company_admin'),
      consoleFeatures: [firewallsFeature],
    });
    expect(await screen.findByText('You do not have access to this page')).toBeTruthy();
  });
});
