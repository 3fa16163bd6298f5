import { Injectable } from '@nestjs/common';
import { companyWhere, type Scope } from '../../common/auth/scope';
import { PrismaService } from '../../common/prisma/prisma.service';
import type { BackupSchedule, Prisma, RestoreTest } from '../../generated/prisma/client';
import type { TestableBackup } from './restore-test-rules';

/** Restore tests and the schedules' restore-test timing: reads take the caller's scope first. */
@Injectable()
export class RestoreTestsRepository {
  constructor(private readonly prisma: PrismaService) {}

  dueSchedules(now: Date, take: number): Promise<BackupSchedule[]> {
    return this.prisma.backupSchedule.findMany({
      where: { enabled: true, restoreTestCron: { not: null }, restoreTestNextAt: { lte: now } },
      orderBy: { restoreTestNextAt: 'asc' },
      take,
    });
  }

  /** Compare-and-set: true for the one caller that moved the schedule on from `at`. */
  async advance(id: string, at: Date, next: Date): Promise<boolean> {
    const { count } = await this.prisma.backupSchedule.updateMany({
      where: { id, restoreTestNextAt: at },
      data: { restoreTestNextAt: next },
    });
    return count === 1;
  }

  /**
   * Per guest, the archives a schedule's runs wrote for it, newest first: the newest one, and with
   * `since` also every one finished after it (the candidates of a random pick).
   */
  async testableBackups(
    scheduleId: string,
    guestIds: string[],
    since: Date | null,
  ): Promise<Map<string, TestableBackup[]>> {
    const out = new Map<string, TestableBackup[]>();
    if (!guestIds.length) return out;
    const where = {
      guestId: { in: guestIds },
      status: 'succeeded',
      volid: { not: null },
      run: { scheduleId },
    };
    const select = { id: true, guestId: true, volid: true, startedAt: true, finishedAt: true };
    const newest = await this.prisma.backupResult.findMany({
      where,
      orderBy: [{ guestId: 'asc' }, { finishedAt: 'desc' }],
      distinct: ['guestId'],
      select,
    });
    const recent = since
      ? await this.prisma.backupResult.findMany({
          where: { ...where, finishedAt: { gt: since } },
          orderBy: [{ guestId: 'asc' }, { finishedAt: 'desc' }],
          select,
        })
      : [];
    const seen = new Set<string>();
    for (const r of [...newest, ...recent]) {
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      const list = out.get(r.guestId) ?? [];
      list.push({ guestId: r.guestId, volid: r.volid!, backupAt: r.startedAt ?? r.finishedAt });
      out.set(r.guestId, list);
    }
    for (const list of out.values())
      list.sort((x, y) => (y.backupAt?.getTime() ?? 0) - (x.backupAt?.getTime() ?? 0));
    return out;
  }

  async createMany(rows: Prisma.RestoreTestCreateManyInput[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 1000) {
      await this.prisma.restoreTest.createMany({ data: rows.slice(i, i + 1000) });
    }
  }

  find(id: string): Promise<RestoreTest | null> {
    return this.prisma.restoreTest.findUnique({ where: { id } });
  }

  update(id: string, data: Prisma.RestoreTestUpdateInput): Promise<RestoreTest> {
    return this.prisma.restoreTest.update({ where: { id }, data });
  }

  /** Records the verdict unless one is there already; true when this call recorded it. */
  async settle(id: string, data: Prisma.RestoreTestUpdateManyMutationInput): Promise<boolean> {
    const { count } = await this.prisma.restoreTest.updateMany({
      where: { id, status: { notIn: ['passed', 'failed', 'skipped'] } },
      data,
    });
    return count === 1;
  }

  /**
   * The caller's tests since `since`, newest first (a `user` only those of its guests), for the
   * report: at most `take` rows.
   */
  recent(
    scope: Scope,
    filter: { companyId?: string; guestIds: string[] | null; since: Date },
    take: number,
  ): Promise<RestoreTest[]> {
    return this.prisma.restoreTest.findMany({
      where: {
        AND: [
          companyWhere(scope),
          filter.companyId ? { companyId: filter.companyId } : {},
          filter.guestIds ? { guestId: { in: filter.guestIds } } : {},
          { createdAt: { gte: filter.since } },
        ],
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take,
    });
  }
}
