import { z } from 'zod';
import type { PlatformSettings, SetupResult } from './auth';
import type { StaffDashboard } from './dashboard';
import type { ActivityView } from './identity';
import type {
  GuestLockView,
  LeftoverRetried,
  LeftoversOverview,
  LeftoverView,
  UnlockResult,
} from './leftovers';
import { ALL_PERMISSIONS, type Permission } from './permissions';
import {
  PVE_HTTP_METHODS,
  type PveApiEndpointDetail,
  type PveApiParameter,
  type PveApiTreeNode,
} from './pve-explorer';
import type { CustomRoleView } from './roles';
import type { SshJobStarted, SshKeysOverview, SshKeyView } from './ssh-keys';
import type { Pm2ProcessView, UpdateInfo, UpdateRun, UpdateRunDetail } from './system-update';
import { USAGE_PRICED_ITEMS, type UsagePriceList, type UsageStatement } from './usage';
import { at, count, id, pageOf } from './api-response-kit';
import { jobSchema as job, userViewSchema as userView } from './api-responses-core';
import { sshNodeHealthSchema as sshNodeHealth } from './api-responses-identity';

// Response schemas of activity, the fleet dashboard, leftovers, platform settings, the PVE API
// explorer, roles, setup, SSH keys, system updates, usage and users, merged into API_RESPONSES;
// see api-responses.ts for the rules (typed against the SPA's interface, strict objects, 2xx
// answers only). Each route here is parsed against the real API's answer by some integration test
// (expectApiResponse).

const permission = z.enum(ALL_PERMISSIONS as [Permission, ...Permission[]]);
const guestKind = z.enum(['qemu', 'lxc']);
const vmid = z.number().int().positive();
const amount = z.number().min(0);

// --- activity -----------------------------------------------------------------------------------

