import { z } from 'zod';
import {
  ALERT_METRICS,
  ALERT_SEVERITIES,
  ALERT_STATES,
  CHANNEL_TYPES,
  type AlertDetail,
  type AlertDto,
  type AlertPage,
  type AlertRuleDto,
  type ChannelDto,
  type CreatedChannelDto,
} from './alerts';
import { at, count, id, pageOf } from './api-response-kit';
import { backupResultSchema, backupRunFields, jobSchema, ticketSchema } from './api-responses-core';
import {
  BACKUP_COMPRESSIONS,
  BACKUP_MODES,
  DR_GUEST_STATUSES,
  DR_POLICIES,
  RESTORE_TEST_PICKS,
  RESTORE_TEST_STATUSES,
  type BackupRetention,
  type BackupRunDetail,
  type BackupScheduleDto,
  type BackupSchedulePage,
  type BackupSelection,
  type CronPreview,
  type DrFailbackAccepted,
  type DrFailoverAccepted,
  type DrGuestDto,
  type DrPairDetail,
  type DrPairDto,
  type DrPairPage,
  type DrSyncAccepted,
  type RestoreTestDto,
  type RestoreTestReport,
  type RestoreTestsAccepted,
  type SnapshotRunAccepted,
  type SnapshotScheduleDto,
  type SnapshotSchedulePage,
} from './backups';
import { BRANDING_ASSET_KINDS, type EffectiveBranding } from './branding';
import type { HostCertificateView } from './certificates';
import {
  METRIC_TIMEFRAMES,
  type FleetOverview,
  type MetricPointDto,
  type MetricSeriesDto,
} from './monitoring';
import type {
  TicketAttachmentDto,
  TicketMentionable,
  TicketMessageDto,
  TicketPerson,
  TicketSlaPolicyListItem,
  TicketSlaReport,
} from './tickets';

// Response schemas of backups, DR pairs, snapshot schedules, restore tests, alerts, monitoring,
// notification channels, tickets and branding, merged into API_RESPONSES; see api-responses.ts for
// the rules (typed against the SPA's interface, strict objects, 2xx answers only). Each route here
// is parsed against the real API's answer by some integration test (expectApiResponse).

const job = jobSchema;
const ticket = ticketSchema;
const percent = z.number().min(0).max(100);

// --- alerts, rules, channels --------------------------------------------------------------------

const alertFields = {
  id,
  ruleId: id,
  ruleName: z.string(),
  metric: z.enum(ALERT_METRICS),
  companyId: id.nullable(),
  clusterId: id.nullable(),
  guestId: id.nullable(),
  target: z.string(),
  targetLabel: z.string(),
  state: z.enum(ALERT_STATES),
  severity: z.enum(ALERT_SEVERITIES),
  value: z.number().nullable(),
  threshold: percent,
  since: at,
  firedAt: at.nullable(),
  resolvedAt: at.nullable(),
  acknowledgedAt: at.nullable(),
  acknowledgedBy: z.string().nullable(),
  ackComment: z.string().nullable(),
  silencedUntil: at.nullable(),
};

export const alertSchema: z.ZodType<AlertDto> = z.object(alertFields).strict();
export const alertPageSchema: z.ZodType<AlertPage> = pageOf(alertSchema);

export const alertDetailSchema: z.ZodType<AlertDetail> = z
  .object({
    ...alertFields,
    events: z.array(
      z
        .object({
          at,
          kind: z.enum([
            'opened',
            'fired',
            'notified',
            'maintenance',
            'acknowledged',
            'silenced',
            'resolved',
          ]),
          userId: id.nullable(),
          userName: z.string().nullable(),
          comment: z.string().nullable(),
        })
        .strict(),
    ),
    deliveries: z.array(
      z
        .object({
          id,
          channelId: id,
          channelName: z.string(),
          event: z.string().min(1),
          status: z.enum(['pending', 'sent', 'failed']),
          attempts: count,
          error: z.string().nullable(),
          createdAt: at,
          sentAt: at.nullable(),
        })
        .strict(),
    ),
  })
  .strict();

