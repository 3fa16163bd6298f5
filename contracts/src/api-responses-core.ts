import { z } from 'zod';
import type { LoginResponse, MeResponse, SetupStatus } from './auth';
import type { ClusterView } from './clusters';
import type { MaintenanceWindowDto } from './alerts';
import {
  BACKUP_RATE_GROUPS,
  BACKUP_RESULT_STATUSES,
  BACKUP_RUN_STATUSES,
  BACKUP_TRIGGERS,
  type BackupRunPage,
  type BackupSuccessRatePage,
  type NotBackedUpPage,
} from './backups';
import type { CompanyDashboard } from './dashboard';
import type { HealthResponse } from './health';
import { COMPANY_STATUSES, USER_STATUSES, type CompanyView, type UserView } from './identity';
import { JOB_STATUSES } from './job-statuses';
import type { JobDto, JobPage } from './jobs-api';
import { ALL_PERMISSIONS, ROLES, VM_RIGHTS, type Permission } from './permissions';
import { QUOTA_REQUEST_STATUSES, type CompanyQuota, type QuotaRequestDto } from './quotas';
import type { TemplatePage } from './templates';
import {
  TICKET_CATEGORIES,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  type TicketDto,
  type TicketPage,
} from './tickets';
import type { VmDetail, VmPage } from './vms';
import { at, count, id, pageOf } from './api-response-kit';

// Response schemas: what the API answers on the routes the SPA reads most (the area files,
// api-responses-*.ts, hold the rest and build on these). The SPA's test double
// refuses a canned answer that does not parse (a fixture that lies about the API hides bugs), and
// the backend's api-responses agreement suite parses the real API's answers with the same schemas,
// so neither side can drift. Each schema is typed against the TypeScript interface the SPA uses
// (`z.ZodType<Interface>`), and objects are strict: a field the interface does not know fails.
//
// Ids are any non-empty string (the SPA's fixtures name them "job-1"; the API sends UUIDs);
// timestamps are ISO 8601 with an offset, as the API serialises dates.

const permission = z.enum(ALL_PERMISSIONS as [Permission, ...Permission[]]);

// --- auth ---------------------------------------------------------------------------------------

export const authUserSchema = z
  .object({
    id,
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    companyId: id.nullable(),
    companyName: z.string().nullable(),
  })
  .strict();

export const loginResponseSchema: z.ZodType<LoginResponse> = z.discriminatedUnion('status', [
  z
    .object({
      status: z.literal('ok'),
      accessToken: z.string().min(1),
      expiresIn: z.number().int().positive(),
      user: authUserSchema,
      permissions: z.array(permission),
    })
    .strict(),
  z.object({ status: z.literal('totp_required') }).strict(),
  z.object({ status: z.literal('passkey_required') }).strict(),
]);

/** POST /auth/login can also ask for a 2FA enrolment first. */
export const passwordLoginResponseSchema = z.union([
  loginResponseSchema,
  z
    .object({ status: z.literal('totp_enrollment_required'), enrollmentToken: z.string().min(1) })
    .strict(),
]);

export const meResponseSchema: z.ZodType<MeResponse> = z
  .object({
    user: authUserSchema
      .extend({ totpEnabled: z.boolean().optional(), totpRequired: z.boolean().optional() })
      .strict(),
    permissions: z.array(permission),
  })
  .strict();

export const setupStatusSchema: z.ZodType<SetupStatus> = z
  .object({ needsSetup: z.boolean() })
  .strict();

// --- health -------------------------------------------------------------------------------------

const dependencyCheck = z
  .object({
    status: z.enum(['up', 'down']),
    latencyMs: z.number().min(0).optional(),
    error: z.string().optional(),
  })
  .strict();

export const healthResponseSchema: z.ZodType<HealthResponse> = z
  .object({
    status: z.enum(['ok', 'degraded']),
    version: z.string(),
    uptimeSeconds: z.number().min(0),
    checks: z
      .object({
        database: dependencyCheck,
        redis: dependencyCheck,
        worker: z
          .object({
            status: z.enum(['up', 'down', 'unknown']),
            lastHeartbeatAt: at.optional(),
            alive: count.optional(),
          })
          .strict(),
      })
      .strict(),
  })
  .strict();

// --- companies, users, quotas -------------------------------------------------------------------

const quotaLimit = count.nullable();
const quotaUsage = z
  .object({ guests: count, vcpus: count, memoryMb: count, diskGb: count })
  .strict();
const quotaValues = z
  .object({ guests: quotaLimit, vcpus: quotaLimit, memoryMb: quotaLimit, diskGb: quotaLimit })
  .strict();

