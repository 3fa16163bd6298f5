import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import type { RestoreTestDto, SnapshotScheduleDto } from '@multpanel/contracts';
import { installFakeFetch } from '@/testing/fake-fetch';
import { renderApp } from '@/testing/render-app';
import { ACME_ID, acmeAdminSession } from '../testing/backup-fixtures';

const snapshotSchedule = (over: Partial<SnapshotScheduleDto> = {}): SnapshotScheduleDto => ({
  id: '01970000-0000-7000-8000-00000000aa01',
  companyId: ACME_ID,
  name: 'Hourly snapshots',
  tag: '0a1b2c3d',
  enabled: true,
  selection: { allGuests: true },
  cron: '0 * * * *',
  timezone: 'UTC',
  keepLast: 24,
  maxAgeHours: 48,
  includeRam: false,
  nextRunAt: '2026-01-03T02:00:00.000Z',
  lastRunAt: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...over,
});

const test = (over: Partial<RestoreTestDto>): RestoreTestDto => ({
  id: '01970000-0000-7000-8000-00000000bb01',
  companyId: ACME_ID,
  scheduleId: null,
  guestId: '01970000-0000-7000-8000-00000000cc01',
  guestName: 'web-1',
  vmid: 101,
  clusterId: '01970000-0000-7000-8000-00000000dd01',
  node: 'pve1',
  status: 'passed',
  volid: 'local:backup/vzdump-qemu-101-2026_01_02-02_00_00.vma.zst',
  backupAt: '2026-01-02T02:00:00.000Z',
  scratchVmid: 990001,
  restoreMs: 4200,
  bootMs: 9100,
  error: null,
  jobId: null,
  createdAt: '2026-01-02T06:00:00.000Z',
  finishedAt: '2026-01-02T06:01:00.000Z',
  ...over,
});

describe('backups area: snapshot schedules and restore tests', () => {
  it('lists snapshot schedules, creates one with keep-N and max age, takes snapshots now', async () => {
    const net = installFakeFetch({
      'GET /api/snapshot-schedules': {
        body: { items: [snapshotSchedule()], total: 1, page: 1, pageSize: 25 },
      },
      'GET /api/backup-schedules/preview': {
        body: { cron: '0 * * * *', timezone: 'UTC', next: ['2026-01-03T02:00:00.000Z'] },
      },
      'GET /api/vms': { body: { items: [], total: 0, page: 1, pageSize: 500 } },
      'POST /api/snapshot-schedules': { status: 201, body: snapshotSchedule() },
      'POST /api/snapshot-schedules/01970000-0000-7000-8000-00000000aa01/run': {
        status: 202,
        body: { snapshot: 'auto_0a1b2c3d_20260103020000', jobs: 3 },
      },
    });
    const user = userEvent.setup();
    renderApp('/backups?tab=snapshots', { session: acmeAdminSession() });

    const grid = await screen.findByRole(
      'grid',
      { name: 'Snapshot schedules' },
      { timeout: 15_000 },
    );
    expect(await within(grid).findByText('Hourly snapshots')).toBeInTheDocument();
    expect(within(grid).getByText('Keep 24, ≤ 48 h old')).toBeInTheDocument();
    expect(within(grid).getByText('auto_0a1b2c3d_…')).toBeInTheDocument();

    await user.click(within(grid).getByRole('menuitem', { name: 'Take snapshots now' }));
    expect(
      await screen.findByText('Taking auto_0a1b2c3d_20260103020000 of 3 guests.'),
    ).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'New snapshot schedule' }));
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByRole('textbox', { name: /Name/ }), 'Every hour');
    const keep = within(dialog).getByRole('textbox', { name: /Snapshots to keep/ });
    await user.clear(keep);
    await user.type(keep, '12');
    await user.type(within(dialog).getByRole('textbox', { name: /Maximum age/ }), '36');
    const tz = within(dialog).getByRole('textbox', { name: /Time zone/ });
    await user.clear(tz);
    await user.type(tz, 'UTC');
    await user.click(within(dialog).getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(net.callsTo('POST', '/api/snapshot-schedules')[0]?.body).toEqual({
      companyId: ACME_ID,
      name: 'Every hour',
      enabled: true,
      selection: { allGuests: true },
      cron: '0 * * * *',
      timezone: 'UTC',
      keepLast: 12,
      maxAgeHours: 36,
      includeRam: false,
    });
    // typing into five fields takes most of the default 30 s on a busy host
  }, 90_000);

  it('shows which guests have a recent backup proven restorable', async () => {
    const failed = test({
      guestId: '01970000-0000-7000-8000-00000000cc02',
      guestName: 'db-1',
      vmid: 102,
      status: 'failed',
      error: 'did not answer through its guest agent within 300 s',
    });
    const net = installFakeFetch({
      'GET /api/restore-tests/report.pdf': { text: '%PDF-1.7 report' },
      'GET /api/restore-tests': (req) => ({
        body: {
          maxAgeHours: Number(req.query.get('maxAgeHours')),
          generatedAt: '2026-01-02T07:00:00.000Z',
          guests: 2,
          proven: 1,
          items: [
            {
              guestId: test({}).guestId,
              guestName: 'web-1',
              vmid: 101,
              companyId: ACME_ID,
              last: test({}),
              lastPassed: test({}),
              proven: true,
            },
            {
              guestId: failed.guestId,
              guestName: 'db-1',
              vmid: 102,
              companyId: ACME_ID,
              last: failed,
              lastPassed: null,
              proven: false,
            },
          ],
        },
      }),
    });
    renderApp('/backups?tab=restoreTests', { session: acmeAdminSession() });
    expect(
      await screen.findByText('1 of 2 guests have a recent backup proven restorable.', undefined, {
        timeout: 15_000,
      }),
    ).toBeInTheDocument();
    const table = screen.getByRole('table', { name: 'Restore tests' });
    const rows = within(table).getAllByRole('row');
    expect(within(rows[1]).getByText('web-1 (101)')).toBeInTheDocument();
    expect(within(rows[1]).getByText('Yes')).toBeInTheDocument();
    expect(within(rows[1]).getByText('4.2 s')).toBeInTheDocument();
    // which archive the test restored
    expect(
      within(rows[1]).getByText('local:backup/vzdump-qemu-101-2026_01_02-02_00_00.vma.zst'),
    ).toBeInTheDocument();
    expect(within(rows[2]).getByText('No')).toBeInTheDocument();
    expect(within(rows[2]).getByText('Failed')).toBeInTheDocument();
    expect(net.callsTo('GET', '/api/restore-tests')[0]?.query.get('maxAgeHours')).toBe('48');

    // the PDF is the admin's own company's report
    const createObjectURL = vi.fn((_blob: Blob) => 'blob:pdf');
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    const click = vi
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => undefined);
    onTestFinished(() => {
      click.mockRestore();
      Reflect.deleteProperty(URL, 'createObjectURL');
      Reflect.deleteProperty(URL, 'revokeObjectURL');
    });
    await userEvent.setup().click(screen.getByRole('button', { name: 'Download PDF' }));
    await waitFor(() => expect(createObjectURL).toHaveBeenCalledTimes(1));
    expect(await createObjectURL.mock.calls[0]![0].text()).toMatch(/^%PDF-/);
    const pdf = net.callsTo('GET', '/api/restore-tests/report.pdf')[0]!;
    expect(pdf.query.get('companyId')).toBe(ACME_ID);
    expect(pdf.query.get('maxAgeHours')).toBe('48');
    expect(click).toHaveBeenCalledTimes(1);
  });
});