export const alertRuleSchema: z.ZodType<AlertRuleDto> = z
  .object({
    id,
    companyId: id.nullable(),
    name: z.string(),
    metric: z.enum(ALERT_METRICS),
    threshold: percent,
    forSec: count,
    severity: z.enum(ALERT_SEVERITIES),
    clusterId: id.nullable(),
    guestId: id.nullable(),
    tag: z.string().nullable(),
    channelIds: z.array(id),
    repeatSec: count,
    enabled: z.boolean(),
    createdAt: at,
  })
  .strict();

const channelFields = {
  id,
  companyId: id.nullable(),
  name: z.string(),
  type: z.enum(CHANNEL_TYPES),
  to: z.array(z.string()).nullable(),
  url: z.string().nullable(),
  urlHost: z.string().nullable(),
  createdAt: at,
};
export const channelSchema: z.ZodType<ChannelDto> = z.object(channelFields).strict();
export const createdChannelSchema: z.ZodType<CreatedChannelDto> = z
  .object({ ...channelFields, secret: z.string().min(1).optional() })
  .strict();

// --- monitoring ---------------------------------------------------------------------------------

const metricPoint: z.ZodType<MetricPointDto> = z
  .object({
    at,
    cpu: z.number().min(0),
    maxcpu: z.number().min(0),
    mem: z.number().min(0),
    maxmem: z.number().min(0),
    disk: z.number().min(0),
    maxdisk: z.number().min(0),
    netin: z.number().min(0),
    netout: z.number().min(0),
    diskread: z.number().min(0),
    diskwrite: z.number().min(0),
    running: count,
    guests: count,
  })
  .strict();

export const metricSeriesSchema: z.ZodType<MetricSeriesDto> = z
  .object({
    kind: z.enum(['cluster', 'node', 'company']),
    clusterId: id.nullable(),
    node: z.string().nullable(),
    companyId: id.nullable(),
    timeframe: z.enum(METRIC_TIMEFRAMES),
    step: z.union([z.literal(60), z.literal(900), z.literal(86400)]),
    points: z.array(metricPoint),
  })
  .strict();

export const fleetOverviewSchema: z.ZodType<FleetOverview> = z
  .object({
    clusters: z.array(
      z
        .object({
          clusterId: id,
          name: z.string(),
          status: z.string(),
          collectedAt: at.nullable(),
          latest: metricPoint.nullable(),
          nodes: z.array(z.object({ node: z.string(), latest: metricPoint.nullable() }).strict()),
        })
        .strict(),
    ),
  })
  .strict();

// --- backup schedules, history, restore tests ---------------------------------------------------

const keep = z.number().int().min(1).optional();
const retention: z.ZodType<BackupRetention> = z
  .object({
    keepLast: keep,
    keepHourly: keep,
    keepDaily: keep,
    keepWeekly: keep,
    keepMonthly: keep,
    keepYearly: keep,
  })
  .strict();

const selection: z.ZodType<BackupSelection> = z
  .object({
    allGuests: z.boolean().optional(),
    guestIds: z.array(id).optional(),
    tags: z.array(z.string()).optional(),
    clusterId: id.optional(),
    pool: z.string().optional(),
    excludeGuestIds: z.array(id).optional(),
  })
  .strict();

