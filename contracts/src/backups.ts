import { z } from 'zod';
import type { JobDto } from './jobs-api';

// Backups: schedules (vzdump on a cron), history (runs and per-guest results), a guest's archives
// (read from Proxmox storage content), backup now and restore (tracked jobs).
//
// Answers (all scoped; a foreign id is 404):
//   GET/POST /api/backup-schedules · GET/PATCH/DELETE /api/backup-schedules/:id
//   POST /api/backup-schedules/:id/run → 202 BackupRunAccepted
//   GET /api/backup-schedules/preview?cron&timezone → CronPreview
//   GET /api/backup-history → BackupRunPage · GET /api/backup-history/:id → BackupRunDetail
//   GET /api/vms/:id/backups → GuestBackupList · POST /api/vms/:id/backups → 202 BackupRunAccepted
//   POST /api/vms/:id/backups/protection · DELETE /api/vms/:id/backups?volid=
//   POST /api/vms/:id/backups/restore → 202 BackupRestoreAccepted
//   POST /api/backup-schedules/:id/restore-tests → 202 RestoreTestsAccepted (restore tests now)
//   GET /api/backup-history/not-backed-up?companyId → NotBackedUpPage
//   GET /api/backup-history/success-rates?by=schedule|company|cluster&days → BackupSuccessRatePage
//   GET /api/restore-tests → RestoreTestReport · GET /api/restore-tests/report.csv → the same as CSV
//   GET /api/restore-tests/report.pdf → one company's report as a PDF under its brand
// Error codes: VALIDATION_FAILED (bad cron, time zone, unknown storage, volid not this guest's),
// CONFIRM_MISMATCH (in-place restore without the guest's name), QUOTA_EXCEEDED, VM_LOCKED.

export const BACKUP_MODES = ['snapshot', 'suspend', 'stop'] as const;
export type BackupMode = (typeof BACKUP_MODES)[number];
export const BACKUP_COMPRESSIONS = ['zstd', 'lzo', 'gzip', '0'] as const;
export type BackupCompression = (typeof BACKUP_COMPRESSIONS)[number];

const keep = z.number().int().min(1).max(10_000).optional();
/** Proxmox `prune-backups` options; none set = keep everything. */
export const backupRetentionSchema = z
  .object({
    keepLast: keep,
    keepHourly: keep,
    keepDaily: keep,
    keepWeekly: keep,
    keepMonthly: keep,
    keepYearly: keep,
  })
  .strict();
export type BackupRetention = z.infer<typeof backupRetentionSchema>;

/** What a schedule covers: the union of the given guests, tags, cluster and pool (or all), minus exclusions. */
export const backupSelectionSchema = z
  .object({
    allGuests: z.boolean().optional(),
    guestIds: z.array(z.uuid()).max(10_000).optional(),
    tags: z.array(z.string().min(1).max(64)).max(50).optional(),
    clusterId: z.uuid().optional(),
    pool: z.string().min(1).max(64).optional(),
    excludeGuestIds: z.array(z.uuid()).max(10_000).optional(),
  })
  .strict()
  .refine((s) => s.allGuests || s.guestIds?.length || s.tags?.length || s.clusterId || s.pool, {
    message: 'Choose guests: allGuests, guestIds, tags, clusterId or pool',
  });
export type BackupSelection = z.infer<typeof backupSelectionSchema>;

const nodeName = z
  .string()
  .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/i, 'a node name')
  .max(64);

/** Which archive a restore test restores: the newest, or one at random among the recent ones. */
export const RESTORE_TEST_PICKS = ['newest', 'random'] as const;
export type RestoreTestPick = (typeof RESTORE_TEST_PICKS)[number];

/**
 * A schedule's restore tests: on this cron (in the schedule's time zone) one backup of the schedule
 * per covered guest (`pick`: its newest, or one at random among those younger than `maxAgeHours`,
 * the newest when none is) is restored to a scratch VMID on `node` (null = the guest's node) with
 * its network disconnected, started, and must answer (guest agent; without one: be running)
 * within `bootTimeoutSec`; then the copy is destroyed.
 */
