import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import {
  scheduledSnapshotName,
  type BackupSelection,
  type CreateSnapshotScheduleInput,
  type SnapshotRunAccepted,
  type SnapshotScheduleDto,
  type SnapshotScheduleListQuery,
  type SnapshotSchedulePage,
  type UpdateSnapshotScheduleInput,
} from '@multpanel/contracts';
import { AccessService } from '../../common/access/access.service';
import { ActivityService } from '../../common/audit/activity.service';
import type { Actor } from '../../common/auth/actor';
import { AppError, notFound } from '../../common/errors/app-error';
import type { Prisma, SnapshotSchedule } from '../../generated/prisma/client';
import { GuestsService } from '../guests/guests.service';
import { uuidv7 } from '../guests/guests.repository';
import { JobsService } from '../jobs/jobs.service';
import { cronProblem, nextRun } from './backup-cron';
import { SnapshotSchedulesRepository } from './snapshot-schedules.repository';

const invalid = (path: string, message: string) =>
  new AppError('VALIDATION_FAILED', `${path}: ${message}`, [{ path, message, code: 'custom' }]);

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toSnapshotScheduleDto(s: SnapshotSchedule): SnapshotScheduleDto {
  return {
    id: s.id,
    companyId: s.companyId,
    name: s.name,
    tag: s.tag,
    enabled: s.enabled,
    selection: s.selection as BackupSelection,
    cron: s.cron,
    timezone: s.timezone,
    keepLast: s.keepLast,
    maxAgeHours: s.maxAgeHours,
    includeRam: s.includeRam,
    nextRunAt: iso(s.nextRunAt),
    lastRunAt: iso(s.lastRunAt),
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

/**
 * Snapshot schedules of a company: CRUD with checked cron and selection, run now, and the worker's
 * due check. A run is one `backups.snapshot` job per covered guest, all with the same snapshot name.
 */
@Injectable()
export class SnapshotSchedulesService {
  private readonly logger = new Logger('SnapshotSchedules');

  constructor(
    private readonly repo: SnapshotSchedulesRepository,
    private readonly access: AccessService,
    private readonly guests: GuestsService,
    private readonly jobs: JobsService,
    private readonly activity: ActivityService,
  ) {}

  async list(actor: Actor, q: SnapshotScheduleListQuery): Promise<SnapshotSchedulePage> {
    if (q.companyId) await this.access.requireCompany(actor, q.companyId);
    const [rows, total] = await this.repo.page(
      actor.scope,
      { companyId: q.companyId },
      (q.page - 1) * q.pageSize,
      q.pageSize,
    );
    return {
      items: rows.map(toSnapshotScheduleDto),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  async get(actor: Actor, id: string): Promise<SnapshotScheduleDto> {
    return toSnapshotScheduleDto(await this.find(actor, id));
  }

  async create(actor: Actor, input: CreateSnapshotScheduleInput): Promise<SnapshotScheduleDto> {
    await this.access.requireCompany(actor, input.companyId);
    await this.check(actor, input.companyId, input);
    const row = await this.repo.create({
      ...input,
      tag: randomBytes(4).toString('hex'),
      selection: input.selection as Prisma.InputJsonValue,
      nextRunAt: input.enabled ? nextRun(input.cron, input.timezone, new Date()) : null,
      createdById: actor.principal.userId,
    });
    await this.audit(actor, 'snapshot.schedule.create', row, { name: row.name });
    return toSnapshotScheduleDto(row);
  }

  async update(
    actor: Actor,
    id: string,
    input: UpdateSnapshotScheduleInput,
  ): Promise<SnapshotScheduleDto> {
    const cur = await this.find(actor, id);
    const merged = {
      selection: (input.selection ?? cur.selection) as BackupSelection,
      cron: input.cron ?? cur.cron,
      timezone: input.timezone ?? cur.timezone,
    };
    await this.check(actor, cur.companyId, merged);
    const enabled = input.enabled ?? cur.enabled;
    const timing =
      input.cron !== undefined || input.timezone !== undefined || input.enabled !== undefined;
    const row = await this.repo.update(actor.scope, id, {
      ...input,
      selection: input.selection as Prisma.InputJsonValue | undefined,
      ...(timing
        ? { nextRunAt: enabled ? nextRun(merged.cron, merged.timezone, new Date()) : null }
        : {}),
    });
    if (!row) throw notFound('Snapshot schedule');
    await this.audit(actor, 'snapshot.schedule.update', row, { ...input });
    return toSnapshotScheduleDto(row);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    const cur = await this.find(actor, id);
    if (!(await this.repo.remove(actor.scope, id))) throw notFound('Snapshot schedule');
    await this.audit(actor, 'snapshot.schedule.delete', cur, { name: cur.name });
  }

  async runNow(actor: Actor, id: string): Promise<SnapshotRunAccepted> {
    const s = await this.find(actor, id);
    const now = new Date();
    const out = await this.start(s, now, actor.principal.userId);
    await this.repo.touch(s.id, now);
    await this.audit(actor, 'snapshot.schedule.run', s, { ...out });
    return out;
  }

  /**
   * Worker, with the backups' due check: each due schedule moves to its next time (compare-and-set,
   * one worker wins) and its snapshot jobs start. Runs missed while the worker was down are not
   * made up: the schedule takes its next snapshot at its next time.
   */
  async planDue(now = new Date()): Promise<number> {
    let planned = 0;
    for (;;) {
      const due = await this.repo.due(now, 100);
      if (!due.length) return planned;
      for (const s of due) {
        const at = s.nextRunAt!;
        if (!(await this.repo.advance(s.id, at, nextRun(s.cron, s.timezone, now)))) continue;
        try {
          await this.start(s, now, null);
          planned++;
        } catch (err) {
          this.logger.error(`schedule ${s.id}: could not start its snapshots: ${String(err)}`);
        }
      }
    }
  }

  /** One `backups.snapshot` job per covered guest, all with the snapshot name of `at`. */
  private async start(
    s: SnapshotSchedule,
    at: Date,
    actorId: string | null,
  ): Promise<SnapshotRunAccepted> {
    const snapshot = scheduledSnapshotName(s.tag, at);
    const guests = await this.guests.selected(s.companyId, s.selection as BackupSelection);
    await this.jobs.startMany(
      'backups.snapshot',
      guests.map((g) => ({
        id: uuidv7(),
        companyId: s.companyId,
        actorId,
        guestId: g.id,
        clusterId: g.clusterId,
        node: g.node,
        params: {
          scheduleId: s.id,
          snapshot,
          tag: s.tag,
          keepLast: s.keepLast,
          maxAgeHours: s.maxAgeHours,
          includeRam: s.includeRam,
        },
        message: `Snapshot ${snapshot} of ${g.name ?? g.vmid}`,
      })),
    );
    return { snapshot, jobs: guests.length };
  }

  private async find(actor: Actor, id: string): Promise<SnapshotSchedule> {
    const row = await this.repo.find(actor.scope, id);
    if (!row) throw notFound('Snapshot schedule');
    return row;
  }

  /** Cron and time zone; named guests and the cluster must be the company's. */
  private async check(
    actor: Actor,
    companyId: string,
    s: { selection: BackupSelection; cron: string; timezone: string },
  ): Promise<void> {
    const problem = cronProblem(s.cron, s.timezone);
    if (problem) throw invalid(/time zone/.test(problem) ? 'timezone' : 'cron', problem);
    const ids = [
      ...new Set([...(s.selection.guestIds ?? []), ...(s.selection.excludeGuestIds ?? [])]),
    ];
    if (ids.length) {
      const found = await this.guests.selected(companyId, { guestIds: ids });
      // A guest of another company looks exactly like a missing one.
      if (found.length !== ids.length) throw notFound('VM');
    }
    if (s.selection.clusterId)
      await this.access.usableClusters(actor, companyId, s.selection.clusterId);
  }

  private audit(
    actor: Actor,
    action: string,
    s: SnapshotSchedule,
    details: Record<string, unknown>,
  ) {
    return this.activity.record({
      action,
      actor: actor.principal,
      companyId: s.companyId,
      resourceType: 'snapshot_schedule',
      resourceId: s.id,
      details,
    });
  }
}
