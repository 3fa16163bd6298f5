import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { AlertDetail, BackupRunDetail } from '@multpanel/contracts';
import { installFakeFetch } from '@/testing/fake-fetch';
import { sessionFor } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';
import { ticketDto } from '@/testing/fixtures-operations';

const ALERT_ID = '0193a000-0000-7000-8000-0000000000a1';
const RUN_ID = '0193a000-0000-7000-8000-0000000000b1';

const alert = {
  id: ALERT_ID,
  ruleId: 'r1',
  ruleName: 'CPU high',
  metric: 'guest_cpu',
  companyId: 'c1',
  clusterId: null,
  guestId: 'g1',
  target: 'guest:g1',
  targetLabel: 'web-01',
  state: 'firing',
  severity: 'critical',
  value: 97.5,
  threshold: 90,
  since: '2026-12-07T09:00:00.000Z',
  firedAt: '2026-12-07T09:05:00.000Z',
  resolvedAt: null,
  acknowledgedAt: null,
  acknowledgedBy: null,
  ackComment: null,
  silencedUntil: null,
  events: [
    { at: '2026-12-07T09:00:00.000Z', kind: 'opened', userId: null, userName: null, comment: null },
    { at: '2026-12-07T09:05:00.000Z', kind: 'fired', userId: null, userName: null, comment: null },
  ],
  deliveries: [],
} satisfies AlertDetail;

const result = (over: Partial<BackupRunDetail['results'][number]>) => ({
  id: 'res',
  runId: 'run1',
  guestId: 'g1',
  guestName: 'web-01',
  vmid: 101,
  clusterId: 'cl1',
  node: 'pve1',
  status: 'succeeded' as const,
  jobId: null,
  upid: null,
  volid: null,
  sizeBytes: null,
  durationMs: null,
  error: null,
  startedAt: null,
  finishedAt: null,
  ...over,
});

const run: BackupRunDetail = {
  id: RUN_ID,
  companyId: 'c1',
  scheduleId: null,
  scheduleName: null,
  trigger: 'schedule',
  status: 'partial',
  storage: 'local',
  plannedAt: '2026-12-07T02:00:00.000Z',
  finishedAt: null,
  total: 2,
  succeeded: 1,
  failed: 1,
  missed: 0,
  results: [
    result({ id: 'ok' }),
    result({
      id: 'bad',
      guestName: 'db-01',
      vmid: 102,
      status: 'failed',
      error: 'storage local is full',
    }),
  ],
};

describe('opening a ticket from an alert or a backup run', () => {
  it('fills in the alert’s rule, value and history and links the alert', async () => {
    const net = installFakeFetch({
      [`GET /api/alerts/${ALERT_ID}`]: { body: alert },
      'POST /api/tickets': { status: 201, body: ticketDto({ id: 't9' }) },
    });
    const user = userEvent.setup();
    renderApp(`/tickets/new?alertId=${ALERT_ID}`, { session: sessionFor('company_admin') });

    expect(await screen.findByRole('textbox', { name: /Subject/ })).toHaveValue(
      'Alert: CPU high on web-01',
    );
    const description = screen.getByRole('textbox', { name: /What happened/ });
    expect(description).toHaveValue(
      [
        'Rule: CPU high (guest_cpu, threshold 90)',
        'Value: 97.5 · firing · critical since 2026-12-07T09:00:00.000Z',
        '',
        '2026-12-07T09:00:00.000Z · opened',
        '2026-12-07T09:05:00.000Z · fired',
      ].join('\n'),
    );
    await user.click(screen.getByRole('button', { name: 'Open a ticket' }));
    await waitFor(() => expect(net.callsTo('POST', '/api/tickets')).toHaveLength(1));
    expect(net.callsTo('POST', '/api/tickets')[0]!.body).toMatchObject({
      alertId: ALERT_ID,
      subject: 'Alert: CPU high on web-01',
      category: 'incident',
    });
  });

  it('fills in a backup run’s failed guests only and links the run', async () => {
    const net = installFakeFetch({
      [`GET /api/backup-history/${RUN_ID}`]: { body: run },
      'POST /api/tickets': { status: 201, body: ticketDto({ id: 't9' }) },
    });
    const user = userEvent.setup();
    renderApp(`/tickets/new?backupRunId=${RUN_ID}`, { session: sessionFor('company_admin') });

    expect(await screen.findByRole('textbox', { name: /What happened/ })).toHaveValue(
      'db-01 (102): storage local is full',
    );
    expect(screen.getByRole('textbox', { name: /Subject/ })).toHaveValue(
      'Backup run of 2026-12-07 02:00: partial',
    );
    await user.click(screen.getByRole('button', { name: 'Open a ticket' }));
    await waitFor(() => expect(net.callsTo('POST', '/api/tickets')).toHaveLength(1));
    expect(net.callsTo('POST', '/api/tickets')[0]!.body).toMatchObject({ backupRunId: RUN_ID });
  });
});
