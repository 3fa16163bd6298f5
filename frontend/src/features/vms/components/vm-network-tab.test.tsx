import { screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import { renderApp } from '@/testing/render-app';
import { FakeWebSocket } from '@/testing/fake-web-socket';
import { VM_ID, acmeAdminSession, vmDetail } from '../testing/vm-fixtures';

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
  });
});
