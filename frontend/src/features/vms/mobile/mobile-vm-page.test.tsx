import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import { sessionFor } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';
import { FakeWebSocket } from '@/testing/fake-web-socket';
import { VM_ID, job, vmDetail, vmSummary } from '../testing/vm-fixtures';

describe('/mobile guests', () => {
  beforeEach(() => vi.stubGlobal('WebSocket', FakeWebSocket));

  it('lists my guests with their status and powers one only after a confirming tap', async () => {
    const net = installFakeFetch({
      'GET /api/vms': {
        body: {
          items: [vmSummary(), vmSummary({ id: 'tpl', name: 'golden', template: true })],
          total: 2,
          page: 1,
          pageSize: 100,
        },
      },
      [`GET /api/vms/${VM_ID}`]: { body: vmDetail({ rights: ['view', 'power'] }) },
      [`POST /api/vms/${VM_ID}/control`]: {
        status: 202,
        body: { job: job({ type: 'vm.power', progress: 0, status: 'queued' }), vmId: VM_ID },
      },
      'GET /api/jobs/job-1': { body: job({ type: 'vm.power', progress: 50 }) },
    });
    const user = userEvent.setup();
    renderApp('/mobile/vms', { session: sessionFor('user') });

    const list = await screen.findByRole(
      'list',
      { name: 'My virtual machines' },
      { timeout: 15_000 },
    );
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(1); // templates are not "my guests"
    expect(within(items[0]!).getByText('Running')).toBeInTheDocument();

    await user.click(within(items[0]!).getByRole('link'));
    const power = await screen.findByRole('group', { name: 'Power' });
    // The guest's addresses, OS and current usage, as on the staff console.
    const ips = screen.getByRole('region', { name: 'IP addresses' });
    expect(within(ips).getByText('10.0.0.5')).toBeInTheDocument();
    expect(screen.getByText('Linux (kernel 2.6 or later)')).toBeInTheDocument();
    expect(screen.getByText('Now: CPU 12% · 1.0 GiB memory in use')).toBeInTheDocument();
    // Only everyday actions on a phone; no console/snapshot rights means no such buttons either.
    expect(
      within(power)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['Shut down', 'Reboot', 'Stop']);
    await user.click(within(power).getByRole('button', { name: 'Reboot' }));
    const dialog = await screen.findByRole('dialog', { name: 'Reboot web-1?' });
    expect(net.callsTo('POST', `/api/vms/${VM_ID}/control`)).toHaveLength(0);
    await user.click(within(dialog).getByRole('button', { name: 'Reboot' }));

    await waitFor(() => expect(net.callsTo('POST', `/api/vms/${VM_ID}/control`)).toHaveLength(1));
    expect(net.callsTo('POST', `/api/vms/${VM_ID}/control`)[0]!.body).toEqual({ action: 'reboot' });
    expect(
      await screen.findByRole('progressbar', { name: 'Progress of Power action' }),
    ).toBeInTheDocument();
  });

  it('shows no power buttons without the power grant, and the guest notes', async () => {
    const detail = vmDetail({ rights: ['view'] });
    installFakeFetch({
      [`GET /api/vms/${VM_ID}`]: {
        body: { ...detail, config: { ...detail.config!, description: 'Billing DB\nowner: ops' } },
      },
    });
    renderApp(`/mobile/vms/${VM_ID}`, { session: sessionFor('user') });
    expect(
      await screen.findByText(
        'You may look at this machine but not switch it on or off.',
        {},
        { timeout: 15_000 },
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Reboot' })).not.toBeInTheDocument();
    const notes = screen.getByRole('region', { name: 'Notes' });
    expect(notes).toHaveTextContent('Billing DB');
    expect(within(notes).queryByRole('button')).not.toBeInTheDocument();
  });

  it("shows a stopped guest's IPAM addresses, NIC by NIC, read-only", async () => {
    installFakeFetch({
      [`GET /api/vms/${VM_ID}`]: {
        body: vmDetail({ rights: ['view'], status: 'stopped', live: null }),
      },
      [`GET /api/ipam/guests/${VM_ID}/addresses`]: {
        body: [0, 1].map((nic) => ({
          id: `a${nic}`,
          rangeId: 'r1',
          address: `192.168.77.${nic + 2}`,
          status: 'allocated',
          purpose: 'guest',
          companyId: null,
          guestId: VM_ID,
          guestName: null,
          nic,
          hostname: null,
          note: null,
          allocatedAt: null,
          holdUntil: null,
        })),
      },
    });
    renderApp(`/mobile/vms/${VM_ID}`, { session: sessionFor('user') });
    const card = await screen.findByRole(
      'region',
      { name: 'Assigned addresses' },
      { timeout: 15_000 },
    );
    expect(within(card).getByText('net1').nextSibling).toHaveTextContent('192.168.77.3');
    expect(within(card).getByText('192.168.77.2')).toBeInTheDocument();
    expect(within(card).queryByRole('button')).toBeNull();
  });

  it('offers the console for a running guest only, never for a stopped one', async () => {
    installFakeFetch({
      [`GET /api/vms/${VM_ID}`]: { body: vmDetail({ rights: ['view', 'console'] }) },
      'GET /api/vms/vm-off': {
        body: vmDetail({
          id: 'vm-off',
          name: 'off-1',
          status: 'stopped',
          rights: ['view', 'console'],
        }),
      },
    });
    const { router } = renderApp(`/mobile/vms/${VM_ID}`, { session: sessionFor('user') });
    expect(
      await screen.findByRole('link', { name: 'Console' }, { timeout: 15_000 }),
    ).toHaveAttribute('href', `/mobile/vms/${VM_ID}/console`);
    await router.navigate('/mobile/vms/vm-off');
    expect(await screen.findByText('off-1')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Console' })).not.toBeInTheDocument();
  });
});