export const restoreTestSettingsSchema = z
  .object({
    cron: z.string().trim().min(9).max(100),
    node: nodeName.nullable().default(null),
    bootTimeoutSec: z.number().int().min(10).max(3600).default(300),
    pick: z.enum(RESTORE_TEST_PICKS).default('newest'),
    maxAgeHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 365)
      .default(168),
  })
  .strict();
export type RestoreTestSettings = z.infer<typeof restoreTestSettingsSchema>;

const scheduleFields = {
  name: z.string().trim().min(1).max(100),
  enabled: z.boolean(),
  selection: backupSelectionSchema,
  /** Five-field cron expression (minute hour day month weekday). */
  cron: z.string().trim().min(9).max(100),
  timezone: z.string().min(1).max(64),
  /** A Proxmox storage id with content `backup` (dir, nfs, pbs …) on the guests' clusters. */
  storage: z
    .string()
    .regex(/^[a-z][a-z0-9\-_.]*$/i)
    .max(64),
  mode: z.enum(BACKUP_MODES),
  compress: z.enum(BACKUP_COMPRESSIONS),
  notesTemplate: z.string().max(1024).nullable(),
  protected: z.boolean(),
  retention: backupRetentionSchema,
  /** A run that cannot start within this many minutes of its planned time is reported as missed. */
  windowMinutes: z
    .number()
    .int()
    .min(5)
    .max(24 * 60),
  /**
   * Backups written to the storage at once on a cluster, across all runs (a PBS or NFS storage
   * serves every node); null = only the per-node limit.
   */
  storageLimit: z.number().int().min(1).max(64).nullable(),
  /** Restore tests of this schedule's backups; null = none. */
  restoreTest: restoreTestSettingsSchema.nullable(),
};

export const createBackupScheduleSchema = z
  .object({
    companyId: z.uuid(),
    ...scheduleFields,
    enabled: scheduleFields.enabled.default(true),
    timezone: scheduleFields.timezone.default('UTC'),
    mode: scheduleFields.mode.default('snapshot'),
    compress: scheduleFields.compress.default('zstd'),
    notesTemplate: scheduleFields.notesTemplate.default('{{guestname}}'),
    protected: scheduleFields.protected.default(false),
    retention: backupRetentionSchema.default({}),
    windowMinutes: scheduleFields.windowMinutes.default(360),
    storageLimit: scheduleFields.storageLimit.default(null),
    restoreTest: scheduleFields.restoreTest.default(null),
  })
  .strict();
export type CreateBackupScheduleInput = z.infer<typeof createBackupScheduleSchema>;

export const updateBackupScheduleSchema = z.object(scheduleFields).partial().strict();
export type UpdateBackupScheduleInput = z.infer<typeof updateBackupScheduleSchema>;

export const backupScheduleListQuerySchema = z
  .object({
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
    companyId: z.uuid().optional(),
  })
  .strict();
export type BackupScheduleListQuery = z.infer<typeof backupScheduleListQuerySchema>;

export const cronPreviewQuerySchema = z
  .object({
    cron: z.string().min(1).max(100),
    timezone: z.string().min(1).max(64).default('UTC'),
    count: z.coerce.number().int().min(1).max(20).default(5),
  })
  .strict();
export type CronPreviewQuery = z.infer<typeof cronPreviewQuerySchema>;
export interface CronPreview {
  cron: string;
  timezone: string;
  next: string[];
}

export interface BackupScheduleDto {
  id: string;
  companyId: string;
  name: string;
  enabled: boolean;
  selection: BackupSelection;
  cron: string;
  timezone: string;
  storage: string;
  mode: BackupMode;
  compress: BackupCompression;
  notesTemplate: string | null;
  protected: boolean;
  retention: BackupRetention;
  windowMinutes: number;
  storageLimit: number | null;
  restoreTest: RestoreTestSettings | null;
  restoreTestNextAt: string | null;
  nextRunAt: string | null;
  lastRunAt: string | null;
  createdAt: string;
  updatedAt: string;
}
export interface BackupSchedulePage {
  items: BackupScheduleDto[];
  total: number;
  page: number;
  pageSize: number;
}

