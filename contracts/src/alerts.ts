import { z } from 'zod';

// Alerts (issue 20): rules evaluated at every metrics collection, alerts with their history,
// notification channels (e-mail, signed webhook) and the delivery log.
//   GET  /api/alerts → AlertPage · GET /api/alerts/:id → AlertDetail
//   POST /api/alerts/:id/acknowledge {comment} · POST /api/alerts/:id/silence {minutes, comment?}
//   GET|POST /api/alert-rules · PATCH|DELETE /api/alert-rules/:id
//   GET|POST /api/notification-channels · PATCH|DELETE /api/notification-channels/:id
//   POST /api/notification-channels/:id/test

export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export const ALERT_STATES = ['pending', 'firing', 'resolved'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

/**
 * What a rule watches. Usage metrics compare a percentage (0–100) with the threshold; state metrics
 * (`guest_down`, `node_offline`, `cluster_unreachable`, `ceph_unhealthy`, `guest_ha_error`) ignore it.
 */
export const ALERT_METRICS = [
  'guest_cpu',
  'guest_memory',
  'guest_disk',
  'guest_down',
  'node_cpu',
  'node_memory',
  'node_offline',
  'storage_fill',
  'cluster_unreachable',
  /** Ceph reports anything but HEALTH_OK (clusters with a Ceph storage only). */
  'ceph_unhealthy',
  /** An HA-managed guest's HA state is `error` or `fence`. */
  'guest_ha_error',
] as const;
export type AlertMetric = (typeof ALERT_METRICS)[number];

/** Metrics about a company's own guests: the only ones a company's rule may use. */
export const GUEST_ALERT_METRICS: readonly AlertMetric[] = [
  'guest_cpu',
  'guest_memory',
  'guest_disk',
  'guest_down',
  'guest_ha_error',
];
export const STATE_ALERT_METRICS: readonly AlertMetric[] = [
  'guest_down',
  'node_offline',
  'cluster_unreachable',
  'ceph_unhealthy',
  'guest_ha_error',
];

/** A firing usage alert resolves once the value is this many points below the threshold. */
export const ALERT_HYSTERESIS_POINTS = 5;

const name = z.string().trim().min(1).max(100);
const id = z.string().uuid();

const ruleFields = {
  name,
  metric: z.enum(ALERT_METRICS),
  threshold: z.number().min(0).max(100).default(90),
  /** The condition must hold this long before the alert fires (0 = at once). */
  forSec: z.number().int().min(0).max(86_400).default(300),
  severity: z.enum(ALERT_SEVERITIES).default('warning'),
  clusterId: id.nullable().optional(),
  guestId: id.nullable().optional(),
  tag: z.string().trim().min(1).max(64).nullable().optional(),
  channelIds: z.array(id).max(20).default([]),
  /** Notify again while firing every this many seconds (0 = once). */
  repeatSec: z
    .number()
    .int()
    .min(0)
    .max(7 * 86_400)
    .default(3600),
  enabled: z.boolean().default(true),
};

/** `companyId`: a company's rule (its guests only); null/absent: a platform rule (staff). */
export const createAlertRuleSchema = z
  .object({ companyId: id.nullable().optional(), ...ruleFields })
  .strict();
export type CreateAlertRuleInput = z.infer<typeof createAlertRuleSchema>;

export const updateAlertRuleSchema = z
  .object({
    name: ruleFields.name.optional(),
    threshold: z.number().min(0).max(100).optional(),
    forSec: z.number().int().min(0).max(86_400).optional(),
    severity: z.enum(ALERT_SEVERITIES).optional(),
    channelIds: z.array(id).max(20).optional(),
    repeatSec: z
      .number()
      .int()
      .min(0)
      .max(7 * 86_400)
      .optional(),
    enabled: z.boolean().optional(),
  })
  .strict();
export type UpdateAlertRuleInput = z.infer<typeof updateAlertRuleSchema>;

export interface AlertRuleDto {
  id: string;
  companyId: string | null;
  name: string;
  metric: AlertMetric;
  threshold: number;
  forSec: number;
  severity: AlertSeverity;
  clusterId: string | null;
  guestId: string | null;
  tag: string | null;
  channelIds: string[];
  repeatSec: number;
  enabled: boolean;
  createdAt: string;
}

export const CHANNEL_TYPES = ['email', 'webhook', 'slack', 'teams', 'ntfy'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

/**
 * Chat and push channels whose URL is itself the credential (a Slack/Mattermost or Microsoft Teams
 * incoming-webhook URL, an ntfy topic URL): stored encrypted and never returned, only its host.
 */
export const URL_SECRET_CHANNEL_TYPES = ['slack', 'teams', 'ntfy'] as const;
export type UrlSecretChannelType = (typeof URL_SECRET_CHANNEL_TYPES)[number];
export const isUrlSecretChannel = (t: ChannelType): t is UrlSecretChannelType =>
  (URL_SECRET_CHANNEL_TYPES as readonly string[]).includes(t);

/**
 * `email` needs `to`; `webhook` needs `url` (and may bring its HMAC key, else one is generated);
 * `slack`, `teams` and `ntfy` need `url` (an ntfy topic URL may come with an access `token`).
 */
export const createChannelSchema = z
  .object({
    type: z.enum(CHANNEL_TYPES),
    companyId: id.nullable().optional(),
    name,
    to: z.array(z.string().trim().email().max(191)).min(1).max(20).optional(),
    url: z
      .string()
      .trim()
      .url()
      .max(500)
      .refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL')
      .optional(),
    /** HMAC-SHA256 key for the `X-Multpanel-Signature` header; generated when absent. */
    secret: z.string().min(16).max(200).optional(),
    /** ntfy: an access token sent as `Authorization: Bearer` (protected topics). */
    token: z.string().trim().min(1).max(200).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.type === 'email' && !v.to) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'an e-mail channel needs recipients' });
    }
    if (v.type !== 'email' && !v.url) {
      ctx.addIssue({ code: 'custom', path: ['url'], message: `a ${v.type} channel needs a URL` });
    }
    if (v.type === 'email' && (v.url || v.secret)) {
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'an e-mail channel has no URL' });
    }
    if (v.type !== 'email' && v.to) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `a ${v.type} channel has no recipients`,
      });
    }
    if (v.type !== 'webhook' && v.secret) {
      ctx.addIssue({
        code: 'custom',
        path: ['secret'],
        message: 'only a webhook channel has a signing secret',
      });
    }
    if (v.type !== 'ntfy' && v.token) {
      ctx.addIssue({
        code: 'custom',
        path: ['token'],
        message: 'only an ntfy channel has an access token',
      });
    }
  });