export const companyViewSchema: z.ZodType<CompanyView> = z
  .object({
    id,
    name: z.string(),
    slug: z.string(),
    status: z.enum(COMPANY_STATUSES),
    contactName: z.string().nullable(),
    contactEmail: z.string().nullable(),
    contactPhone: z.string().nullable(),
    address: z.string().nullable(),
    notes: z.string().nullable(),
    maxGuests: quotaLimit,
    maxVcpus: quotaLimit,
    maxMemoryMb: quotaLimit,
    maxDiskGb: quotaLimit,
    require2fa: z.boolean(),
    requirePhishingResistantMfa: z.boolean(),
    mayOwnClusters: z.boolean(),
    suspendedAt: at.nullable(),
    salespersonIds: z.array(id),
    userCount: count,
    usage: quotaUsage.optional(),
    createdAt: at,
    updatedAt: at,
  })
  .strict();

export const userViewSchema: z.ZodType<UserView> = z
  .object({
    id,
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    status: z.enum(USER_STATUSES),
    companyId: id.nullable(),
    companyName: z.string().nullable(),
    totpEnabled: z.boolean(),
    lastLoginAt: at.nullable(),
    createdAt: at,
  })
  .strict();

export const companyQuotaSchema: z.ZodType<CompanyQuota> = z
  .object({ companyId: id, limits: quotaValues, usage: quotaUsage })
  .strict();

export const quotaRequestSchema: z.ZodType<QuotaRequestDto> = z
  .object({
    id,
    companyId: id,
    companyName: z.string(),
    requestedById: id,
    requestedByName: z.string(),
    requested: quotaValues.partial().strict(),
    reason: z.string(),
    status: z.enum(QUOTA_REQUEST_STATUSES),
    decidedById: id.nullable(),
    decidedByName: z.string().nullable(),
    decidedAt: at.nullable(),
    note: z.string().nullable(),
    createdAt: at,
  })
  .strict();

// --- jobs ---------------------------------------------------------------------------------------

export const jobSchema: z.ZodType<JobDto> = z
  .object({
    id,
    type: z.string().min(1),
    status: z.enum(JOB_STATUSES),
    progress: z.number().min(0).max(100),
    message: z.string().nullable(),
    companyId: id.nullable(),
    actorId: id.nullable(),
    guestId: id.nullable(),
    clusterId: id.nullable(),
    node: z.string().nullable(),
    upid: z.string().nullable(),
    result: z.unknown(),
    error: z.string().nullable(),
    createdAt: at,
    startedAt: at.nullable(),
    finishedAt: at.nullable(),
    log: z.array(z.object({ at, line: z.string() }).strict()).optional(),
    guestName: z.string().nullable().optional(),
    companyName: z.string().nullable().optional(),
    actorName: z.string().nullable().optional(),
    clusterName: z.string().nullable().optional(),
  })
  .strict();

export const jobPageSchema: z.ZodType<JobPage> = pageOf(jobSchema);

// --- clusters, templates, guests ----------------------------------------------------------------

const nullableCount = count.nullable();
export const clusterViewSchema: z.ZodType<ClusterView> = z
  .object({
    id,
    name: z.string(),
    endpoints: z.array(z.object({ url: z.string(), fingerprint: z.string().nullable() }).strict()),
    fingerprint: z.string().nullable(),
    hasCa: z.boolean(),
    authType: z.enum(['token', 'password']),
    authUser: z.string(),
    location: z.string().nullable(),
    tags: z.array(z.string()),
    allowedCompanyIds: z.array(id),
    ownerCompanyId: id.nullable(),
    healthIntervalSec: count,
    syncIntervalSec: count,
    pveVersion: z.string().nullable(),
    health: z
      .object({
        status: z.enum(['unknown', 'online', 'degraded', 'offline']),
        lastCheckAt: at.nullable(),
        lastOkAt: at.nullable(),
        lastError: z.string().nullable(),
        lastLatencyMs: z.number().min(0).nullable(),
        successRate: z.number().min(0).max(1).nullable(),
        avgLatencyMs: z.number().min(0).nullable(),
        p95LatencyMs: z.number().min(0).nullable(),
        quorate: z.boolean().nullable(),
      })
      .strict(),
    lastSyncAt: at.nullable(),
    lastSyncError: z.string().nullable(),
    counts: z.object({ nodes: count, guests: count, unassignedGuests: count }).strict(),
    requestBudget: z
      .object({ ratePerSec: z.number().min(0), burst: count })
      .strict()
      .optional(),
    requestRate: z
      .object({ lastMinute: count, interactive: count, background: count, currentMinute: count })
      .strict()
      .optional(),
    createdAt: at,
    updatedAt: at,
  })
  .strict();

export const templatePageSchema: z.ZodType<TemplatePage> = pageOf(
  z
    .object({
      id,
      clusterId: id,
      clusterName: z.string(),
      node: z.string(),
      vmid: z.number().int().positive(),
      kind: z.enum(['qemu', 'lxc']),
      name: z.string(),
      windowsGpu: z.boolean(),
      allowedCompanyIds: z.array(id).optional(),
      lastSeenAt: at,
    })
    .strict(),
);

