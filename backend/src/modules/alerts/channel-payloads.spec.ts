import type { AlertDto } from '@multpanel/contracts';
import { chatRequest, retryableStatus } from './channel-payloads';

const alert: AlertDto = {
  id: 'a1',
  ruleId: 'r1',
  ruleName: 'Disk full',
  metric: 'guest_disk',
  companyId: 'co1',
  clusterId: 'c1',
  guestId: 'g1',
  target: 'guest:g1',
  targetLabel: 'db-1 (105)',
  state: 'resolved',
  severity: 'warning',
  value: 80,
  threshold: 95,
  since: '2026-12-06T09:00:00.000Z',
  firedAt: '2026-12-06T09:00:00.000Z',
  resolvedAt: '2026-12-06T10:00:00.000Z',
  acknowledgedAt: null,
  acknowledgedBy: null,
  ackComment: null,
  silencedUntil: null,
};
const SUBJECT = '[warning] RESOLVED: Disk full on db-1 (105)';

describe('chat channel payloads', () => {
  it('publishes to ntfy at the server root, keeping a path prefix, with the topic in the body', () => {
    const r = chatRequest(
      'ntfy',
      { url: 'https://push.example.com/ntfy/ops%20team?x=1' },
      'resolved',
      alert,
      SUBJECT,
      'https://mp.test',
    );
    expect(r.url).toBe('https://push.example.com/ntfy/');
    expect(r.headers).toEqual({});
    expect(r.body).toEqual({
      topic: 'ops team',
      title: SUBJECT,
      message:
        'Rule: Disk full (guest_disk)\nTarget: db-1 (105)\nValue: 80 (threshold 95)\n' +
        'Since: 2026-12-06T09:00:00.000Z\nResolved: 2026-12-06T10:00:00.000Z',
      priority: 3,
      tags: ['white_check_mark'],
      click: 'https://mp.test/monitoring/alerts/a1',
    });
  });

  it('colours a resolved Slack message green and a test Teams card has no facts or link', () => {
    const slack = chatRequest(
      'slack',
      { url: 'https://hooks.slack.com/services/T/B/x' },
      'resolved',
      alert,
      SUBJECT,
      'https://mp.test',
    );
    expect(slack.url).toBe('https://hooks.slack.com/services/T/B/x');
    expect(slack.body).toMatchObject({ text: SUBJECT, attachments: [{ color: '#2e7d32' }] });
    const teams = chatRequest(
      'teams',
      { url: 'https://example.webhook.office.com/x' },
      'test',
      null,
      '[Multpanel] Test notification',
      'https://mp.test',
    ) as { body: { attachments: Array<{ content: Record<string, unknown> }> } };
    const card = teams.body.attachments[0]!.content;
    expect(card).not.toHaveProperty('actions');
    expect(card.body).toHaveLength(2);
  });

  it('retries 5xx, 408 and 429 only', () => {
    expect([500, 503, 408, 429, 400, 401, 403, 404, 410].map(retryableStatus)).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
