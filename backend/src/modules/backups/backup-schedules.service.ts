import { Injectable } from '@nestjs/common';
import type {
  BackupRunAccepted,
  BackupScheduleDto,
  BackupScheduleListQuery,
  BackupSchedulePage,
  BackupSelection,
  CreateBackupScheduleInput,
  CronPreview,
  CronPreviewQuery,
  RestoreTestSettings,
  RestoreTestsAccepted,
  UpdateBackupScheduleInput,
} from '@multpanel/contracts';
import { AccessService } from '../../common/access/access.service';
import { ActivityService } from '../../common/audit/activity.service';
import type { Actor } from '../../common/auth/actor';
import { AppError, notFound } from '../../common/errors/app-error';
import type { Prisma } from '../../generated/prisma/client';
import { GuestsService } from '../guests/guests.service';
import { BackupStoragesService } from './backup-storages.service';
import { cronProblem, nextRun, nextRuns } from './backup-cron';
import { BackupRunsService } from './backup-runs.service';
import { RestoreTestsService } from './restore-tests.service';
import { toScheduleDto } from './backups.mapper';
import { BackupsRepository } from './backups.repository';

/** The schedule's restore-test columns; the next test time only while the schedule is enabled. */
function restoreTestColumns(rt: RestoreTestSettings | null, timezone: string, enabled: boolean) {
  return {
    restoreTestCron: rt?.cron ?? null,
    restoreTestNode: rt?.node ?? null,
    restoreTestBootSec: rt?.bootTimeoutSec ?? 300,
    restoreTestPick: rt?.pick ?? 'newest',
    restoreTestMaxAgeH: rt?.maxAgeHours ?? 168,
    restoreTestNextAt: rt && enabled ? nextRun(rt.cron, timezone, new Date()) : null,
  };
}

const invalid = (path: string, message: string) =>
  new AppError('VALIDATION_FAILED', `${path}: ${message}`, [{ path, message, code: 'custom' }]);

/** Backup schedules of a company: CRUD with checked cron, selection and storage; run now. */
@Injectable()
export class BackupSchedulesService {
  constructor(
    private readonly repo: BackupsRepository,
    private readonly access: AccessService,
    private readonly guests: GuestsService,
    private readonly storages: BackupStoragesService,
    private readonly runs: BackupRunsService,
    private readonly restoreTests: RestoreTestsService,
    private readonly activity: ActivityService,
  ) {}

  async list(actor: Actor, q: BackupScheduleListQuery): Promise<BackupSchedulePage> {
    if (q.companyId) await this.access.requireCompany(actor, q.companyId);
    const [rows, total] = await this.repo.schedulePage(
      actor.scope,
      { companyId: q.companyId },
      (q.page - 1) * q.pageSize,
      q.pageSize,
    );
    return { items: rows.map(toScheduleDto), total, page: q.page, pageSize: q.pageSize };
  }

  async get(actor: Actor, id: string): Promise<BackupScheduleDto> {
    return toScheduleDto(await this.find(actor, id));
  }

  preview(q: CronPreviewQuery): CronPreview {
    const problem = cronProblem(q.cron, q.timezone);
    if (problem) throw invalid('cron', problem);
    return {
      cron: q.cron,
      timezone: q.timezone,
      next: nextRuns(q.cron, q.timezone, new Date(), q.count).map((d) => d.toISOString()),
    };
  }

  async create(actor: Actor, input: CreateBackupScheduleInput): Promise<BackupScheduleDto> {
    await this.access.requireCompany(actor, input.companyId);
    const { companyId, restoreTest, ...fields } = input;
    await this.check(actor, companyId, { ...fields, restoreTest });
    const row = await this.repo.createSchedule({
      companyId,
      ...fields,
      ...restoreTestColumns(restoreTest, fields.timezone, fields.enabled),
      selection: fields.selection as Prisma.InputJsonValue,
      retention: fields.retention as Prisma.InputJsonValue,
      nextRunAt: fields.enabled ? nextRun(fields.cron, fields.timezone, new Date()) : null,
      createdById: actor.principal.userId,
    });
    await this.audit(actor, 'backup.schedule.create', row.companyId, row.id, { name: row.name });
    return toScheduleDto(row);
  }

