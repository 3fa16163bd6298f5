import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BackupResultDto } from '@multpanel/contracts';
import { installFakeFetch } from '@/testing/fake-fetch';
import { FakeWebSocket } from '@/testing/fake-web-socket';
import { sessionFor } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';
import { VM_ID, archive, guest, job } from '../testing/backup-fixtures';

const last: BackupResultDto = {
  id: 'res-1',
  runId: 'run-0',
  guestId: VM_ID,
  guestName: 'web-1',
  vmid: 101,
  clusterId: 'cl-1',
  node: 'pve1',
  status: 'failed',
  jobId: null,
  upid: null,
  volid: null,
  sizeBytes: null,
  durationMs: null,
  error: 'No space left on device',
  startedAt: '2026-01-02T02:00:00.000Z',
  finishedAt: '2026-01-02T02:01:00.000Z',
};

// Issue 18: /mobile shows a granted guest's last backup and a confirmed "back up now".
describe('/mobile backup card', () => {
  beforeEach(() => vi.stubGlobal('WebSocket', FakeWebSocket));

  it("shows the last backup's status and backs up only after the confirming tap", async () => {
    const backupJob = job({ id: 'job-b', type: 'backups.guest', guestId: VM_ID });
    const net = installFakeFetch({
      [`GET /api/vms/${VM_ID}`]: { body: guest({ rights: ['view', 'backup'] }) },
      [`GET /api/vms/${VM_ID}/backups`]: { body: { archives: [archive()], last } },
      [`POST /api/vms/${VM_ID}/backups`]: { status: 202, body: { job: backupJob, runId: 'run-1' } },
      'GET /api/jobs/job-b': { body: backupJob },
    });
    const user = userEvent.setup();
    renderApp(`/mobile/vms/${VM_ID}`, { session: sessionFor('user') });

    const card = await screen.findByRole('region', { name: 'Backup' }, { timeout: 15_000 });
    expect(await within(card).findByText('Failed')).toBeInTheDocument();
    await user.click(within(card).getByRole('button', { name: 'Back up now' }));
    const dialog = await screen.findByRole('dialog', { name: 'Back up web-1 now?' });
    expect(net.callsTo('POST', `/api/vms/${VM_ID}/backups`)).toHaveLength(0);
    await user.click(within(dialog).getByRole('button', { name: 'Back up now' }));
    await waitFor(() => expect(net.callsTo('POST', `/api/vms/${VM_ID}/backups`)).toHaveLength(1));
    expect(net.callsTo('POST', `/api/vms/${VM_ID}/backups`)[0]!.body).toEqual({});
    expect(
      await screen.findByRole('progressbar', { name: 'Progress of Backup' }),
    ).toBeInTheDocument();
  });
});
