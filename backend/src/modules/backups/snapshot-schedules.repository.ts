import { Injectable } from '@nestjs/common';
import { companyWhere, type Scope } from '../../common/auth/scope';
import { PrismaService } from '../../common/prisma/prisma.service';
import type { Prisma, SnapshotSchedule } from '../../generated/prisma/client';

/** Snapshot schedules: every read by a caller takes its scope first. */
@Injectable()
export class SnapshotSchedulesRepository {
  constructor(private readonly prisma: PrismaService) {}

  async page(
    scope: Scope,
    filter: { companyId?: string },
    skip: number,
    take: number,
  ): Promise<[SnapshotSchedule[], number]> {
    const where: Prisma.SnapshotScheduleWhereInput = {
      AND: [companyWhere(scope), filter.companyId ? { companyId: filter.companyId } : {}],
    };
    return Promise.all([
      this.prisma.snapshotSchedule.findMany({
        where,
        orderBy: [{ name: 'asc' }, { id: 'asc' }],
        skip,
        take,
      }),
      this.prisma.snapshotSchedule.count({ where }),
    ]);
  }

  find(scope: Scope, id: string): Promise<SnapshotSchedule | null> {
    return this.prisma.snapshotSchedule.findFirst({ where: { id, ...companyWhere(scope) } });
  }

  create(data: Prisma.SnapshotScheduleUncheckedCreateInput): Promise<SnapshotSchedule> {
    return this.prisma.snapshotSchedule.create({ data });
  }

  async update(
    scope: Scope,
    id: string,
    data: Prisma.SnapshotScheduleUpdateInput,
  ): Promise<SnapshotSchedule | null> {
    const { count } = await this.prisma.snapshotSchedule.updateMany({
      where: { id, ...companyWhere(scope) },
      data,
    });
    return count === 1 ? this.find(scope, id) : null;
  }

  async remove(scope: Scope, id: string): Promise<boolean> {
    const { count } = await this.prisma.snapshotSchedule.deleteMany({
      where: { id, ...companyWhere(scope) },
    });
    return count === 1;
  }

  /** Worker: enabled schedules whose next run is due. */
  due(now: Date, take: number): Promise<SnapshotSchedule[]> {
    return this.prisma.snapshotSchedule.findMany({
      where: { enabled: true, nextRunAt: { lte: now } },
      orderBy: { nextRunAt: 'asc' },
      take,
    });
  }

  /** Moves the schedule on only if nobody else did (compare-and-set on nextRunAt). */
  async advance(id: string, from: Date, next: Date | null): Promise<boolean> {
    const { count } = await this.prisma.snapshotSchedule.updateMany({
      where: { id, nextRunAt: from },
      data: { nextRunAt: next, lastRunAt: from },
    });
    return count === 1;
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.prisma.snapshotSchedule.updateMany({ where: { id }, data: { lastRunAt: at } });
  }
}
