import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { LeftoversOverview } from '@multpanel/contracts';
import { describe, expect, it } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import { sessionFor } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';
import { systemFeature } from '../routes';

const CLUSTER = '0193a000-0000-7000-8000-000000000001';
const overview: LeftoversOverview = {
  locks: [
    {
      guestId: '0193a000-0000-7000-8000-0000000000a1',
      clusterId: CLUSTER,
      clusterName: 'sim',
      node: 'pve1',
      vmid: 101,
      kind: 'qemu',
      name: 'web',
      lock: 'backup',
      companyId: null,
      state: 'stale',
      task: null,
    },
    {
      guestId: '0193a000-0000-7000-8000-0000000000a2',
      clusterId: CLUSTER,
      clusterName: 'sim',
      node: 'pve2',
      vmid: 102,
      kind: 'qemu',
      name: 'db',
      lock: 'migrate',
      companyId: null,
      state: 'task-running',
      task: 'qmigrate',
    },
  ],
  leftovers: [
    {
      clusterId: CLUSTER,
      clusterName: 'sim',
      vmid: 140,
      kind: 'qemu',
      name: 'half-made',
      state: 'failed',
      attempts: 10,
      maxAttempts: 10,
      lastError: 'VMID 140 still has a running task (qmclone); later',
      nextTryAt: null,
    },
  ],
};

describe('System → Leftovers', () => {
  it('lists stale locks and failed creates, unlocks one and retries the other after a confirm', async () => {
    const net = installFakeFetch({
      'GET /api/leftovers': { body: overview },
      [`POST /api/leftovers/locks/${overview.locks[0].guestId}/unlock`]: {
        body: { guestId: overview.locks[0].guestId, removed: 'backup' },
      },
      [`POST /api/leftovers/removals/${CLUSTER}/140/retry`]: {
        status: 202,
        body: { clusterId: CLUSTER, vmid: 140, was: 'failed' },
      },
    });
    renderApp('/system/leftovers', {
      session: sessionFor('super_admin'),
      consoleFeatures: [systemFeature],
    });
    const stale = await screen.findByTestId('lock-101');
    expect(stale).toHaveTextContent('No task holds it');
    const busy = screen.getByTestId('lock-102');
    expect(busy).toHaveTextContent('Held by qmigrate');
    // A lock a running task holds offers no unlock.
    expect(within(busy).queryByRole('button', { name: 'Unlock' })).toBeNull();

    await userEvent.click(within(stale).getByRole('button', { name: 'Unlock' }));
    const dialog = screen.getByRole('dialog');
    expect(dialog).toHaveTextContent('Unlock 101 web?');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Unlock' }));
    await waitFor(() =>
      expect(
        net.callsTo('POST', `/api/leftovers/locks/${overview.locks[0].guestId}/unlock`),
      ).toHaveLength(1),
    );

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const leftover = screen.getByTestId('leftover-140');
    expect(leftover).toHaveTextContent('Gave up');
    expect(leftover).toHaveTextContent('10 / 10');
    await userEvent.click(within(leftover).getByRole('button', { name: 'Remove now' }));
    await userEvent.click(
      within(await screen.findByRole('dialog')).getByRole('button', { name: 'Remove now' }),
    );
    await waitFor(() =>
      expect(net.callsTo('POST', `/api/leftovers/removals/${CLUSTER}/140/retry`)).toHaveLength(1),
    );
    // The list is read again after each action.
    await waitFor(() => expect(net.callsTo('GET', '/api/leftovers').length).toBeGreaterThan(2));
  });

  it('shows the API error in the dialog when Proxmox refuses', async () => {
    installFakeFetch({
      'GET /api/leftovers': { body: { ...overview, leftovers: [] } },
      [`POST /api/leftovers/locks/${overview.locks[0].guestId}/unlock`]: {
        status: 409,
        body: {
          statusCode: 409,
          code: 'CONFLICT',
          message: "The lock 'backup' of guest 101 belongs to a running task (vzdump)",
        },
      },
    });
    renderApp('/system/leftovers', {
      session: sessionFor('super_admin'),
      consoleFeatures: [systemFeature],
    });
    expect(await screen.findByText('Nothing left to remove.')).toBeInTheDocument();
    await userEvent.click(
      within(screen.getByTestId('lock-101')).getByRole('button', { name: 'Unlock' }),
    );
    const dialog = screen.getByRole('dialog');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Unlock' }));
    expect(await within(dialog).findByText(/belongs to a running task/)).toBeInTheDocument();
  });
});