const vmSummaryFields = {
  id,
  vmid: z.number().int().positive(),
  kind: z.enum(['qemu', 'lxc']),
  name: z.string().nullable(),
  status: z.string().min(1),
  companyId: id.nullable(),
  companyName: z.string().nullable(),
  clusterId: id,
  clusterName: z.string(),
  node: z.string(),
  cpus: nullableCount,
  maxmem: nullableCount,
  maxdisk: nullableCount,
  tags: z.array(z.string()),
  template: z.boolean(),
  lock: z.string().nullable().optional(),
  updatedAt: at,
};

export const vmPageSchema: z.ZodType<VmPage> = pageOf(z.object(vmSummaryFields).strict());

export const vmDetailSchema: z.ZodType<VmDetail> = z
  .object({
    ...vmSummaryFields,
    live: z
      .object({
        status: z.string(),
        uptime: z.number().min(0),
        cpu: z.number().min(0),
        cpus: nullableCount,
        mem: z.number().min(0),
        maxmem: z.number().min(0),
        disk: z.number().min(0),
        maxdisk: z.number().min(0),
        netin: z.number().min(0),
        netout: z.number().min(0),
        qmpstatus: z.string().optional(),
      })
      .strict()
      .nullable(),
    config: z
      .object({
        cores: nullableCount,
        sockets: nullableCount,
        memoryMb: nullableCount,
        onboot: z.boolean(),
        description: z.string().nullable(),
        disks: z.array(
          z
            .object({
              key: z.string(),
              storage: z.string().nullable(),
              sizeGb: z.number().min(0).nullable(),
              raw: z.string(),
            })
            .strict(),
        ),
        networks: z.array(
          z
            .object({
              key: z.string(),
              model: z.string().nullable(),
              bridge: z.string().nullable(),
              vlan: z.number().int().nullable(),
              mac: z.string().nullable(),
              raw: z.string(),
            })
            .strict(),
        ),
        cloudInit: z.record(z.string(), z.string()),
        hasPassword: z.boolean(),
        osType: z.string().nullable(),
        cdroms: z.array(z.object({ key: z.string(), isoVolid: z.string().nullable() }).strict()),
        bootOrder: z.array(z.string()),
      })
      .strict()
      .nullable(),
    clusterStatus: z.string(),
    rights: z.array(z.enum(VM_RIGHTS)),
    addresses: z
      .array(
        z
          .object({ name: z.string(), ipv4: z.array(z.string()), ipv6: z.array(z.string()) })
          .strict(),
      )
      .nullable(),
  })
  .strict();

// --- dashboard ----------------------------------------------------------------------------------

const guestStateCounts = z
  .object({ running: count, stopped: count, other: count, total: count })
  .strict();
const allocated = z.object({ vcpus: count, memoryBytes: count, diskBytes: count }).strict();

export const companyDashboardSchema: z.ZodType<CompanyDashboard> = z
  .object({
    companyId: id,
    guests: guestStateCounts,
    allocated,
    alerts: z.object({ info: count, warning: count, critical: count }).strict().nullable(),
    quota: z.object({ limits: quotaValues, usage: quotaUsage }).strict().nullable(),
    usageThisMonth: z
      .object({
        month: z.string().regex(/^\d{4}-\d{2}$/),
        vcpuHours: z.number().min(0),
        ramGbHours: z.number().min(0),
      })
      .strict()
      .nullable(),
    lastBackups: z.array(
      z
        .object({
          guestId: id,
          guestName: z.string().nullable(),
          status: z.string(),
          finishedAt: at.nullable(),
        })
        .strict(),
    ),
    recentJobs: z.array(
      z
        .object({
          id,
          type: z.string(),
          status: z.string(),
          createdAt: at,
          finishedAt: at.nullable(),
        })
        .strict(),
    ),
  })
  .strict();

// --- tickets ------------------------------------------------------------------------------------

const ticketPerson = z.object({ id, name: z.string(), email: z.string() }).strict();
const ticketSummaryFields = {
  id,
  companyId: id,
  companyName: z.string(),
  subject: z.string(),
  category: z.enum(TICKET_CATEGORIES),
  priority: z.enum(TICKET_PRIORITIES),
  status: z.enum(TICKET_STATUSES),
  requester: ticketPerson.nullable(),
  assignee: ticketPerson.nullable(),
  guestId: id.nullable(),
  guestName: z.string().nullable(),
  jobId: id.nullable(),
  lastActivityAt: at,
  createdAt: at,
  sla: z
    .object({
      paused: z.boolean(),
      firstResponseDueAt: at.nullable(),
      resolutionDueAt: at.nullable(),
      firstResponseBreachedAt: at.nullable(),
      resolutionBreachedAt: at.nullable(),
    })
    .strict()
    .nullable(),
};