export const backupScheduleSchema: z.ZodType<BackupScheduleDto> = z
  .object({
    id,
    companyId: id,
    name: z.string(),
    enabled: z.boolean(),
    selection,
    cron: z.string().min(1),
    timezone: z.string().min(1),
    storage: z.string().min(1),
    mode: z.enum(BACKUP_MODES),
    compress: z.enum(BACKUP_COMPRESSIONS),
    notesTemplate: z.string().nullable(),
    protected: z.boolean(),
    retention,
    windowMinutes: z.number().int().min(1),
    storageLimit: z.number().int().min(1).nullable(),
    restoreTest: z
      .object({
        cron: z.string().min(1),
        node: z.string().nullable(),
        bootTimeoutSec: z.number().int().min(1),
        pick: z.enum(RESTORE_TEST_PICKS),
        maxAgeHours: z.number().int().min(1),
      })
      .strict()
      .nullable(),
    restoreTestNextAt: at.nullable(),
    nextRunAt: at.nullable(),
    lastRunAt: at.nullable(),
    createdAt: at,
    updatedAt: at,
  })
  .strict();

export const backupSchedulePageSchema: z.ZodType<BackupSchedulePage> = pageOf(backupScheduleSchema);

export const cronPreviewSchema: z.ZodType<CronPreview> = z
  .object({ cron: z.string().min(1), timezone: z.string().min(1), next: z.array(at) })
  .strict();

export const backupRunDetailSchema: z.ZodType<BackupRunDetail> = z
  .object({
    ...backupRunFields,
    results: z.array(backupResultSchema),
  })
  .strict();

const restoreTest: z.ZodType<RestoreTestDto> = z
  .object({
    id,
    companyId: id,
    scheduleId: id.nullable(),
    guestId: id,
    guestName: z.string().nullable(),
    vmid: z.number().int().min(1),
    clusterId: id,
    node: z.string(),
    status: z.enum(RESTORE_TEST_STATUSES),
    volid: z.string().nullable(),
    backupAt: at.nullable(),
    scratchVmid: z.number().int().min(1).nullable(),
    restoreMs: count.nullable(),
    bootMs: count.nullable(),
    error: z.string().nullable(),
    jobId: id.nullable(),
    createdAt: at,
    finishedAt: at.nullable(),
  })
  .strict();

export const restoreTestReportSchema: z.ZodType<RestoreTestReport> = z
  .object({
    maxAgeHours: z.number().int().min(1),
    generatedAt: at,
    guests: count,
    proven: count,
    items: z.array(
      z
        .object({
          guestId: id,
          guestName: z.string().nullable(),
          vmid: z.number().int().min(1),
          companyId: id,
          last: restoreTest,
          lastPassed: restoreTest.nullable(),
          proven: z.boolean(),
        })
        .strict(),
    ),
  })
  .strict();

// --- snapshot schedules -------------------------------------------------------------------------

export const snapshotScheduleSchema: z.ZodType<SnapshotScheduleDto> = z
  .object({
    id,
    companyId: id,
    name: z.string(),
    tag: z.string().min(1),
    enabled: z.boolean(),
    selection,
    cron: z.string().min(1),
    timezone: z.string().min(1),
    keepLast: z.number().int().min(1),
    maxAgeHours: z.number().int().min(1).nullable(),
    includeRam: z.boolean(),
    nextRunAt: at.nullable(),
    lastRunAt: at.nullable(),
    createdAt: at,
    updatedAt: at,
  })
  .strict();

export const snapshotSchedulePageSchema: z.ZodType<SnapshotSchedulePage> =
  pageOf(snapshotScheduleSchema);

export const snapshotRunAcceptedSchema: z.ZodType<SnapshotRunAccepted> = z
  .object({ snapshot: z.string().min(1), jobs: count })
  .strict();

// --- DR pairs -----------------------------------------------------------------------------------

const drPairFields = {
  id,
  companyId: id,
  name: z.string(),
  enabled: z.boolean(),
  sourceClusterId: id,
  sourceStorage: z.string().min(1),
  targetClusterId: id,
  targetNode: z.string().min(1),
  targetStorage: z.string().min(1),
  policy: z.enum(DR_POLICIES),
  standbyStorage: z.string().nullable(),
  syncEveryMinutes: z.number().int().min(1),
  staleAfterHours: z.number().int().min(1),
  guestIds: z.array(id),
  staleGuests: count,
  nextSyncAt: at.nullable(),
  lastSyncAt: at.nullable(),
  createdAt: at,
  updatedAt: at,
};

