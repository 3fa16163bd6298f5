import type { AlertDto, AlertSeverity, UrlSecretChannelType } from '@multpanel/contracts';

/** What one chat/push delivery sends: where, the JSON body and any extra headers. */
export interface ChatRequest {
  url: string;
  body: unknown;
  headers: Record<string, string>;
}

/** The decrypted `secret` of a Slack, Teams or ntfy channel. */
export interface ChatTarget {
  url: string;
  token?: string;
}

const TEST_TEXT = 'This is a test notification from Multpanel. The channel works.';

const SLACK_COLOR: Record<AlertSeverity, string> = {
  critical: '#d32f2f',
  warning: '#ed6c02',
  info: '#0288d1',
};
const TEAMS_COLOR: Record<AlertSeverity, string> = {
  critical: 'Attention',
  warning: 'Warning',
  info: 'Accent',
};
const NTFY_PRIORITY: Record<AlertSeverity, number> = { critical: 5, warning: 4, info: 3 };
const NTFY_TAG: Record<AlertSeverity, string> = {
  critical: 'rotating_light',
  warning: 'warning',
  info: 'information_source',
};

interface Rendered {
  title: string;
  facts: Array<{ title: string; value: string }>;
  link: string | null;
}

function render(event: string, a: AlertDto | null, subject: string, publicUrl: string): Rendered {
  if (!a) return { title: subject, facts: [], link: null };
  const facts = [
    { title: 'Rule', value: `${a.ruleName} (${a.metric})` },
    { title: 'Target', value: a.targetLabel },
    ...(a.value === null
      ? []
      : [{ title: 'Value', value: `${a.value} (threshold ${a.threshold})` }]),
    { title: 'Since', value: a.since },
    ...(event === 'resolved' && a.resolvedAt ? [{ title: 'Resolved', value: a.resolvedAt }] : []),
  ];
  return { title: subject, facts, link: `${publicUrl}/monitoring/alerts/${a.id}` };
}

/** Slack (and Mattermost, which accepts the same incoming-webhook body): text plus one attachment. */
function slack(r: Rendered, event: string, a: AlertDto | null): unknown {
  if (!a) return { text: TEST_TEXT };
  return slackCard(r, event === 'resolved' ? '#2e7d32' : SLACK_COLOR[a.severity]);
}

function slackCard(r: Rendered, color: string): unknown {
  return {
    text: r.title,
    attachments: [
      {
        color,
        title: r.title,
        title_link: r.link,
        fields: r.facts.map((f) => ({ title: f.title, value: f.value, short: false })),
        footer: 'Multpanel',
      },
    ],
  };
}

/**
 * Microsoft Teams: a message with one Adaptive Card, the body both a Workflows "Teams webhook"
 * trigger and a classic incoming-webhook connector accept.
 */
function teams(r: Rendered, event: string, a: AlertDto | null): unknown {
  const color = !a ? 'Default' : event === 'resolved' ? 'Good' : TEAMS_COLOR[a.severity];
  return teamsCard(r, color, a ? null : TEST_TEXT);
}

function teamsCard(r: Rendered, color: string, text: string | null): unknown {
  const body: unknown[] = [
    { type: 'TextBlock', text: r.title, weight: 'Bolder', size: 'Medium', wrap: true, color },
  ];
  if (text) body.push({ type: 'TextBlock', text, wrap: true });
  if (r.facts.length) body.push({ type: 'FactSet', facts: r.facts });
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body,
          ...(r.link
            ? { actions: [{ type: 'Action.OpenUrl', title: 'Open in Multpanel', url: r.link }] }
            : {}),
        },
      },
    ],
  };
}

/**
 * ntfy's JSON publishing: POST to the server's root (the topic URL without its last segment) with
 * the topic in the body, so titles and labels need no header encoding.
 */
function ntfy(target: ChatTarget, r: Rendered, event: string, a: AlertDto | null): ChatRequest {
  return ntfyMessage(target, r, {
    message: a ? r.facts.map((f) => `${f.title}: ${f.value}`).join('\n') : TEST_TEXT,
    priority: !a || event === 'resolved' ? 3 : NTFY_PRIORITY[a.severity],
    tag: !a ? 'bell' : event === 'resolved' ? 'white_check_mark' : NTFY_TAG[a.severity],
  });
}

function ntfyMessage(
  target: ChatTarget,
  r: Rendered,
  m: { message: string; priority: number; tag: string },
): ChatRequest {
  const u = new URL(target.url);
  const segments = u.pathname.split('/').filter(Boolean);
  const topic = segments.pop() ?? '';
  u.pathname = `/${segments.map((s) => `${s}/`).join('')}`;
  u.search = '';
  const body = {
    topic: decodeURIComponent(topic),
    title: r.title,
    message: m.message,
    priority: m.priority,
    tags: [m.tag],
    ...(r.link ? { click: r.link } : {}),
  };
  return {
    url: u.toString(),
    body,
    headers: target.token ? { authorization: `Bearer ${target.token}` } : {},
  };
}

/** The request one Slack, Teams or ntfy delivery makes. */
export function chatRequest(
  type: UrlSecretChannelType,
  target: ChatTarget,
  event: string,
  alert: AlertDto | null,
  subject: string,
  publicUrl: string,
): ChatRequest {
  const r = render(event, alert, subject, publicUrl);
  switch (type) {
    case 'slack':
      return { url: target.url, body: slack(r, event, alert), headers: {} };
    case 'teams':
      return { url: target.url, body: teams(r, event, alert), headers: {} };
    case 'ntfy':
      return ntfy(target, r, event, alert);
  }
}

/**
 * A notification that is not about an alert (an SLA breach), sent through the same channels: a
 * title, facts and a link, rendered as a critical card.
 */
export interface ChannelNotice {
  title: string;
  text: string;
  link: string;
  facts: Array<{ title: string; value: string }>;
  /** What a webhook channel receives beside `event` (e.g. `ticket`). */
  webhook: Record<string, unknown>;
}

/** The request one Slack, Teams or ntfy delivery of a notice makes. */
export function chatNoticeRequest(
  type: UrlSecretChannelType,
  target: ChatTarget,
  n: ChannelNotice,
): ChatRequest {
  const r: Rendered = { title: n.title, facts: n.facts, link: n.link };
  switch (type) {
    case 'slack':
      return { url: target.url, body: slackCard(r, SLACK_COLOR.critical), headers: {} };
    case 'teams':
      return { url: target.url, body: teamsCard(r, TEAMS_COLOR.critical, n.text), headers: {} };
    case 'ntfy':
      return ntfyMessage(target, r, {
        message: n.facts.map((f) => `${f.title}: ${f.value}`).join('\n'),
        priority: NTFY_PRIORITY.critical,
        tag: NTFY_TAG.critical,
      });
  }
}

/** 5xx, 408, 429 and network failures are worth retrying; any other 4xx will not get better. */
export const retryableStatus = (status: number): boolean =>
  status >= 500 || status === 408 || status === 429;
