import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type {
  IpAddressView,
  IpamSweepDto,
  IpamSweepFinding,
  IpRangeView,
} from '@multpanel/contracts';
import { installFakeFetch } from '@/testing/fake-fetch';
import {
  ACME_ID,
  CLUSTER_ID,
  clusterView,
  companyView,
  paged,
  sessionFor,
} from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';

const RANGE_ID = '55555555-5555-4555-8555-555555555555';

const range = (over: Partial<IpRangeView> = {}): IpRangeView => ({
  id: RANGE_ID,
  name: 'Acme LAN',
  family: 4,
  cidr: '10.0.0.0/24',
  prefixLength: 24,
  companyId: ACME_ID,
  companyName: 'Acme Corp',
  vlan: 100,
  gateway: '10.0.0.1',
  dnsServers: [],
  searchDomain: null,
  firstUsable: '10.0.0.1',
  lastUsable: '10.0.0.254',
  holdSeconds: 3600,
  clusterIds: [],
  note: null,
  sdn: null,
  usage: { size: 254, allocated: 1, reserved: 1, held: 0, free: 252 },
  createdAt: '2026-12-06T00:00:00.000Z',
  updatedAt: '2026-12-06T00:00:00.000Z',
  ...over,
});

const address = (over: Partial<IpAddressView>): IpAddressView => ({
  id: null,
  rangeId: RANGE_ID,
  address: '10.0.0.9',
  status: 'free',
  purpose: null,
  companyId: null,
  guestId: null,
  guestName: null,
  nic: null,
  hostname: null,
  note: null,
  allocatedAt: null,
  holdUntil: null,
  ...over,
});

