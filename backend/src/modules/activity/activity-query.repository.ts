import { Injectable } from '@nestjs/common';
import type { ActivityExportQuery } from '@multpanel/contracts';
import { companyWhere, type Scope } from '../../common/auth/scope';
import { PrismaService } from '../../common/prisma/prisma.service';
import type { ActivityLog, Prisma } from '../../generated/prisma/client';

export type ActivityRowWithCompany = ActivityLog & { companyName: string | null };

function dayBound(v: string, end: boolean): Date {
  // A bare date means the whole day.
  return /^\d{4}-\d{2}-\d{2}$/.test(v)
    ? new Date(`${v}T${end ? '23:59:59.999' : '00:00:00.000'}Z`)
    : new Date(v);
}

// Read side of the append-only activity log, always restricted to the caller's scope.
@Injectable()
export class ActivityQueryRepository {
  constructor(private readonly prisma: PrismaService) {}

  where(scope: Scope, q: ActivityExportQuery): Prisma.ActivityLogWhereInput {
    const filters: Prisma.ActivityLogWhereInput[] = [companyWhere(scope)];
    if (q.action) filters.push({ action: { startsWith: q.action } });
    if (q.result) filters.push({ result: q.result });
    if (q.companyId) filters.push({ companyId: q.companyId });
    if (q.actorId) filters.push({ actorUserId: q.actorId });
    if (q.from) filters.push({ createdAt: { gte: dayBound(q.from, false) } });
    if (q.to) filters.push({ createdAt: { lte: dayBound(q.to, true) } });
    if (q.search) {
      filters.push({
        OR: [
          { action: { contains: q.search } },
          { actorEmail: { contains: q.search } },
          { resourceId: { contains: q.search } },
          { ip: { contains: q.search } },
        ],
      });
    }
    return { AND: filters };
  }

  async page(where: Prisma.ActivityLogWhereInput, skip: number, take: number) {
    const [rows, total] = await Promise.all([
      this.prisma.activityLog.findMany({
        where,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        skip,
        take,
      }),
      this.prisma.activityLog.count({ where }),
    ]);
    return { rows: await this.withCompanyNames(rows), total };
  }

  /** Newest first, in batches, for the CSV export. */
  async *stream(
    where: Prisma.ActivityLogWhereInput,
    limit: number,
  ): AsyncGenerator<ActivityRowWithCompany[]> {
    let cursor: string | undefined;
    let sent = 0;
    while (sent < limit) {
      const rows = await this.prisma.activityLog.findMany({
        where,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: Math.min(1000, limit - sent),
        ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      });
      if (rows.length === 0) return;
      sent += rows.length;
      cursor = rows[rows.length - 1].id;
      yield this.withCompanyNames(rows);
    }
  }

  private async withCompanyNames(rows: ActivityLog[]): Promise<ActivityRowWithCompany[]> {
    const ids = [...new Set(rows.map((r) => r.companyId).filter((v): v is string => v !== null))];
    const companies = ids.length
      ? await this.prisma.company.findMany({
          where: { id: { in: ids } },
          select: { id: true, name: true },
        })
      : [];
    const names = new Map(companies.map((c) => [c.id, c.name]));
    return rows.map((r) => ({
      ...r,
      companyName: r.companyId ? (names.get(r.companyId) ?? null) : null,
    }));
  }
}