  async update(
    actor: Actor,
    id: string,
    input: UpdateBackupScheduleInput,
  ): Promise<BackupScheduleDto> {
    const cur = await this.find(actor, id);
    const { restoreTest: rtInput, ...plain } = input;
    const restoreTest = rtInput === undefined ? toScheduleDto(cur).restoreTest : rtInput;
    const merged = {
      selection: (input.selection ?? cur.selection) as BackupSelection,
      cron: input.cron ?? cur.cron,
      timezone: input.timezone ?? cur.timezone,
      storage: input.storage ?? cur.storage,
      restoreTest,
    };
    await this.check(actor, cur.companyId, merged, {
      restoreNode: rtInput !== undefined || input.storage !== undefined || !!input.selection,
    });
    const enabled = input.enabled ?? cur.enabled;
    const timing = input.cron !== undefined || input.timezone !== undefined;
    const rtTiming = rtInput !== undefined || input.timezone !== undefined;
    const data: Prisma.BackupScheduleUpdateInput = {
      ...plain,
      ...(rtTiming || input.enabled !== undefined
        ? restoreTestColumns(restoreTest, merged.timezone, enabled)
        : {}),
      selection: input.selection as Prisma.InputJsonValue | undefined,
      retention: input.retention as Prisma.InputJsonValue | undefined,
      ...(timing || input.enabled !== undefined
        ? { nextRunAt: enabled ? nextRun(merged.cron, merged.timezone, new Date()) : null }
        : {}),
    };
    const row = await this.repo.updateSchedule(actor.scope, id, data);
    if (!row) throw notFound('Backup schedule');
    await this.audit(actor, 'backup.schedule.update', row.companyId, row.id, { ...input });
    return toScheduleDto(row);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    const cur = await this.find(actor, id);
    if (!(await this.repo.deleteSchedule(actor.scope, id))) throw notFound('Backup schedule');
    await this.audit(actor, 'backup.schedule.delete', cur.companyId, id, { name: cur.name });
  }

  async runNow(actor: Actor, id: string): Promise<BackupRunAccepted> {
    const s = await this.find(actor, id);
    const started = await this.runs.startForSchedule(
      s,
      new Date(),
      'manual',
      actor.principal.userId,
    );
    if (!started) throw new AppError('CONFLICT', 'This run was just started');
    await this.audit(actor, 'backup.schedule.run', s.companyId, s.id, { runId: started.runId });
    return { runId: started.runId, job: started.firstJob };
  }

  /** Restore tests of the schedule's backups (as its pick chooses) now (one job per covered guest). */
  async restoreTestsNow(actor: Actor, id: string): Promise<RestoreTestsAccepted> {
    const s = await this.find(actor, id);
    const out = await this.restoreTests.startForSchedule(s, actor.principal.userId);
    await this.audit(actor, 'backup.schedule.restore-test', s.companyId, s.id, { ...out });
    return out;
  }

  private async find(actor: Actor, id: string) {
    const row = await this.repo.schedule(actor.scope, id);
    if (!row) throw notFound('Backup schedule');
    return row;
  }

  /** Cron and time zone, guests and cluster of the company, storage with backup content. */
  private async check(
    actor: Actor,
    companyId: string,
    s: {
      selection: BackupSelection;
      cron: string;
      timezone: string;
      storage: string;
      restoreTest: RestoreTestSettings | null;
    },
    opts: { restoreNode?: boolean } = {},
  ): Promise<void> {
    const problem = cronProblem(s.cron, s.timezone);
    if (problem) throw invalid(/time zone/.test(problem) ? 'timezone' : 'cron', problem);
    const rtProblem = s.restoreTest && cronProblem(s.restoreTest.cron, s.timezone);
    if (rtProblem) throw invalid('restoreTest.cron', rtProblem);
    const ids = [
      ...new Set([...(s.selection.guestIds ?? []), ...(s.selection.excludeGuestIds ?? [])]),
    ];
    if (ids.length) {
      const found = await this.guests.selected(companyId, { guestIds: ids });
      // A guest of another company looks exactly like a missing one.
      if (found.length !== ids.length) throw notFound('VM');
    }
    const clusters = await this.access.usableClusters(actor, companyId, s.selection.clusterId);
    await this.storages.requireBackupStorage(
      clusters.map((c) => c.id),
      s.storage,
    );
    // an unchanged node is not judged again: a schedule saved before this check stays editable
    if (s.restoreTest?.node && opts.restoreNode !== false)
      await this.storages.requireRestoreTestNode(
        clusters.map((c) => c.id),
        s.storage,
        s.restoreTest.node,
      );
  }

  private audit(
    actor: Actor,
    action: string,
    companyId: string,
    resourceId: string,
    details: Record<string, unknown>,
  ) {
    return this.activity.record({
      action,
      actor: actor.principal,
      companyId,
      resourceType: 'backup_schedule',
      resourceId,
      details,
    });
  }
}