export const ticketPageSchema: z.ZodType<TicketPage> = z
  .object({
    items: z.array(z.object(ticketSummaryFields).strict()),
    total: count,
    totalCapped: z.boolean(),
    page: z.number().int().min(1),
    pageSize: z.number().int().min(1),
    nextCursor: z.string().nullable(),
  })
  .strict();

export const ticketSchema: z.ZodType<TicketDto> = z
  .object({
    ...ticketSummaryFields,
    description: z.string(),
    context: z
      .object({
        jobLog: z.array(z.string()).optional(),
        alert: z.array(z.string()).optional(),
        backupFailures: z.array(z.string()).optional(),
        firewall: z.array(z.string()).optional(),
      })
      .strict()
      .nullable(),
    alertId: id.nullable(),
    backupRunId: id.nullable(),
    firewallId: id.nullable(),
    firewallName: z.string().nullable(),
    firstResponseAt: at.nullable(),
    resolvedAt: at.nullable(),
    messages: z.array(
      z
        .object({
          id,
          author: ticketPerson.nullable(),
          fromStaff: z.boolean(),
          body: z.string(),
          internal: z.boolean(),
          mentions: z.array(ticketPerson),
          createdAt: at,
        })
        .strict(),
    ),
    attachments: z.array(
      z
        .object({
          id,
          messageId: id.nullable(),
          fileName: z.string(),
          contentType: z.string(),
          size: count,
          internal: z.boolean(),
          uploadedById: id,
          createdAt: at,
        })
        .strict(),
    ),
    watchers: z.array(ticketPerson),
  })
  .strict();

// --- maintenance windows, not backed up ---------------------------------------------------------

export const maintenanceWindowSchema: z.ZodType<MaintenanceWindowDto> = z
  .object({
    id,
    companyId: id.nullable(),
    clusterId: id.nullable(),
    node: z.string().nullable(),
    guestId: id.nullable(),
    startsAt: at,
    endsAt: at,
    reason: z.string().min(1),
    createdById: id.nullable(),
    createdAt: at,
    companyName: z.string().nullable(),
    clusterName: z.string().nullable(),
    guestName: z.string().nullable(),
  })
  .strict();

/** A backup run as the history lists it (its detail adds the per-guest results). */
export const backupRunFields = {
  id,
  companyId: id,
  scheduleId: id.nullable(),
  scheduleName: z.string().nullable(),
  trigger: z.enum(BACKUP_TRIGGERS),
  status: z.enum(BACKUP_RUN_STATUSES),
  storage: z.string(),
  plannedAt: at,
  finishedAt: at.nullable(),
  total: count,
  succeeded: count,
  failed: count,
  missed: count,
};

/** One guest's result within a backup run (a run's detail; a guest's last backup). */
export const backupResultSchema = z
  .object({
    id,
    runId: id,
    guestId: id,
    guestName: z.string().nullable(),
    vmid: z.number().int().min(1),
    clusterId: id,
    node: z.string(),
    status: z.enum(BACKUP_RESULT_STATUSES),
    jobId: id.nullable(),
    upid: z.string().nullable(),
    volid: z.string().nullable(),
    sizeBytes: count.nullable(),
    durationMs: count.nullable(),
    error: z.string().nullable(),
    startedAt: at.nullable(),
    finishedAt: at.nullable(),
  })
  .strict();

export const backupRunPageSchema: z.ZodType<BackupRunPage> = pageOf(
  z.object(backupRunFields).strict(),
);

export const backupSuccessRatePageSchema: z.ZodType<BackupSuccessRatePage> = z
  .object({
    by: z.enum(BACKUP_RATE_GROUPS),
    days: z.number().int().min(1),
    items: z.array(
      z
        .object({
          id: id.nullable(),
          name: z.string().nullable(),
          total: count,
          succeeded: count,
          failed: count,
          missed: count,
          rate: z.number().min(0).max(1).nullable(),
        })
        .strict(),
    ),
    total: count,
    page: z.number().int().min(1),
    pageSize: z.number().int().min(1),
  })
  .strict();

export const notBackedUpPageSchema: z.ZodType<NotBackedUpPage> = z
  .object({
    companyId: id,
    guests: count,
    covered: count,
    coveredByProxmox: count,
    clustersUnread: count,
    total: count,
    page: z.number().int().min(1),
    pageSize: z.number().int().min(1),
    items: z.array(
      z
        .object({
          guestId: id,
          name: z.string().nullable(),
          vmid: z.number().int().min(100),
          kind: z.enum(['qemu', 'lxc']),
          clusterId: id,
          node: z.string(),
          status: z.string(),
          lastBackupAt: at.nullable(),
        })
        .strict(),
    ),
  })
  .strict();