export const drPairSchema: z.ZodType<DrPairDto> = z.object(drPairFields).strict();
export const drPairPageSchema: z.ZodType<DrPairPage> = pageOf(drPairSchema);

const drGuest: z.ZodType<DrGuestDto> = z
  .object({
    id,
    guestId: id,
    guestName: z.string().nullable(),
    vmid: z.number().int().min(1).nullable(),
    status: z.enum(DR_GUEST_STATUSES),
    copyVolid: z.string().nullable(),
    recoveryPointAt: at.nullable(),
    recoveryPointAgeSec: count.nullable(),
    stale: z.boolean(),
    standbyVmid: z.number().int().min(1).nullable(),
    standbyGuestId: id.nullable(),
    standbyPointAt: at.nullable(),
    failedOverAt: at.nullable(),
    failedBackAt: at.nullable(),
    error: z.string().nullable(),
    lastSyncAt: at.nullable(),
  })
  .strict();

export const drPairDetailSchema: z.ZodType<DrPairDetail> = z
  .object({ ...drPairFields, guests: z.array(drGuest) })
  .strict();

export const drSyncAcceptedSchema: z.ZodType<DrSyncAccepted> = z.object({ jobs: count }).strict();
export const drFailoverAcceptedSchema: z.ZodType<DrFailoverAccepted> = z.object({ job }).strict();
export const drFailbackAcceptedSchema: z.ZodType<DrFailbackAccepted> = z.object({ job }).strict();

// --- branding -----------------------------------------------------------------------------------

const assetUrl = z.string().min(1).nullable();
export const effectiveBrandingSchema: z.ZodType<EffectiveBranding> = z
  .object({
    productName: z.string().nullable(),
    primaryColor: z.string().nullable(),
    secondaryColor: z.string().nullable(),
    supportEmail: z.string().nullable(),
    supportPhone: z.string().nullable(),
    footerText: z.string().nullable(),
    mailFromName: z.string().nullable(),
    mailFromAddress: z.string().nullable(),
    assets: z
      .object(
        Object.fromEntries(BRANDING_ASSET_KINDS.map((k) => [k, assetUrl])) as Record<
          (typeof BRANDING_ASSET_KINDS)[number],
          typeof assetUrl
        >,
      )
      .strict(),
    hostCompanyId: id.nullable(),
    hostCompanyName: z.string().nullable(),
    hostCertificate: z.enum(['platform', 'pending']),
  })
  .strict();

export const hostCertificateSchema: z.ZodType<HostCertificateView> = z
  .object({
    host: z.string().min(1),
    status: z.enum(['none', 'pending', 'issued', 'failed']),
    notAfter: at.nullable(),
    error: z.string().nullable(),
    jobId: id.nullable(),
    orderedAt: at.nullable(),
  })
  .strict();

// --- tickets ------------------------------------------------------------------------------------

const person: z.ZodType<TicketPerson> = z
  .object({ id, name: z.string(), email: z.string() })
  .strict();

export const ticketMessageSchema: z.ZodType<TicketMessageDto> = z
  .object({
    id,
    author: person.nullable(),
    fromStaff: z.boolean(),
    body: z.string(),
    internal: z.boolean(),
    mentions: z.array(person),
    createdAt: at,
  })
  .strict();

export const ticketAttachmentSchema: z.ZodType<TicketAttachmentDto> = z
  .object({
    id,
    messageId: id.nullable(),
    fileName: z.string().min(1),
    contentType: z.string().min(1),
    size: count,
    internal: z.boolean(),
    uploadedById: id,
    createdAt: at,
  })
  .strict();

export const ticketMentionableSchema: z.ZodType<TicketMentionable> = z
  .object({ id, name: z.string(), email: z.string(), handle: z.string().min(1) })
  .strict();