const activityView: z.ZodType<ActivityView> = z
  .object({
    id,
    createdAt: at,
    action: z.string().min(1),
    result: z.enum(['success', 'failure']),
    actorId: id.nullable(),
    actorEmail: z.string().nullable(),
    actorName: z.string().nullable(),
    actorType: z.string().min(1),
    companyId: id.nullable(),
    companyName: z.string().nullable(),
    resourceType: z.string().nullable(),
    resourceId: z.string().nullable(),
    resourceName: z.string().nullable(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    requestId: z.string().nullable(),
    details: z.unknown(),
  })
  .strict();

// --- fleet dashboard ----------------------------------------------------------------------------

const outcomeCounts = z
  .object({ succeeded: count, failed: count, successRate: z.number().min(0).max(1).nullable() })
  .strict();

const staffDashboard: z.ZodType<StaffDashboard> = z
  .object({
    clusters: z
      .object({ total: count, online: count, degraded: count, offline: count, unknown: count })
      .strict(),
    nodes: z.object({ total: count, online: count, offline: count }).strict(),
    guests: z.object({ running: count, stopped: count, other: count, total: count }).strict(),
    allocated: z.object({ vcpus: count, memoryBytes: count, diskBytes: count }).strict(),
    capacity: z.object({ cpus: count, memoryBytes: count }).strict(),
    alerts: z.object({ info: count, warning: count, critical: count }).strict(),
    jobs: z.object({ queued: count, running: count, last24h: outcomeCounts }).strict(),
    backups24h: outcomeCounts,
    topConsumers: z.array(
      z
        .object({
          companyId: id,
          companyName: z.string(),
          guests: count,
          vcpus: count,
          memoryBytes: count,
        })
        .strict(),
    ),
    connections: z.array(
      z
        .object({
          clusterId: id,
          name: z.string(),
          status: z.string().min(1),
          avgLatencyMs: z.number().min(0).nullable(),
          successRate: z.number().min(0).max(1).nullable(),
          lastOkAt: at.nullable(),
        })
        .strict(),
    ),
  })
  .strict();

// --- leftovers ----------------------------------------------------------------------------------

const guestLock: z.ZodType<GuestLockView> = z
  .object({
    guestId: id,
    clusterId: id,
    clusterName: z.string(),
    node: z.string().min(1),
    vmid,
    kind: guestKind,
    name: z.string().nullable(),
    lock: z.string().min(1),
    companyId: id.nullable(),
    state: z.enum(['stale', 'task-running', 'unknown']),
    task: z.string().nullable(),
  })
  .strict();

const leftover: z.ZodType<LeftoverView> = z
  .object({
    clusterId: id,
    clusterName: z.string().nullable(),
    vmid,
    kind: guestKind,
    name: z.string(),
    state: z.enum(['waiting', 'delayed', 'active', 'failed']),
    attempts: count,
    maxAttempts: count,
    lastError: z.string().nullable(),
    nextTryAt: at.nullable(),
  })
  .strict();

const leftoversOverview: z.ZodType<LeftoversOverview> = z
  .object({ locks: z.array(guestLock), leftovers: z.array(leftover) })
  .strict();

const unlockResult: z.ZodType<UnlockResult> = z
  .object({ guestId: id, removed: z.string().min(1) })
  .strict();

const leftoverRetried: z.ZodType<LeftoverRetried> = z
  .object({ clusterId: id, vmid, was: z.enum(['delayed', 'failed']) })
  .strict();

// --- platform settings, setup -------------------------------------------------------------------

const platformSettings: z.ZodType<PlatformSettings> = z
  .object({ requireStaff2fa: z.boolean() })
  .strict();

const setupResult: z.ZodType<SetupResult> = z.object({ id, email: z.string().min(1) }).strict();

// --- PVE API explorer ---------------------------------------------------------------------------

const pveMethod = z.enum(PVE_HTTP_METHODS);

const pveTreeNode: z.ZodType<PveApiTreeNode> = z
  .object({
    path: z.string().min(1),
    text: z.string(),
    methods: z.array(pveMethod),
    get children() {
      return z.array(pveTreeNode);
    },
  })
  .strict();

const pveParameter: z.ZodType<PveApiParameter> = z
  .object({
    name: z.string().min(1),
    inPath: z.boolean(),
    type: z.string().nullable(),
    format: z.string().nullable(),
    formatKeys: z.array(z.string()),
    enum: z.array(z.string()).nullable(),
    optional: z.boolean(),
    default: z.unknown(),
    minimum: z.number().nullable(),
    maximum: z.number().nullable(),
    pattern: z.string().nullable(),
    description: z.string().nullable(),
  })
  .strict();

const pveEndpointDetail: z.ZodType<PveApiEndpointDetail> = z
  .object({
    method: pveMethod,
    path: z.string().min(1),
    name: z.string().nullable(),
    description: z.string().nullable(),
    protected: z.boolean(),
    parameters: z.array(pveParameter),
    returns: z.unknown(),
    permissions: z
      .object({
        check: z.unknown(),
        description: z.string().nullable(),
        user: z.string().nullable(),
      })
      .strict()
      .nullable(),
    allowToken: z.boolean(),
  })
  .strict();

// --- roles --------------------------------------------------------------------------------------

const customRole: z.ZodType<CustomRoleView> = z
  .object({
    id,
    companyId: id.nullable(),
    name: z.string().min(1),
    description: z.string().nullable(),
    permissions: z.array(permission),
    userCount: count,
    createdAt: at,
    updatedAt: at,
  })
  .strict();

// --- SSH keys -----------------------------------------------------------------------------------

const sshKey: z.ZodType<SshKeyView> = z
  .object({
    id,
    fingerprint: z.string().min(1),
    publicKey: z.string().min(1),
    status: z.enum(['active', 'retiring', 'retired']),
    createdAt: at,
    retiredAt: at.nullable(),
  })
  .strict();

const sshKeysOverview: z.ZodType<SshKeysOverview> = z
  .object({ activeKey: sshKey.nullable(), keys: z.array(sshKey), nodes: z.array(sshNodeHealth) })
  .strict();

const sshJobStarted: z.ZodType<SshJobStarted> = z.object({ job }).strict();

// --- system updates -----------------------------------------------------------------------------

const release = { version: z.string().min(1), commit: z.string(), tag: z.string().optional() };

const updateRun: z.ZodType<UpdateRun> = z
  .object({
    id,
    kind: z.enum(['update', 'rollback']),
    status: z.enum(['running', 'succeeded', 'failed', 'rolled_back', 'rollback_failed']),
    from: z.object(release).strict(),
    to: z.object({ ...release, sourceRunId: z.string().optional() }).strict(),
    actor: z
      .object({
        type: z.string().min(1),
        userId: z.string().nullable().optional(),
        email: z.string().nullable().optional(),
        user: z.string().optional(),
      })
      .strict(),
    startedAt: at,
    finishedAt: at.optional(),
    durationMs: z.number().min(0).optional(),
    steps: z.array(
      z
        .object({
          name: z.string().min(1),
          status: z.enum(['running', 'succeeded', 'failed', 'skipped']),
          startedAt: at,
          finishedAt: at.optional(),
          durationMs: z.number().min(0).optional(),
          error: z.string().optional(),
          reason: z.string().optional(),
        })
        .strict(),
    ),
    backup: z.string().nullable(),
    error: z.string().optional(),
    rolledBackBy: z.string().optional(),
  })
  .strict();

const pm2Process: z.ZodType<Pm2ProcessView> = z
  .object({
    name: z.string().min(1),
    pmId: z.number().int(),
    pid: z.number().int(),
    status: z.string(),
    mode: z.string().nullable(),
    restarts: count,
    uptimeSince: at.nullable(),
    memoryBytes: count.nullable(),
  })
  .strict();

const updateInfo: z.ZodType<UpdateInfo> = z
  .object({
    version: z.string().min(1),
    commit: z.string(),
    tag: z.string().nullable(),
    installPath: z.string(),
    remote: z.string(),
    lastUpdate: updateRun.nullable(),
    activeRunId: z.string().nullable(),
    node: z.string(),
    mariadb: z.string().nullable(),
    redis: z.string().nullable(),
    pm2: z.array(pm2Process),
  })
  .strict();

const updateRunDetail: z.ZodType<UpdateRunDetail> = z
  .object({
    run: updateRun,
    log: z.array(
      z.object({ seq: count, at, step: z.string().nullable(), line: z.string() }).strict(),
    ),
  })
  .strict();

// --- usage --------------------------------------------------------------------------------------

const usagePriceList: z.ZodType<UsagePriceList> = z
  .object({
    companyId: id,
    currency: z.string().regex(/^[A-Z]{3}$/),
    vcpuHour: amount,
    ramGbHour: amount,
    diskGbMonth: amount,
    backupGbMonth: amount,
    publicIpMonth: amount,
  })
  .strict();

const usageStatement: z.ZodType<UsageStatement> = z
  .object({
    companyId: id,
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
    hoursInMonth: count,
    hoursSampled: count,
    vcpuHours: amount,
    ramGbHours: amount,
    diskGbMonths: amount,
    diskUsedGbMonths: amount.nullable(),
    backupGbMonths: amount.nullable(),
    publicIpMonths: amount,
    guests: z.array(
      z.object({ guestId: id, name: z.string().nullable(), runningHours: amount }).strict(),
    ),
    priced: z
      .object({
        currency: z.string().regex(/^[A-Z]{3}$/),
        lines: z.array(
          z
            .object({
              item: z.enum(USAGE_PRICED_ITEMS),
              quantity: amount,
              unitPrice: amount,
              amount,
            })
            .strict(),
        ),
        total: amount,
      })
      .strict()
      .nullable(),
  })
  .strict();

export const ADMIN_RESPONSES = {
  'GET /activity': pageOf(activityView),
  'GET /dashboard/fleet': staffDashboard,
  'GET /leftovers': leftoversOverview,
  'POST /leftovers/locks/:id/unlock': unlockResult,
  'POST /leftovers/removals/:id/:id/retry': leftoverRetried,
  'GET /platform/settings': platformSettings,
  'PUT /platform/settings': platformSettings,
  'GET /pve-api/endpoint': pveEndpointDetail,
  'GET /pve-api/tree': z.array(pveTreeNode),
  'GET /roles': z.array(customRole),
  'POST /roles': customRole,
  'POST /setup': setupResult,
  'GET /ssh-keys': sshKeysOverview,
  'POST /ssh-keys/rotate': sshJobStarted,
  'GET /system/updates/history': z.array(updateRun),
  'GET /system/updates/info': updateInfo,
  'GET /system/updates/runs/:id': updateRunDetail,
  /** null: the company has no price list. */
  'GET /usage/prices/:id': usagePriceList.nullable(),
  'PUT /usage/prices/:id': usagePriceList,
  'GET /usage/statements': usageStatement,
  'POST /users': userView,
  'POST /users/invite': userView,
} as const satisfies Record<string, z.ZodType>;