export const BACKUP_RUN_STATUSES = [
  'queued',
  'running',
  'succeeded',
  'partial',
  'failed',
  'missed',
] as const;
export type BackupRunStatus = (typeof BACKUP_RUN_STATUSES)[number];
export const BACKUP_RESULT_STATUSES = [
  'queued',
  'running',
  'succeeded',
  'failed',
  'missed',
] as const;
export type BackupResultStatus = (typeof BACKUP_RESULT_STATUSES)[number];
export const BACKUP_TRIGGERS = ['schedule', 'manual'] as const;
export type BackupTrigger = (typeof BACKUP_TRIGGERS)[number];

export interface BackupRunDto {
  id: string;
  companyId: string;
  scheduleId: string | null;
  scheduleName: string | null;
  trigger: BackupTrigger;
  status: BackupRunStatus;
  storage: string;
  plannedAt: string;
  finishedAt: string | null;
  total: number;
  succeeded: number;
  failed: number;
  missed: number;
}
export interface BackupResultDto {
  id: string;
  runId: string;
  guestId: string;
  guestName: string | null;
  vmid: number;
  clusterId: string;
  node: string;
  status: BackupResultStatus;
  jobId: string | null;
  upid: string | null;
  volid: string | null;
  sizeBytes: number | null;
  durationMs: number | null;
  error: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}
export interface BackupRunDetail extends BackupRunDto {
  results: BackupResultDto[];
}
export interface BackupRunPage {
  items: BackupRunDto[];
  total: number;
  page: number;
  pageSize: number;
}

/** A history date bound as a time: a bare date means its whole day (UTC). */
export function historyBound(v: string, end: boolean): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(v)
    ? new Date(`${v}T${end ? '23:59:59.999' : '00:00:00.000'}Z`)
    : new Date(v);
}

export const backupHistoryQuerySchema = z
  .object({
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
    companyId: z.uuid().optional(),
    scheduleId: z.uuid().optional(),
    guestId: z.uuid().optional(),
    /** Runs with at least one guest's result on this cluster. */
    clusterId: z.uuid().optional(),
    status: z.enum(BACKUP_RUN_STATUSES).optional(),
    /** Planned at or after (a bare date: from its start, UTC). */
    from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
    /** Planned at or before (a bare date: to its end, UTC). */
    to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  })
  .strict()
  .refine((q) => !q.from || !q.to || historyBound(q.from, false) <= historyBound(q.to, true), {
    message: '`from` must not be after `to`',
    path: ['to'],
  });
export type BackupHistoryQuery = z.infer<typeof backupHistoryQuerySchema>;

export const BACKUP_RATE_GROUPS = ['schedule', 'company', 'cluster'] as const;
export type BackupRateGroup = (typeof BACKUP_RATE_GROUPS)[number];