export type CreateChannelInput = z.infer<typeof createChannelSchema>;

/**
 * Edit a channel: its name, an e-mail channel's recipients, or the URL of the others (a Slack, Teams
 * or ntfy URL replaces the encrypted one; an ntfy `token` replaces the stored token, `null` removes
 * it). The type stays; a webhook's signing secret stays (delete and re-create to rotate it). Which
 * fields fit the channel's type is checked against the stored channel (400 otherwise).
 */
export const updateChannelSchema = z
  .object({
    name: name.optional(),
    to: z.array(z.string().trim().email().max(191)).min(1).max(20).optional(),
    url: z
      .string()
      .trim()
      .url()
      .max(500)
      .refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL')
      .optional(),
    token: z.string().trim().min(1).max(200).nullable().optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');
export type UpdateChannelInput = z.infer<typeof updateChannelSchema>;

export interface ChannelDto {
  id: string;
  companyId: string | null;
  name: string;
  type: ChannelType;
  /** E-mail recipients, or the webhook URL. The webhook secret is never returned. */
  to: string[] | null;
  url: string | null;
  /** Slack, Teams and ntfy: only the host of the (encrypted) URL, e.g. `hooks.slack.com`. */
  urlHost: string | null;
  createdAt: string;
}
/** Only right after creation: the webhook's signing secret, shown once. */
export interface CreatedChannelDto extends ChannelDto {
  secret?: string;
}

export const alertListQuerySchema = z
  .object({
    state: z.enum(['open', 'resolved', 'all']).default('open'),
    severity: z.enum(ALERT_SEVERITIES).optional(),
    companyId: id.optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type AlertListQuery = z.infer<typeof alertListQuerySchema>;

export interface AlertDto {
  id: string;
  ruleId: string;
  ruleName: string;
  metric: AlertMetric;
  companyId: string | null;
  clusterId: string | null;
  guestId: string | null;
  target: string;
  targetLabel: string;
  state: AlertState;
  severity: AlertSeverity;
  value: number | null;
  threshold: number;
  since: string;
  firedAt: string | null;
  resolvedAt: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  ackComment: string | null;
  silencedUntil: string | null;
}

export interface AlertPage {
  items: AlertDto[];
  total: number;
  page: number;
  pageSize: number;
}

export interface AlertEventDto {
  at: string;
  kind: 'opened' | 'fired' | 'notified' | 'maintenance' | 'acknowledged' | 'silenced' | 'resolved';
  userId: string | null;
  userName: string | null;
  comment: string | null;
}

export interface AlertDeliveryDto {
  id: string;
  channelId: string;
  channelName: string;
  event: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  error: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface AlertDetail extends AlertDto {
  events: AlertEventDto[];
  deliveries: AlertDeliveryDto[];
}

export const acknowledgeAlertSchema = z
  .object({ comment: z.string().trim().max(2000).default('') })
  .strict();
export type AcknowledgeAlertInput = z.infer<typeof acknowledgeAlertSchema>;

export const silenceAlertSchema = z
  .object({
    minutes: z
      .number()
      .int()
      .min(1)
      .max(30 * 24 * 60),
    comment: z.string().trim().max(2000).optional(),
  })
  .strict();
export type SilenceAlertInput = z.infer<typeof silenceAlertSchema>;

/** The JSON a webhook channel receives (signed: `X-Multpanel-Signature: sha256=<hex>`). */
export interface AlertWebhookBody {
  event: 'firing' | 'repeat' | 'resolved' | 'test' | 'sla_breach';
  alert: AlertDto | null;
  /** event `sla_breach`: the ticket whose SLA target passed (alert is null). */
  ticket?: {
    id: string;
    companyId: string;
    subject: string;
    priority: string;
    target: string;
    dueAt: string | null;
    url: string;
  };
  sentAt: string;
}

// Maintenance windows: alerts on what a window covers (every set field must match: company,
// cluster, node, guest) are recorded but not notified while it is open.
//   GET|POST /api/maintenance-windows · DELETE /api/maintenance-windows/:id
export const createMaintenanceWindowSchema = z
  .object({
    companyId: id.nullable().optional(),
    clusterId: id.nullable().optional(),
    node: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9][A-Za-z0-9.-]{0,63}$/, 'a node name')
      .nullable()
      .optional(),
    guestId: id.nullable().optional(),
    startsAt: z.string().datetime({ offset: true }),
    endsAt: z.string().datetime({ offset: true }),
    reason: z.string().trim().min(1).max(200),
  })
  .strict()
  // endsAt > startsAt is checked by the API after the access checks (a 400 must not tell a caller
  // anything about ids it may not see).
  .refine((w) => !w.node || w.clusterId, {
    message: 'a node needs its clusterId',
    path: ['node'],
  });
export type CreateMaintenanceWindowInput = z.infer<typeof createMaintenanceWindowSchema>;

export interface MaintenanceWindowDto {
  id: string;
  companyId: string | null;
  clusterId: string | null;
  node: string | null;
  guestId: string | null;
  startsAt: string;
  endsAt: string;
  reason: string;
  createdById: string | null;
  createdAt: string;
  /** What it covers, by name (null where not set, or gone since). */
  companyName: string | null;
  clusterName: string | null;
  guestName: string | null;
}