describe('networks (IPAM)', () => {
  it('lists ranges with their usage and owner', async () => {
    installFakeFetch({
      'GET /api/ipam/ranges': {
        body: {
          items: [range(), range({ id: 'r2', name: 'Shared', companyId: null, companyName: null })],
          total: 2,
          page: 1,
          pageSize: 25,
        },
      },
    });
    renderApp('/networks', { session: sessionFor('super_admin') });
    // The first screen of the run also loads the lazy route chunk: allow for a busy machine.
    expect(
      await screen.findByRole('link', { name: 'Acme LAN' }, { timeout: 30_000 }),
    ).toHaveAttribute('href', `/networks/${RANGE_ID}`);
    expect(screen.getByText('Shared pool (MSP)')).toBeInTheDocument();
    expect(screen.getAllByText('2 of 254 used, 252 free')).toHaveLength(2);
  }, 90_000);

  it('validates the CIDR as you type and creates the range', async () => {
    const net = installFakeFetch({
      'GET /api/companies': {
        body: paged([companyView({ id: ACME_ID, name: 'Acme Corp' })], { pageSize: 200 }),
      },
      'POST /api/ipam/ranges': { status: 201, body: range() },
      [`GET /api/ipam/ranges/${RANGE_ID}`]: { body: range() },
      [`GET /api/ipam/ranges/${RANGE_ID}/addresses`]: {
        body: { items: [], total: 0, page: 1, pageSize: 25, nextCursor: null },
      },
    });
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp('/networks/new', { session: sessionFor('super_admin') });
    await user.type(
      await screen.findByRole('textbox', { name: 'Name' }, { timeout: 30_000 }),
      'Acme LAN',
    );
    const cidr = screen.getByRole('textbox', { name: 'Network (CIDR)' });
    await user.type(cidr, '10.0.0.5/24');
    expect(await screen.findByText(/host bits are set/)).toBeInTheDocument();
    await user.clear(cidr);
    await user.type(cidr, '10.0.0.0/24');
    expect(
      await screen.findByText('Usable: 10.0.0.1 – 10.0.0.254 (254 addresses)'),
    ).toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: 'Gateway' }), '10.0.1.1');
    expect(await screen.findByText('The gateway must lie inside the network.')).toBeInTheDocument();
    await user.clear(screen.getByRole('textbox', { name: 'Gateway' }));
    await user.type(screen.getByRole('textbox', { name: 'Gateway' }), '10.0.0.1');
    await user.type(screen.getByRole('textbox', { name: 'VLAN' }), '100');
    await user.click(screen.getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(net.callsTo('POST', '/api/ipam/ranges')).toHaveLength(1));
    expect(net.callsTo('POST', '/api/ipam/ranges')[0]!.body).toEqual({
      name: 'Acme LAN',
      cidr: '10.0.0.0/24',
      companyId: null,
      vlan: 100,
      gateway: '10.0.0.1',
      dnsServers: [],
      searchDomain: null,
    });
    await waitFor(() => expect(router.state.location.pathname).toBe(`/networks/${RANGE_ID}`));
  }, 90_000);

  it("offers the chosen cluster's SDN VNets and binds the range to one (no VLAN of its own)", async () => {
    const bound = range({
      vlan: null,
      clusterIds: [CLUSTER_ID],
      sdn: {
        vnet: 'vnet1',
        zone: 'simple1',
        subnet: null,
        state: 'pending',
        error: null,
        jobId: 'j1',
      },
    });
    const net = installFakeFetch({
      'GET /api/companies': {
        body: paged([companyView({ id: ACME_ID, name: 'Acme Corp' })], { pageSize: 200 }),
      },
      'GET /api/clusters': { body: [clusterView({ id: CLUSTER_ID, name: 'pve-lab' })] },
      [`GET /api/ipam/clusters/${CLUSTER_ID}/sdn-vnets`]: {
        body: [{ vnet: 'vnet1', zone: 'simple1', tag: null, alias: 'tenant network' }],
      },
      'POST /api/ipam/ranges': { status: 201, body: bound },
      [`GET /api/ipam/ranges/${RANGE_ID}`]: { body: bound },
      [`GET /api/ipam/ranges/${RANGE_ID}/addresses`]: {
        body: { items: [], total: 0, page: 1, pageSize: 25, nextCursor: null },
      },
    });
    const user = userEvent.setup({ delay: null });
    renderApp('/networks/new', { session: sessionFor('super_admin') });
    await user.type(
      await screen.findByRole('textbox', { name: 'Name' }, { timeout: 30_000 }),
      'Acme SDN',
    );
    await user.type(screen.getByRole('textbox', { name: 'Network (CIDR)' }), '10.30.0.0/24');
    // every cluster: no VNet to offer
    expect(screen.queryByRole('combobox', { name: 'SDN VNet' })).toBeNull();
    await user.click(screen.getByRole('combobox', { name: 'Cluster' }));
    await user.click(await screen.findByRole('option', { name: 'pve-lab' }));
    await user.click(await screen.findByRole('combobox', { name: 'SDN VNet' }));
    await user.click(
      await screen.findByRole('option', { name: 'vnet1 (tenant network, simple1)' }),
    );
    expect(screen.getByRole('textbox', { name: 'VLAN' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(net.callsTo('POST', '/api/ipam/ranges')).toHaveLength(1));
    expect(net.callsTo('POST', '/api/ipam/ranges')[0]!.body).toMatchObject({
      cidr: '10.30.0.0/24',
      vlan: null,
      clusterIds: [CLUSTER_ID],
      sdn: { vnet: 'vnet1' },
    });
    expect(await screen.findByTestId('sdn-binding')).toHaveTextContent(
      'SDN: VNet vnet1 (zone simple1), being applied',
    );
  }, 90_000);

  it('allocates the next free address and releases one after confirming', async () => {
    const allocated = address({
      id: 'a1',
      address: '10.0.0.2',
      status: 'allocated',
      purpose: 'other',
      hostname: 'web1',
    });
    const net = installFakeFetch({
      [`GET /api/ipam/ranges/${RANGE_ID}`]: { body: range() },
      [`GET /api/ipam/ranges/${RANGE_ID}/addresses`]: {
        body: {
          items: [allocated, address({ address: '10.0.0.3' })],
          total: 254,
          page: 1,
          pageSize: 25,
          nextCursor: null,
        },
      },
      [`POST /api/ipam/ranges/${RANGE_ID}/allocations`]: { status: 201, body: allocated },
      'POST /api/ipam/addresses/a1/release': { body: { ...allocated, status: 'held' } },
    });
    const user = userEvent.setup({ delay: null });
    renderApp(`/networks/${RANGE_ID}`, { session: sessionFor('company_admin') });
    expect(await screen.findByText('web1', {}, { timeout: 30_000 })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Allocate' }));
    const dialog = await screen.findByRole('dialog', { name: 'Allocate an address' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Host name' }), 'web2');
    await user.click(within(dialog).getByRole('button', { name: 'Allocate' }));
    await waitFor(() =>
      expect(net.callsTo('POST', `/api/ipam/ranges/${RANGE_ID}/allocations`)[0]?.body).toEqual({
        purpose: 'other',
        hostname: 'web2',
      }),
    );
    const row = screen.getByText('web1').closest('[role="row"]') as HTMLElement;
    await user.click(within(row).getByLabelText('Release'));
    const confirm = await screen.findByRole('dialog', { name: 'Release 10.0.0.2?' });
    await user.click(within(confirm).getByRole('button', { name: 'Release' }));
    await waitFor(() =>
      expect(net.callsTo('POST', '/api/ipam/addresses/a1/release')).toHaveLength(1),
    );
  }, 90_000);

  it('walks the address table forward by cursor', async () => {
    const net = installFakeFetch({
      [`GET /api/ipam/ranges/${RANGE_ID}`]: { body: range() },
      [`GET /api/ipam/ranges/${RANGE_ID}/addresses`]: (req) => {
        const cursor = req.query.get('cursor');
        const first = cursor
          ? Number(cursor) + 1
          : (Number(req.query.get('page') ?? 1) - 1) * 25 + 1;
        return {
          body: {
            items: [address({ address: `10.0.0.${first}`, hostname: `host-${first}` })],
            total: 254,
            page: cursor ? 1 : Number(req.query.get('page') ?? 1),
            pageSize: 25,
            nextCursor: String(first + 24),
          },
        };
      },
    });
    const user = userEvent.setup({ delay: null });
    renderApp(`/networks/${RANGE_ID}`, { session: sessionFor('company_admin') });
    expect(await screen.findByText('host-1', {}, { timeout: 30_000 })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: /next page/i }));
    expect(await screen.findByText('host-26')).toBeInTheDocument();
    const calls = net.callsTo('GET', `/api/ipam/ranges/${RANGE_ID}/addresses`);
    expect(calls.at(-1)?.query.get('cursor')).toBe('25');
    expect(calls.at(-1)?.query.get('page')).toBeNull();
    await user.click(screen.getByRole('button', { name: /next page/i }));
    expect(await screen.findByText('host-51')).toBeInTheDocument();
    expect(
      net.callsTo('GET', `/api/ipam/ranges/${RANGE_ID}/addresses`).at(-1)?.query.get('cursor'),
    ).toBe('50');
  }, 90_000);

  it('reads a page opened from the URL by its number', async () => {
    const net = installFakeFetch({
      [`GET /api/ipam/ranges/${RANGE_ID}`]: { body: range() },
      [`GET /api/ipam/ranges/${RANGE_ID}/addresses`]: {
        body: {
          items: [address({ address: '10.0.0.76', hostname: 'host-76' })],
          total: 254,
          page: 4,
          pageSize: 25,
          nextCursor: '100',
        },
      },
    });
    renderApp(`/networks/${RANGE_ID}?page=4`, { session: sessionFor('company_admin') });
    expect(await screen.findByText('host-76', {}, { timeout: 30_000 })).toBeInTheDocument();
    const call = net.callsTo('GET', `/api/ipam/ranges/${RANGE_ID}/addresses`).at(-1);
    expect(call?.query.get('page')).toBe('4');
    expect(call?.query.get('cursor')).toBeNull();
  }, 90_000);

  it('keeps VLAN pools per cluster (tags checked as you type) and assigns a company a tag', async () => {
    const pool = {
      id: 'p1',
      clusterId: CLUSTER_ID,
      name: 'Tenants',
      vlanFrom: 100,
      vlanTo: 199,
      note: null,
      assigned: 1,
      size: 100,
      createdAt: '2026-12-06T00:00:00.000Z',
    };
    const assignment = {
      id: 'v1',
      poolId: 'p1',
      poolName: 'Tenants',
      clusterId: CLUSTER_ID,
      clusterName: 'pve-lab',
      vlan: 100,
      companyId: ACME_ID,
      purpose: 'guests',
      note: null,
      createdAt: '2026-12-06T00:00:00.000Z',
    };
    const net = installFakeFetch({
      'GET /api/ipam/ranges': { body: { items: [], total: 0, page: 1, pageSize: 25 } },
      'GET /api/clusters': { body: [clusterView({ id: CLUSTER_ID, name: 'pve-lab' })] },
      'GET /api/companies': {
        body: paged([companyView({ id: ACME_ID, name: 'Acme Corp' })], { pageSize: 200 }),
      },
      [`GET /api/ipam/clusters/${CLUSTER_ID}/vlan-pools`]: { body: [pool] },
      [`POST /api/ipam/clusters/${CLUSTER_ID}/vlan-pools`]: {
        status: 201,
        body: { ...pool, id: 'p2', name: 'More', vlanFrom: 300, vlanTo: 309, size: 10 },
      },
      [`GET /api/ipam/companies/${ACME_ID}/vlans`]: { body: [assignment] },
      [`POST /api/ipam/companies/${ACME_ID}/vlans`]: { status: 201, body: assignment },
    });
    const user = userEvent.setup({ delay: null });
    renderApp('/networks', { session: sessionFor('super_admin') });
    const pools = await screen.findByRole('region', { name: 'VLAN pools' }, { timeout: 30_000 });
    await user.click(within(pools).getByRole('combobox', { name: 'Cluster' }));
    await user.click(await screen.findByRole('option', { name: 'pve-lab' }));
    expect(await within(pools).findByText('100–199')).toBeInTheDocument();
    expect(within(pools).getByText('1 of 100')).toBeInTheDocument();
    await user.type(within(pools).getByRole('textbox', { name: 'Name' }), 'More');
    await user.type(within(pools).getByRole('textbox', { name: 'First tag' }), '309');
    await user.type(within(pools).getByRole('textbox', { name: 'Last tag' }), '300');
    expect(within(pools).getByText('the last tag comes before the first')).toBeInTheDocument();
    expect(within(pools).getByRole('button', { name: 'Add pool' })).toBeDisabled();
    await user.clear(within(pools).getByRole('textbox', { name: 'First tag' }));
    await user.type(within(pools).getByRole('textbox', { name: 'First tag' }), '300');
    await user.clear(within(pools).getByRole('textbox', { name: 'Last tag' }));
    await user.type(within(pools).getByRole('textbox', { name: 'Last tag' }), '309');
    await user.click(within(pools).getByRole('button', { name: 'Add pool' }));
    await waitFor(() =>
      expect(net.callsTo('POST', `/api/ipam/clusters/${CLUSTER_ID}/vlan-pools`)[0]?.body).toEqual({
        name: 'More',
        vlanFrom: 300,
        vlanTo: 309,
      }),
    );

    const vlans = screen.getByRole('region', { name: 'Company VLANs' });
    await user.click(within(vlans).getByRole('combobox', { name: 'Owner' }));
    await user.click(await screen.findByRole('option', { name: 'Acme Corp' }));
    expect(await within(vlans).findByText('Tenants')).toBeInTheDocument();
    await user.click(within(vlans).getByRole('combobox', { name: 'Cluster' }));
    await user.click(await screen.findByRole('option', { name: 'pve-lab' }));
    await user.click(within(vlans).getByRole('button', { name: 'Assign VLAN' }));
    await waitFor(() =>
      expect(net.callsTo('POST', `/api/ipam/companies/${ACME_ID}/vlans`)[0]?.body).toEqual({
        clusterId: CLUSTER_ID,
      }),
    );
  }, 90_000);

  it("shows a company admin their company's VLANs, read-only", async () => {
    installFakeFetch({
      'GET /api/ipam/ranges': { body: { items: [], total: 0, page: 1, pageSize: 25 } },
      [`GET /api/ipam/companies/${ACME_ID}/vlans`]: {
        body: [
          {
            id: 'v1',
            poolId: 'p1',
            poolName: 'Tenants',
            clusterId: CLUSTER_ID,
            clusterName: 'pve-lab',
            vlan: 142,
            companyId: ACME_ID,
            purpose: 'guests',
            note: null,
            createdAt: '2026-12-06T00:00:00.000Z',
          },
        ],
      },
    });
    renderApp('/networks', { session: sessionFor('company_admin') });
    const vlans = await screen.findByRole('region', { name: 'Company VLANs' }, { timeout: 30_000 });
    expect(await within(vlans).findByText('142')).toBeInTheDocument();
    expect(within(vlans).getByText('pve-lab')).toBeInTheDocument();
    expect(within(vlans).queryByRole('button', { name: 'Assign VLAN' })).toBeNull();
    expect(screen.queryByRole('region', { name: 'VLAN pools' })).toBeNull();
  }, 90_000);
  it('shows staff the latest sweep’s findings in the range, filters them and adopts an unknown address', async () => {
    const GUEST_ID = '66666666-6666-4666-8666-666666666666';
    const finding = (over: Partial<IpamSweepFinding>): IpamSweepFinding => ({
      kind: 'unknown',
      address: '10.0.0.50',
      vmid: 120,
      guestId: GUEST_ID,
      guestName: 'web9',
      rangeId: RANGE_ID,
      rangeName: 'Acme LAN',
      ipamAddressId: null,
      ipamStatus: null,
      ipamGuestId: null,
      alsoVmids: [],
      sdn: null,
      ...over,
    });
    const sweep: IpamSweepDto = {
      id: 's1',
      clusterId: CLUSTER_ID,
      status: 'done',
      jobId: null,
      guestsChecked: 3,
      guestsSkipped: 1,
      findings: [
        finding({}),
        finding({
          kind: 'conflict',
          address: '10.0.0.2',
          vmid: 121,
          guestName: 'db1',
          ipamAddressId: 'a1',
          ipamStatus: 'allocated',
        }),
        finding({ address: '10.9.0.5', vmid: 122, guestName: 'elsewhere', rangeId: 'other' }),
        finding({
          kind: 'sdn_tag_mismatch',
          address: '10.0.0.0/24',
          vmid: null,
          guestId: null,
          guestName: null,
          sdn: { vnet: 'acmenet', tag: 651, boundTag: null },
        }),
      ],
      error: null,
      startedAt: '2026-12-06T10:00:00.000Z',
      finishedAt: '2026-12-06T10:01:00.000Z',
    };
    const net = installFakeFetch({
      [`GET /api/ipam/ranges/${RANGE_ID}`]: { body: range({ clusterIds: [CLUSTER_ID] }) },
      [`GET /api/ipam/ranges/${RANGE_ID}/addresses`]: {
        body: { items: [], total: 0, page: 1, pageSize: 25, nextCursor: null },
      },
      'GET /api/clusters': { body: [clusterView({ id: CLUSTER_ID, name: 'pve-lab' })] },
      [`GET /api/ipam/clusters/${CLUSTER_ID}/conflict-sweeps/latest`]: { body: sweep },
      // the server filters (by range and kind) and pages; this double does the same
      'GET /api/ipam/conflicts': (req) => {
        const items = sweep.findings
          .filter(
            (f) =>
              f.rangeId === req.query.get('rangeId') &&
              (!req.query.get('kind') || f.kind === req.query.get('kind')),
          )
          .map((f) => ({
            ...f,
            clusterId: CLUSTER_ID,
            clusterName: 'pve-lab',
            sweepId: sweep.id,
            sweptAt: sweep.finishedAt!,
          }));
        return { body: { items, total: items.length, page: 1, pageSize: 25 } };
      },
      [`POST /api/ipam/ranges/${RANGE_ID}/allocations`]: {
        status: 201,
        body: address({ id: 'a9', address: '10.0.0.50', status: 'allocated', guestId: GUEST_ID }),
      },
    });
    const user = userEvent.setup({ delay: null });
    renderApp(`/networks/${RANGE_ID}`, { session: sessionFor('super_admin') });
    const table = await screen.findByRole('table', { name: 'Sweep findings' }, { timeout: 60_000 });
    expect(
      screen.getByText(/pve-lab: swept .* \(3 guests checked, 1 skipped\)/),
    ).toBeInTheDocument();
    expect(within(table).getByText('web9 (VMID 120)')).toBeInTheDocument();
    expect(within(table).getByText('db1 (VMID 121)')).toBeInTheDocument();
    // the range's VNet re-tagged in Proxmox: the tags, not a guest
    const retag = within(table).getByText('10.0.0.0/24').closest('tr') as HTMLElement;
    expect(within(retag).getByText('VNet re-tagged')).toBeInTheDocument();
    expect(
      within(retag).getByText(
        'SDN VNet acmenet is tagged 651 in Proxmox, untagged when the range was bound (save the binding again to accept it)',
      ),
    ).toBeInTheDocument();
    // another range's finding is not this range's business
    expect(within(table).queryByText('elsewhere (VMID 122)')).toBeNull();
    // a conflict is shown, not adoptable
    const conflictRow = within(table).getByText('10.0.0.2').closest('tr') as HTMLElement;
    expect(within(conflictRow).queryByRole('button')).toBeNull();

    await user.click(screen.getByRole('combobox', { name: 'Finding' }));
    await user.click(await screen.findByRole('option', { name: 'Conflict' }));
    await waitFor(() => expect(within(table).queryByText('web9 (VMID 120)')).toBeNull());
    // filtered on the server: the kind and the range go in the query
    const asked = net.callsTo('GET', '/api/ipam/conflicts').map((c) => c.query);
    expect(asked.at(-1)?.get('kind')).toBe('conflict');
    expect(asked.at(-1)?.get('rangeId')).toBe(RANGE_ID);
    expect(asked.at(-1)?.get('clusterId')).toBe(CLUSTER_ID);
    await user.click(screen.getByRole('combobox', { name: 'Finding' }));
    await user.click(await screen.findByRole('option', { name: 'Unknown' }));

    await user.click(await screen.findByRole('button', { name: 'Adopt 10.0.0.50' }));
    await waitFor(() =>
      expect(net.callsTo('POST', `/api/ipam/ranges/${RANGE_ID}/allocations`)[0]?.body).toEqual({
        address: '10.0.0.50',
        guestId: GUEST_ID,
      }),
    );
    expect(await screen.findByText('Adopted')).toBeInTheDocument();
  }, 90_000);
});
