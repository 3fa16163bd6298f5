import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import { renderApp } from '@/testing/render-app';
import { FakeWebSocket } from '@/testing/fake-web-socket';
import { VM_ID, acmeAdminSession, job, vmDetail } from '../testing/vm-fixtures';

describe('guest hardware', () => {
  beforeEach(() => vi.stubGlobal('WebSocket', FakeWebSocket));

  it('never sends a disk shrink, and grows the disk with a job', async () => {
    const net = installFakeFetch({
      [`GET /api/vms/${VM_ID}`]: { body: vmDetail() },
      [`PUT /api/vms/${VM_ID}`]: {
        status: 202,
        body: { job: job({ type: 'vm.resize' }), vmId: VM_ID },
      },
      'GET /api/jobs/job-1': { body: job({ type: 'vm.resize', progress: 50 }) },
    });
    const user = userEvent.setup();
    renderApp(`/vms/${VM_ID}?tab=hardware`, { session: acmeAdminSession() });

    const disks = await screen.findByRole('table', { name: 'Disks' }, { timeout: 15_000 });
    expect(within(disks).getByText('32 GiB')).toBeInTheDocument();
    await user.click(within(disks).getByRole('button', { name: 'Grow' }));

    const dialog = await screen.findByRole('dialog', { name: 'Grow disk scsi0' });
    const size = within(dialog).getByRole('spinbutton', { name: 'New size (GiB)' });
    for (const value of ['16', '32']) {
      await user.clear(size);
      await user.type(size, value);
      await user.click(within(dialog).getByRole('button', { name: 'Grow' }));
      expect(
        await within(dialog).findByText('Disks can only grow: enter a size larger than today.'),
      ).toBeInTheDocument();
    }
    expect(net.callsTo('PUT', `/api/vms/${VM_ID}`)).toHaveLength(0);

    await user.clear(size);
    await user.type(size, '40');
    await user.click(within(dialog).getByRole('button', { name: 'Grow' }));
    await waitFor(() => expect(net.callsTo('PUT', `/api/vms/${VM_ID}`)).toHaveLength(1));
    expect(net.callsTo('PUT', `/api/vms/${VM_ID}`)[0]!.body).toEqual({
      disk: { disk: 'scsi0', sizeGb: 40 },
    });
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    const progress = await screen.findByRole('progressbar', {
      name: 'Progress of Change hardware',
    });
    expect(progress).toHaveAttribute('aria-valuenow', '10');
  });

  it('hides power and edit controls the guest grants do not include', async () => {
    installFakeFetch({
      [`GET /api/vms/${VM_ID}`]: { body: vmDetail({ rights: ['view'] }) },
    });
    const session = acmeAdminSession();
    renderApp(`/vms/${VM_ID}?tab=hardware`, {
      session: {
        ...session,
        user: { ...session.user, role: 'user' },
        permissions: ['vm.read', 'vm.power', 'vm.update'],
      },
    });
    await screen.findByRole('table', { name: 'Disks' }, { timeout: 15_000 });
    expect(screen.queryByRole('button', { name: 'Grow' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Shut down' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Save' })).not.toBeInTheDocument();
  });
});