/** Success rates of the guests' backup results of runs planned in the last `days` days. */
export const backupSuccessRatesQuerySchema = z
  .object({
    by: z.enum(BACKUP_RATE_GROUPS).default('schedule'),
    days: z.coerce.number().int().min(1).max(366).default(30),
    companyId: z.uuid().optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type BackupSuccessRatesQuery = z.infer<typeof backupSuccessRatesQuerySchema>;

export interface BackupSuccessRate {
  /** The schedule's, company's or cluster's id; null = backups made without a schedule. */
  id: string | null;
  name: string | null;
  total: number;
  succeeded: number;
  failed: number;
  missed: number;
  /** succeeded / finished results (0..1); null while none has finished. */
  rate: number | null;
}
export interface BackupSuccessRatePage {
  by: BackupRateGroup;
  days: number;
  items: BackupSuccessRate[];
  total: number;
  page: number;
  pageSize: number;
}

/** One archive on a Proxmox storage (content `backup`). */
export interface GuestBackup {
  volid: string;
  storage: string;
  node: string;
  format: string;
  sizeBytes: number;
  createdAt: string | null;
  notes: string | null;
  protected: boolean;
}

export interface GuestBackupList {
  archives: GuestBackup[];
  /** The guest's newest backup result (schedule or backup now), for its status. */
  last: BackupResultDto | null;
}

export const backupNowSchema = z
  .object({
    /** Default: the first storage with content `backup` on the guest's node. */
    storage: scheduleFields.storage.optional(),
    mode: z.enum(BACKUP_MODES).default('snapshot'),
    compress: z.enum(BACKUP_COMPRESSIONS).default('zstd'),
    notes: z.string().max(1024).optional(),
    protected: z.boolean().default(false),
  })
  .strict();
export type BackupNowInput = z.infer<typeof backupNowSchema>;

const volidSchema = z
  .string()
  .min(3)
  .max(255)
  .regex(/^[a-z][a-z0-9\-_.]*:/i, 'a Proxmox volume id (storage:volume)');

export const backupProtectionSchema = z
  .object({ volid: volidSchema, protected: z.boolean() })
  .strict();
export type BackupProtectionInput = z.infer<typeof backupProtectionSchema>;

export const backupVolumeQuerySchema = z.object({ volid: volidSchema }).strict();

export const RESTORE_TARGETS = ['new', 'in-place'] as const;
export const backupRestoreSchema = z
  .object({
    volid: volidSchema,
    target: z.enum(RESTORE_TARGETS),
    /** New guest: node (default: the source's) and storage for its disks (default: as backed up). */
    node: z.string().min(1).max(64).optional(),
    storage: scheduleFields.storage.optional(),
    name: z
      .string()
      .regex(/^[a-z0-9]([a-z0-9-.]*[a-z0-9])?$/i, 'a DNS name')
      .max(63)
      .optional(),
    start: z.boolean().default(false),
    /** Set link_down on every network device of the restored guest (qemu) / unplug its bridges (lxc). */
    disconnectNetwork: z.boolean().default(false),
    /** In place: the guest's name, to confirm that its disks and config are overwritten. */
    confirm: z.string().max(191).optional(),
  })
  .strict();
export type BackupRestoreInput = z.infer<typeof backupRestoreSchema>;

export interface BackupRunAccepted {
  job: JobDto | null;
  runId: string;
}
export interface BackupRestoreAccepted {
  job: JobDto;
  /** The guest the restore writes: the new one (placeholder until done) or the source itself. */
  vmId: string;
}

/** `prune-backups` property string from a retention policy (null = keep everything). */
export function pruneBackupsString(r: BackupRetention): string | null {
  const parts: string[] = [];
  if (r.keepLast) parts.push(`keep-last=${r.keepLast}`);
  if (r.keepHourly) parts.push(`keep-hourly=${r.keepHourly}`);
  if (r.keepDaily) parts.push(`keep-daily=${r.keepDaily}`);
  if (r.keepWeekly) parts.push(`keep-weekly=${r.keepWeekly}`);
  if (r.keepMonthly) parts.push(`keep-monthly=${r.keepMonthly}`);
  if (r.keepYearly) parts.push(`keep-yearly=${r.keepYearly}`);
  return parts.length ? parts.join(',') : null;
}

// --- restore tests -------------------------------------------------------------------------------

export const RESTORE_TEST_STATUSES = ['queued', 'running', 'passed', 'failed', 'skipped'] as const;
export type RestoreTestStatus = (typeof RESTORE_TEST_STATUSES)[number];

export interface RestoreTestDto {
  id: string;
  companyId: string;
  scheduleId: string | null;
  guestId: string;
  guestName: string | null;
  vmid: number;
  clusterId: string;
  node: string;
  status: RestoreTestStatus;
  volid: string | null;
  /** When the tested archive was written. */
  backupAt: string | null;
  scratchVmid: number | null;
  restoreMs: number | null;
  /** From start to the guest agent answering (or running, without an agent). */
  bootMs: number | null;
  error: string | null;
  jobId: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface RestoreTestsAccepted {
  /** Guests whose backup (as the schedule's `pick` chooses) is being tested. */
  planned: number;
  /** Guests without a backup of this schedule to test (recorded as skipped). */
  skipped: number;
}

export const restoreTestReportQuerySchema = z
  .object({
    companyId: z.uuid().optional(),
    /** A guest is proven when its newest passed test restored a backup younger than this. */
    maxAgeHours: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 365)
      .default(48),
  })
  .strict();
export type RestoreTestReportQuery = z.infer<typeof restoreTestReportQuerySchema>;

export interface RestoreTestReportRow {
  guestId: string;
  guestName: string | null;
  vmid: number;
  companyId: string;
  /** The newest test of the guest. */
  last: RestoreTestDto;
  /** The newest passed test, if any. */
  lastPassed: RestoreTestDto | null;
  /** A backup younger than maxAgeHours was proven restorable. */
  proven: boolean;
}
export interface RestoreTestReport {
  maxAgeHours: number;
  generatedAt: string;
  guests: number;
  proven: number;
  items: RestoreTestReportRow[];
}

// --- not backed up ---------------------------------------------------------------------------------

export const notBackedUpQuerySchema = z
  .object({
    /** Needed when the caller acts for several companies (staff). */
    companyId: z.uuid().optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
export type NotBackedUpQuery = z.infer<typeof notBackedUpQuerySchema>;

/** A live guest of the company that no enabled backup schedule and no Proxmox backup job covers. */
export interface NotBackedUpGuest {
  guestId: string;
  name: string | null;
  vmid: number;
  kind: 'qemu' | 'lxc';
  clusterId: string;
  node: string;
  status: string;
  /** Its newest successful backup by the platform (a schedule since disabled, backup now), if any. */
  lastBackupAt: string | null;
}
export interface NotBackedUpPage {
  companyId: string;
  /** Live guests of the company, and how many of them a schedule covers. */
  guests: number;
  covered: number;
  /** Guests no schedule covers but a backup job of Proxmox's own does (not listed). */
  coveredByProxmox: number;
  /** Clusters whose Proxmox backup jobs could not be read (their guests stay listed). */
  clustersUnread: number;
  total: number;
  page: number;
  pageSize: number;
  items: NotBackedUpGuest[];
}

// --- Snapshot schedules ----------------------------------------------------------------------
//   GET/POST /api/snapshot-schedules · GET/PATCH/DELETE /api/snapshot-schedules/:id
//   POST /api/snapshot-schedules/:id/run → 202 SnapshotRunAccepted (one job per covered guest)
// A schedule's snapshots are named `auto_<tag>_<yyyymmddhhmmss>` (UTC); after each new snapshot the
// guest's snapshots of THAT schedule beyond the `keepLast` newest, or older than `maxAgeHours`, are
// deleted. Snapshots of other schedules and hand-made ones are never touched.

const snapshotScheduleFields = {
  name: z.string().trim().min(1).max(100),
  enabled: z.boolean(),
  selection: backupSelectionSchema,
  cron: z.string().trim().min(9).max(100),
  timezone: z.string().min(1).max(64),
  /** How many of the schedule's snapshots each guest keeps (the newest). */
  keepLast: z.number().int().min(1).max(100),
  /** Also delete the schedule's snapshots older than this; null = no age limit. */
  maxAgeHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 366)
    .nullable(),
  /** VMs only: include the RAM state. */
  includeRam: z.boolean(),
};

export const createSnapshotScheduleSchema = z
  .object({
    companyId: z.uuid(),
    ...snapshotScheduleFields,
    enabled: snapshotScheduleFields.enabled.default(true),
    timezone: snapshotScheduleFields.timezone.default('UTC'),
    maxAgeHours: snapshotScheduleFields.maxAgeHours.default(null),
    includeRam: snapshotScheduleFields.includeRam.default(false),
  })
  .strict();
export type CreateSnapshotScheduleInput = z.infer<typeof createSnapshotScheduleSchema>;

export const updateSnapshotScheduleSchema = z.object(snapshotScheduleFields).partial().strict();
export type UpdateSnapshotScheduleInput = z.infer<typeof updateSnapshotScheduleSchema>;

export const snapshotScheduleListQuerySchema = backupScheduleListQuerySchema;
export type SnapshotScheduleListQuery = BackupScheduleListQuery;

export interface SnapshotScheduleDto {
  id: string;
  companyId: string;
  name: string;
  /** The schedule's snapshots are named `auto_<tag>_<yyyymmddhhmmss>`. */
  tag: string;
  enabled: boolean;
  selection: BackupSelection;
  cron: string;
  timezone: string;
  keepLast: number;
  maxAgeHours: number | null;
  includeRam: boolean;
  nextRunAt: string | null;
  lastRunAt: string | null;
  createdAt: string;
  updatedAt: string;
}
export interface SnapshotSchedulePage {
  items: SnapshotScheduleDto[];
  total: number;
  page: number;
  pageSize: number;
}
export interface SnapshotRunAccepted {
  /** The snapshot name every covered guest gets. */
  snapshot: string;
  jobs: number;
}

/** The name of a schedule's snapshot taken at `at` (UTC, to the second). */
export function scheduledSnapshotName(tag: string, at: Date): string {
  return `auto_${tag}_${at.toISOString().slice(0, 19).replace(/\D/g, '')}`;
}

/** A snapshot name made by the schedule of `tag` (and by nothing else). */
export function isScheduledSnapshot(tag: string, name: string): boolean {
  return new RegExp(`^auto_${tag}_\\d{14}$`).test(name);
}

// --- DR pairs ----------------------------------------------------------------------------------
//   GET/POST /api/dr-pairs · GET/PATCH/DELETE /api/dr-pairs/:id (GET one includes its guests)
//   POST /api/dr-pairs/:id/sync → 202 DrSyncAccepted (one `backups.dr-sync` job per guest)
//   POST /api/dr-pairs/:id/guests/:guestId/failover { confirm: true, force? } → 202 { job } (starts the standby)
//   POST /api/dr-pairs/:id/guests/:guestId/failback { confirm: true } → 202 { job } (after a fail
//   over: the standby is shut down, backed up onto the shared datastore and restored over the source
//   guest, which then runs; the standby stays, stopped, and the next sync refreshes it)
// Proxmox VE has no API call that copies a volume to another cluster. A DR copy is therefore a vzdump
// by the SOURCE cluster onto `sourceStorage`: a datastore (PBS or NFS) that the TARGET cluster also
// mounts as `targetStorage`. The recovery point of a guest is the newest of its DR copies that the
// target cluster lists on `targetStorage`. Policy `standby` also restores that copy on `targetNode`
// (onto `standbyStorage`) as a stopped guest; "fail over" starts it. A guest whose recovery point is
// older than `staleAfterHours` (or that has none that long after it joined) is stale: the company's
// admins and the MSP get one mail per stale spell.

export const DR_POLICIES = ['copy', 'standby'] as const;
export type DrPolicy = (typeof DR_POLICIES)[number];

const storageId = z
  .string()
  .regex(/^[a-z][a-z0-9\-_.]*[a-z0-9]$/i, 'a Proxmox storage id')
  .max(64);

const drPairFields = {
  name: z.string().trim().min(1).max(100),
  enabled: z.boolean(),
  /** Guests of the source cluster that get DR copies (the company's). */
  guestIds: z.array(z.uuid()).min(1).max(1000),
  sourceStorage: storageId,
  targetNode: nodeName,
  targetStorage: storageId,
  policy: z.enum(DR_POLICIES),
  /** Where a standby guest's disks go on the target cluster (policy `standby`). */
  standbyStorage: storageId.nullable(),
  syncEveryMinutes: z
    .number()
    .int()
    .min(5)
    .max(7 * 24 * 60),
  staleAfterHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 31),
};

export const createDrPairSchema = z
  .object({
    companyId: z.uuid(),
    sourceClusterId: z.uuid(),
    targetClusterId: z.uuid(),
    ...drPairFields,
    enabled: drPairFields.enabled.default(true),
    policy: drPairFields.policy.default('copy'),
    standbyStorage: drPairFields.standbyStorage.default(null),
    syncEveryMinutes: drPairFields.syncEveryMinutes.default(60),
    staleAfterHours: drPairFields.staleAfterHours.default(26),
  })
  .strict()
  .refine((p) => p.sourceClusterId !== p.targetClusterId, {
    message: 'The target cluster must not be the source cluster',
    path: ['targetClusterId'],
  })
  .refine((p) => p.policy !== 'standby' || p.standbyStorage, {
    message: 'Policy standby needs a standbyStorage',
    path: ['standbyStorage'],
  });
export type CreateDrPairInput = z.infer<typeof createDrPairSchema>;

export const updateDrPairSchema = z.object(drPairFields).partial().strict();
export type UpdateDrPairInput = z.infer<typeof updateDrPairSchema>;

export const drPairListQuerySchema = backupScheduleListQuerySchema;
export type DrPairListQuery = BackupScheduleListQuery;

/**
 * `force`: start the standby even when the source cluster answers but its guest cannot be stopped
 * (e.g. a cluster without quorum): both may then run, so it is staff's explicit choice.
 */
export const drFailoverSchema = z
  .object({ confirm: z.literal(true), force: z.boolean().default(false) })
  .strict();
export type DrFailoverInput = z.infer<typeof drFailoverSchema>;
export const drFailbackSchema = z.object({ confirm: z.literal(true) }).strict();
export type DrFailbackInput = z.infer<typeof drFailbackSchema>;

export const DR_GUEST_STATUSES = ['idle', 'queued', 'running', 'ok', 'failed'] as const;
export type DrGuestStatus = (typeof DR_GUEST_STATUSES)[number];

export interface DrGuestDto {
  id: string;
  guestId: string;
  guestName: string | null;
  vmid: number | null;
  status: DrGuestStatus;
  /** The newest DR copy the target cluster lists. */
  copyVolid: string | null;
  recoveryPointAt: string | null;
  /** Seconds since the recovery point (null: none yet). */
  recoveryPointAgeSec: number | null;
  stale: boolean;
  standbyVmid: number | null;
  /** The standby's guest id (owned by the source guest's company; null before the first restore). */
  standbyGuestId: string | null;
  standbyPointAt: string | null;
  failedOverAt: string | null;
  failedBackAt: string | null;
  error: string | null;
  lastSyncAt: string | null;
}

export interface DrPairDto {
  id: string;
  companyId: string;
  name: string;
  enabled: boolean;
  sourceClusterId: string;
  sourceStorage: string;
  targetClusterId: string;
  targetNode: string;
  targetStorage: string;
  policy: DrPolicy;
  standbyStorage: string | null;
  syncEveryMinutes: number;
  staleAfterHours: number;
  guestIds: string[];
  /** Guests whose recovery point is older than staleAfterHours. */
  staleGuests: number;
  nextSyncAt: string | null;
  lastSyncAt: string | null;
  createdAt: string;
  updatedAt: string;
}
export interface DrPairDetail extends DrPairDto {
  guests: DrGuestDto[];
}
export interface DrPairPage {
  items: DrPairDto[];
  total: number;
  page: number;
  pageSize: number;
}
export interface DrSyncAccepted {
  jobs: number;
}
export interface DrFailoverAccepted {
  job: JobDto;
}
export interface DrFailbackAccepted {
  job: JobDto;
}

/** Marker in the notes of a fail-back archive (the standby's backup the source side restores). */
export function drFailbackMarker(drGuestId: string): string {
  return `multpanel-dr-failback:${drGuestId}`;
}

/** DR copies kept per guest on the shared datastore: each sync deletes older unprotected ones. */
export const DR_COPIES_KEPT = 3;

/** Marker in a DR copy's notes: the target side tells this pair's copies from any other archive. */
export function drCopyMarker(drGuestId: string): string {
  return `multpanel-dr:${drGuestId}`;
}

/** Stale: no recovery point younger than `staleAfterHours` (counted from `since` when none yet). */
export function drIsStale(
  recoveryPointAt: Date | null,
  since: Date,
  staleAfterHours: number,
  now: Date,
): boolean {
  const limit = now.getTime() - staleAfterHours * 3_600_000;
  return (recoveryPointAt ?? since).getTime() < limit;
}
