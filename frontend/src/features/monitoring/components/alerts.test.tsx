import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeWebSocket } from '@/testing/fake-web-socket';
import { installFakeFetch } from '@/testing/fake-fetch';
import { sessionFor } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';
import { monitoringFeature } from '../routes';

const alert = {
  id: 'a1',
  ruleId: 'r1',
  ruleName: 'Guest CPU high',
  metric: 'guest_cpu',
  companyId: 'co1',
  clusterId: 'c1',
  guestId: 'g1',
  target: 'guest:g1',
  targetLabel: 'web-1 (101)',
  state: 'firing',
  severity: 'critical',
  value: 97,
  threshold: 90,
  since: '2026-12-06T09:00:00Z',
  firedAt: '2026-12-06T09:02:00Z',
  resolvedAt: null,
  acknowledgedAt: null,
  acknowledgedBy: null,
  ackComment: null,
  silencedUntil: null,
};
const detail = {
  ...alert,
  events: [
    { at: '2026-12-06T09:00:00Z', kind: 'opened', userId: null, userName: null, comment: null },
    { at: '2026-12-06T09:02:00Z', kind: 'fired', userId: null, userName: null, comment: null },
  ],
  deliveries: [
    {
      id: 'd1',
      channelId: 'ch1',
      channelName: 'NOC mail',
      event: 'firing',
      status: 'sent',
      attempts: 1,
      error: null,
      createdAt: '2026-12-06T09:02:00Z',
      sentAt: '2026-12-06T09:02:01Z',
    },
  ],
};

describe('alerts pages', { timeout: 60_000 }, () => {
  beforeEach(() => vi.stubGlobal('WebSocket', FakeWebSocket));

  it('lists open alerts, shows one with its history and acknowledges it with a comment', async () => {
    const net = installFakeFetch({
      'GET /api/alerts': { body: { items: [alert], total: 1, page: 1, pageSize: 100 } },
      'GET /api/alerts/a1': { body: detail },
      'POST /api/alerts/a1/acknowledge': (req) => ({
        body: {
          ...detail,
          acknowledgedAt: '2026-12-06T09:05:00Z',
          acknowledgedBy: 'Ann Admin',
          ackComment: (req.body as { comment: string }).comment,
          events: [
            ...detail.events,
            {
              at: '2026-12-06T09:05:00Z',
              kind: 'acknowledged',
              userId: 'u1',
              userName: 'Ann Admin',
              comment: 'on it',
            },
          ],
        },
      }),
    });
    renderApp('/monitoring/alerts', {
      session: sessionFor('company_admin'),
      consoleFeatures: [monitoringFeature],
    });
    const table = await screen.findByRole('table', { name: 'Alerts' }, { timeout: 15_000 });
    expect(within(table).getByRole('row', { name: /web-1 \(101\)/ })).toHaveTextContent('Critical');
    await userEvent.click(within(table).getByRole('link', { name: 'Guest CPU high' }));

    expect(
      await screen.findByRole(
        'heading',
        { name: 'Guest CPU high: web-1 (101)' },
        { timeout: 15_000 },
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('97 (threshold 90)')).toBeInTheDocument();
    expect(
      within(screen.getByRole('list', { name: 'Notifications' })).getByText(
        'NOC mail · firing · sent',
      ),
    ).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('Comment'), 'on it');
    await userEvent.click(screen.getByRole('button', { name: 'Acknowledge' }));
    expect(await screen.findByText(/Acknowledged by Ann Admin/)).toHaveTextContent(': on it');
    expect(net.calls.find((c) => c.method === 'POST')?.body).toEqual({ comment: 'on it' });
    expect(
      within(screen.getByRole('list', { name: 'History' })).getByText('Acknowledged · Ann Admin'),
    ).toBeInTheDocument();
  });
});