const minuteOfDay = z.number().int().min(0).max(1440);
const slaTarget = z.object({ firstResponseMinutes: count, resolutionMinutes: count }).strict();
export const ticketSlaPolicyListItemSchema: z.ZodType<TicketSlaPolicyListItem> = z
  .object({
    targets: z
      .object({ low: slaTarget, normal: slaTarget, high: slaTarget, urgent: slaTarget })
      .strict(),
    utcOffsetMinutes: z.number().int(),
    days: z.array(z.tuple([minuteOfDay, minuteOfDay]).nullable()).length(7),
    holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)),
    breachChannelIds: z.array(id),
    companyId: id.nullable(),
    own: z.boolean(),
    companyName: z.string().nullable(),
  })
  .strict();

export const ticketSlaReportSchema: z.ZodType<TicketSlaReport> = z
  .object({
    month: z.string().regex(/^\d{4}-\d{2}$/),
    rows: z.array(
      z
        .object({
          companyId: id,
          companyName: z.string(),
          tickets: count,
          firstResponseMetPct: percent.nullable(),
          resolutionMetPct: percent.nullable(),
          firstResponseBreaches: count,
          resolutionBreaches: count,
        })
        .strict(),
    ),
  })
  .strict();

export const OPERATIONS_RESPONSES = {
  'GET /alerts': alertPageSchema,
  'GET /alerts/:id': alertDetailSchema,
  'POST /alerts/:id/acknowledge': alertDetailSchema,
  'GET /alert-rules': z.array(alertRuleSchema),
  'GET /notification-channels': z.array(channelSchema),
  'POST /notification-channels': createdChannelSchema,
  'PATCH /notification-channels/:id': channelSchema,
  'POST /notification-channels/:id/test': z.object({ deliveryId: id }).strict(),
  'GET /monitoring/clusters/:id/metrics': metricSeriesSchema,
  'GET /monitoring/fleet': fleetOverviewSchema,
  'GET /backup-schedules': backupSchedulePageSchema,
  'POST /backup-schedules': backupScheduleSchema,
  'GET /backup-schedules/preview': cronPreviewSchema,
  'GET /backup-history/:id': backupRunDetailSchema,
  'GET /restore-tests': restoreTestReportSchema,
  'POST /backup-schedules/:id/restore-tests': z
    .object({ planned: count, skipped: count })
    .strict() satisfies z.ZodType<RestoreTestsAccepted>,
  'GET /snapshot-schedules': snapshotSchedulePageSchema,
  'POST /snapshot-schedules': snapshotScheduleSchema,
  'POST /snapshot-schedules/:id/run': snapshotRunAcceptedSchema,
  'GET /dr-pairs': drPairPageSchema,
  'GET /dr-pairs/:id': drPairDetailSchema,
  'POST /dr-pairs/:id/sync': drSyncAcceptedSchema,
  'POST /dr-pairs/:id/guests/:id/failover': drFailoverAcceptedSchema,
  'POST /dr-pairs/:id/guests/:id/failback': drFailbackAcceptedSchema,
  'GET /branding': effectiveBrandingSchema,
  'GET /branding/mine': effectiveBrandingSchema,
  'GET /companies/:id/branding/certificates': z.array(hostCertificateSchema),
  'POST /companies/:id/branding/certificates': hostCertificateSchema,
  'POST /tickets': ticket,
  'POST /tickets/:id/messages': ticketMessageSchema,
  'POST /tickets/:id/attachments': ticketAttachmentSchema,
  'POST /tickets/:id/watchers': z.array(person),
  'GET /tickets/:id/mentionable': z.array(ticketMentionableSchema),
  'GET /tickets/assignees': z.array(person),
  'GET /tickets/sla-policies': z.array(ticketSlaPolicyListItemSchema),
  'GET /tickets/sla-report': ticketSlaReportSchema,
} as const satisfies Record<string, z.ZodType>;
