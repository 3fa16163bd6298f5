import type {
  BackupCompression,
  BackupMode,
  BackupResultDto,
  BackupResultStatus,
  BackupRetention,
  BackupRunDto,
  BackupRunStatus,
  BackupScheduleDto,
  BackupSelection,
  BackupTrigger,
  GuestBackup,
  RestoreTestDto,
  RestoreTestPick,
  RestoreTestStatus,
} from '@multpanel/contracts';
import type { StorageContentEntry } from '../../common/proxmox';
import type { BackupResult, BackupSchedule, RestoreTest } from '../../generated/prisma/client';
import type { RunRow } from './backups.repository';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toScheduleDto(s: BackupSchedule): BackupScheduleDto {
  return {
    id: s.id,
    companyId: s.companyId,
    name: s.name,
    enabled: s.enabled,
    selection: s.selection as BackupSelection,
    cron: s.cron,
    timezone: s.timezone,
    storage: s.storage,
    mode: s.mode as BackupMode,
    compress: s.compress as BackupCompression,
    notesTemplate: s.notesTemplate,
    protected: s.protected,
    retention: s.retention as BackupRetention,
    windowMinutes: s.windowMinutes,
    storageLimit: s.storageLimit,
    restoreTest: s.restoreTestCron
      ? {
          cron: s.restoreTestCron,
          node: s.restoreTestNode,
          bootTimeoutSec: s.restoreTestBootSec,
          pick: s.restoreTestPick as RestoreTestPick,
          maxAgeHours: s.restoreTestMaxAgeH,
        }
      : null,
    restoreTestNextAt: iso(s.restoreTestNextAt),
    nextRunAt: iso(s.nextRunAt),
    lastRunAt: iso(s.lastRunAt),
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

export function toRunDto(r: RunRow): BackupRunDto {
  const count = (s: string) => r.results.filter((x) => x.status === s).length;
  return {
    id: r.id,
    companyId: r.companyId,
    scheduleId: r.scheduleId,
    scheduleName: r.schedule?.name ?? null,
    trigger: r.trigger as BackupTrigger,
    status: r.status as BackupRunStatus,
    storage: r.storage,
    plannedAt: r.plannedAt.toISOString(),
    finishedAt: iso(r.finishedAt),
    total: r.results.length,
    succeeded: count('succeeded'),
    failed: count('failed'),
    missed: count('missed'),
  };
}

export function toResultDto(r: BackupResult): BackupResultDto {
  return {
    id: r.id,
    runId: r.runId,
    guestId: r.guestId,
    guestName: r.guestName,
    vmid: r.vmid,
    clusterId: r.clusterId,
    node: r.node,
    status: r.status as BackupResultStatus,
    jobId: r.jobId,
    upid: r.upid,
    volid: r.volid,
    sizeBytes: r.sizeBytes === null ? null : Number(r.sizeBytes),
    durationMs: r.durationMs,
    error: r.error,
    startedAt: iso(r.startedAt),
    finishedAt: iso(r.finishedAt),
  };
}

export function toGuestBackup(node: string, v: StorageContentEntry): GuestBackup {
  return {
    volid: v.volid,
    storage: v.volid.split(':')[0],
    node,
    format: v.format,
    sizeBytes: v.size,
    createdAt: v.ctime ? new Date(v.ctime * 1000).toISOString() : null,
    notes: v.notes ?? null,
    protected: Boolean(v.protected),
  };
}

export function toRestoreTestDto(t: RestoreTest): RestoreTestDto {
  return {
    id: t.id,
    companyId: t.companyId,
    scheduleId: t.scheduleId,
    guestId: t.guestId,
    guestName: t.guestName,
    vmid: t.vmid,
    clusterId: t.clusterId,
    node: t.node,
    status: t.status as RestoreTestStatus,
    volid: t.volid,
    backupAt: iso(t.backupAt),
    scratchVmid: t.scratchVmid,
    restoreMs: t.restoreMs,
    bootMs: t.bootMs,
    error: t.error,
    jobId: t.jobId,
    createdAt: t.createdAt.toISOString(),
    finishedAt: iso(t.finishedAt),
  };
}
