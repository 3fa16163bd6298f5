import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import { FakeWebSocket } from '@/testing/fake-web-socket';
import { renderApp } from '@/testing/render-app';
import { VM_ID, acmeAdminSession, archive, guest, job } from '../testing/backup-fixtures';

const older = archive({
  volid: 'local:backup/vzdump-qemu-101-2026_01_01-02_00_00.vma.zst',
  createdAt: '2026-01-01T02:00:00.000Z',
  protected: true,
});

describe('guest backups tab', () => {
  beforeEach(() => vi.stubGlobal('WebSocket', FakeWebSocket));

  it('lists archives, backs up now and restores to a new guest with the network disconnected', async () => {
    const backupJob = job({ id: 'job-b', type: 'backups.guest', guestId: VM_ID });
    const restoreJob = job({ id: 'job-r', type: 'backups.restore', guestId: 'new-vm' });
    const net = installFakeFetch({
      [`GET /api/vms/${VM_ID}`]: { body: guest() },
      [`GET /api/vms/${VM_ID}/backups`]: { body: { archives: [archive(), older], last: null } },
      [`POST /api/vms/${VM_ID}/backups`]: { status: 202, body: { job: backupJob, runId: 'run-1' } },
      [`POST /api/vms/${VM_ID}/backups/restore`]: {
        status: 202,
        body: { job: restoreJob, vmId: 'new-vm' },
      },
      'GET /api/jobs/job-b': { body: backupJob },
      'GET /api/jobs/job-r': { body: restoreJob },
    });
    const user = userEvent.setup();
    renderApp(`/vms/${VM_ID}?tab=backups`, { session: acmeAdminSession() });

    const table = await screen.findByRole('table', { name: 'Backups' }, { timeout: 15_000 });
    const rows = await within(table).findAllByTestId('backup-row');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getByText('3.0 GiB')).toBeInTheDocument();
    // a protected archive cannot be deleted
    expect(within(rows[1]!).getByRole('button', { name: 'Delete' })).toBeDisabled();
    expect(within(rows[1]!).getByRole('button', { name: 'Unprotect' })).toBeEnabled();
    expect(screen.getByText('Never backed up by the platform')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Back up now' }));
    const confirm = await screen.findByRole('dialog', { name: 'Back up web-1 now?' });
    await user.click(within(confirm).getByRole('button', { name: 'Back up now' }));
    await waitFor(() => expect(net.callsTo('POST', `/api/vms/${VM_ID}/backups`)).toHaveLength(1));
    expect(
      await screen.findByRole('progressbar', { name: 'Progress of Backup' }),
    ).toBeInTheDocument();

    await user.click(within(rows[0]!).getByRole('button', { name: 'Restore' }));
    const dialog = await screen.findByRole('dialog', { name: /Restore local:backup/ });
    const name = within(dialog).getByRole('textbox', { name: 'Name of the new guest' });
    await user.clear(name);
    await user.type(name, 'web-1-copy');
    await user.click(within(dialog).getByRole('switch', { name: 'Start it after the restore' }));
    await user.click(within(dialog).getByRole('button', { name: 'Restore' }));
    await waitFor(() =>
      expect(net.callsTo('POST', `/api/vms/${VM_ID}/backups/restore`)[0]?.body).toEqual({
        volid: archive().volid,
        target: 'new',
        name: 'web-1-copy',
        start: true,
        disconnectNetwork: true,
      }),
    );
    expect(
      await screen.findByRole('progressbar', { name: 'Progress of Restore backup' }),
    ).toBeInTheDocument();
  });

  it('asks for the guest name before restoring in place', async () => {
    const net = installFakeFetch({
      [`GET /api/vms/${VM_ID}`]: { body: guest() },
      [`GET /api/vms/${VM_ID}/backups`]: { body: { archives: [archive()], last: null } },
      [`POST /api/vms/${VM_ID}/backups/restore`]: {
        status: 202,
        body: { job: job({ type: 'backups.restore' }), vmId: VM_ID },
      },
    });
    const user = userEvent.setup();
    renderApp(`/vms/${VM_ID}?tab=backups`, { session: acmeAdminSession() });
    const table = await screen.findByRole('table', { name: 'Backups' }, { timeout: 15_000 });
    await within(table).findAllByTestId('backup-row');
    await user.click(within(table).getByRole('button', { name: 'Restore' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('radio', { name: /This guest, overwriting it/ }));
    expect(
      within(dialog).getByText(/overwrites the disks and configuration of "web-1"/),
    ).toBeInTheDocument();
    const submit = within(dialog).getByRole('button', { name: 'Restore' });
    expect(submit).toBeDisabled();
    await user.type(
      within(dialog).getByRole('textbox', { name: 'Type "web-1" to confirm' }),
      'web-1',
    );
    await user.click(submit);
    await waitFor(() =>
      expect(net.callsTo('POST', `/api/vms/${VM_ID}/backups/restore`)[0]?.body).toMatchObject({
        target: 'in-place',
        confirm: 'web-1',
      }),
    );
  });

  it('has no Backups tab without the backup right', async () => {
    installFakeFetch({ [`GET /api/vms/${VM_ID}`]: { body: guest({ rights: ['view', 'power'] }) } });
    renderApp(`/vms/${VM_ID}`, { session: acmeAdminSession() });
    await screen.findByRole('tab', { name: 'Summary' }, { timeout: 15_000 });
    expect(screen.queryByRole('tab', { name: 'Backups' })).not.toBeInTheDocument();
  });
});
