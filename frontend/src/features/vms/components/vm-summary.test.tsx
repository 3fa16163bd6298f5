import { screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import { sessionFor } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';
import { FakeWebSocket } from '@/testing/fake-web-socket';
import { VM_ID, acmeAdminSession, vmDetail } from '../testing/vm-fixtures';

const FIRST_PAINT = { timeout: 15_000 };

describe('guest summary: addresses, OS, node', { timeout: 60_000 }, () => {
  beforeEach(() => vi.stubGlobal('WebSocket', FakeWebSocket));

  it('shows a customer the addresses and OS, the cluster but not the node', async () => {
    installFakeFetch({
      [`GET /api/vms/${VM_ID}`]: { body: vmDetail() },
      [`GET /api/vms/${VM_ID}/rrd`]: { body: [] },
    });
    renderApp(`/vms/${VM_ID}`, { session: acmeAdminSession() });
    const ips = await screen.findByRole('region', { name: 'IP addresses' }, FIRST_PAINT);
    expect(within(ips).getByText('eth0')).toBeInTheDocument();
    expect(within(ips).getByText('10.0.0.5')).toBeInTheDocument();
    expect(within(ips).getByText('2001:db8::5')).toBeInTheDocument();
    expect(screen.getByText('Linux (kernel 2.6 or later)')).toBeInTheDocument();
    expect(screen.getByText('demo')).toBeInTheDocument();
    expect(screen.queryByText(/pve1/)).not.toBeInTheDocument();
  });

  it('says why a VM has no addresses (no guest agent), and shows staff the node', async () => {
    installFakeFetch({
      [`GET /api/vms/${VM_ID}`]: { body: vmDetail({ addresses: null }) },
      [`GET /api/vms/${VM_ID}/rrd`]: { body: [] },
    });
    renderApp(`/vms/${VM_ID}`, { session: sessionFor('super_admin') });
    const ips = await screen.findByRole('region', { name: 'IP addresses' }, FIRST_PAINT);
    expect(within(ips).getByText(/QEMU guest agent is not answering/)).toBeInTheDocument();
    expect(screen.getByText('pve1 (demo)')).toBeInTheDocument();
  });
});
