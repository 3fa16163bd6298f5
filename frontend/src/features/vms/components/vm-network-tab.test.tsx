import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import { sessionFor } from '@/testing/fixtures';
import { ipRangeView } from '@/testing/fixtures-network';
import { renderApp } from '@/testing/render-app';
import { FakeWebSocket } from '@/testing/fake-web-socket';
import { ACME_ID, VM_ID, acmeAdminSession, vmDetail } from '../testing/vm-fixtures';

describe('guest network tab', () => {
  beforeEach(() => vi.stubGlobal('WebSocket', FakeWebSocket));

  it("shows each NIC's IPAM address", async () => {
    const nic = (key: string, mac: string) => ({
      key,
      model: 'virtio',
      bridge: 'vmbr0',
      vlan: 90,
      mac,
      raw: '',
    });
    const base = vmDetail();
    installFakeFetch({
      [`GET /api/vms/${VM_ID}`]: {
        body: vmDetail({
          config: {
            ...base.config!,
            networks: [nic('net0', 'BC:24:11:00:00:01'), nic('net1', 'BC:24:11:00:00:02')],
          },
        }),
      },
      [`GET /api/ipam/guests/${VM_ID}/addresses`]: {
        body: [
          {
            id: 'a1',
            rangeId: 'r1',
            address: '2001:db8:77::2',
            status: 'allocated',
            purpose: 'guest',
            companyId: null,
            guestId: VM_ID,
            guestName: null,
            nic: 1,
            hostname: null,
            note: null,
            allocatedAt: null,
            holdUntil: null,
          },
        ],
      },
    });
    renderApp(`/vms/${VM_ID}?tab=network`, { session: acmeAdminSession() });
    const table = await screen.findByRole('table', { name: 'Network' }, { timeout: 15_000 });
    const row1 = within(table).getByText('net1').closest('tr')!;
    expect(await within(row1).findByText('2001:db8:77::2')).toBeInTheDocument();
    const row0 = within(table).getByText('net0').closest('tr')!;
    expect(within(row0).queryByText('2001:db8:77::2')).toBeNull();
    // a company admin does not move addresses (ipam.manage is staff's)
    expect(screen.queryByRole('button', { name: 'Change the address of net0' })).toBeNull();
  });

  it('lets staff move a NIC to a chosen address of another range', async () => {
    const address = (a: string, rangeId: string) => ({
      id: `id-${a}`,
      rangeId,
      address: a,
      status: 'allocated',
      purpose: 'guest',
      companyId: ACME_ID,
      guestId: VM_ID,
      guestName: null,
      nic: 0,
      hostname: null,
      note: null,
      allocatedAt: null,
      holdUntil: null,
    });
    const range = (id: string, name: string, cidr: string) =>
      ipRangeView({ id, name, cidr, companyId: ACME_ID, companyName: 'Acme Corp', vlan: 76 });
    const R2 = '55555555-5555-4555-8555-555555555555';
    let held = [address('10.1.0.5', 'r1')];
    const fake = installFakeFetch({
      [`GET /api/vms/${VM_ID}`]: { body: vmDetail({ companyId: ACME_ID }) },
      [`GET /api/ipam/guests/${VM_ID}/addresses`]: () => ({ body: held }),
      'GET /api/ipam/ranges': {
        body: { items: [range(R2, 'Acme back', '10.2.0.0/24')], total: 1, page: 1, pageSize: 200 },
      },
      [`GET /api/ipam/ranges/${R2}/addresses`]: {
        body: {
          items: [{ ...address('10.2.0.2', R2), id: null, status: 'free' }],
          total: 1,
          page: 1,
          pageSize: 1,
          nextCursor: null,
        },
      },
      [`PUT /api/vms/${VM_ID}/nics/0/address`]: () => {
        held = [address('10.2.0.9', R2)];
        return { body: held };
      },
    });
    renderApp(`/vms/${VM_ID}?tab=network`, { session: sessionFor('super_admin') });
    const user = userEvent.setup();
    await user.click(
      await screen.findByRole(
        'button',
        { name: 'Change the address of net0' },
        { timeout: 15_000 },
      ),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Change the address of net0' });
    expect(within(dialog).getByText('Current address: 10.1.0.5')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('combobox', { name: 'Network (IP range)' }));
    await user.click(await screen.findByRole('option', { name: /Acme back/ }));
    expect(await within(dialog).findByText('Address: 10.2.0.2')).toBeInTheDocument();
    await user.type(
      within(dialog).getByRole('textbox', { name: 'Address (optional)' }),
      '10.2.0.9',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Change address' }));
    expect(await screen.findByText('10.2.0.9')).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(fake.callsTo('PUT', `/api/vms/${VM_ID}/nics/0/address`)[0]!.body).toEqual({
      rangeId: R2,
      address: '10.2.0.9',
    });
  });
});
