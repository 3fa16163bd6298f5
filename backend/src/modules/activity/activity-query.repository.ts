import { Injectable } from '@nestjs/common';
import type { ActivityExportQuery } from '@multpanel/contracts';
import { companyWhere, type Scope } from '../../common/auth/scope';
import { PrismaService } from '../../common/prisma/prisma.service';
import type { ActivityLog, Prisma } from '../../generated/prisma/client';

export type ActivityRowWithCompany = ActivityLog & {
  companyName: string | null;
  actorName: string | null;
  resourceName: string | null;
};

/** Resource types whose id names a row this log can put a name on. */
const NAMED_RESOURCES = ['vm', 'guest', 'cluster', 'company', 'user', 'template'] as const;

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
    return { rows: await this.withNames(rows), total };
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
      yield this.withNames(rows);
    }
  }

  /**
   * Names for the ids a row carries (company, acting user, resource), read in one query per kind for
   * the whole page. Read-only lookups by primary key, after the scope filter chose the rows; a
   * deleted resource keeps its id and gets no name.
   */
  private async withNames(rows: ActivityLog[]): Promise<ActivityRowWithCompany[]> {
    const idsOf = (types: readonly string[]) => [
      ...new Set(
        rows
          .filter((r) => r.resourceType && types.includes(r.resourceType) && r.resourceId)
          .map((r) => r.resourceId!),
      ),
    ];
    const distinct = (v: (string | null)[]) => [
      ...new Set(v.filter((x): x is string => x !== null)),
    ];
    const companyIds = distinct([...rows.map((r) => r.companyId), ...idsOf(['company'])]);
    const userIds = distinct([...rows.map((r) => r.actorUserId), ...idsOf(['user'])]);
    const guestIds = idsOf(['vm', 'guest']);
    const clusterIds = idsOf(['cluster']);
    const templateIds = idsOf(['template']);
    const byId = { where: {}, select: { id: true, name: true } } as const;
    const [companies, users, guests, clusters, templates] = await Promise.all([
      companyIds.length
        ? this.prisma.company.findMany({ ...byId, where: { id: { in: companyIds } } })
        : [],
      userIds.length ? this.prisma.user.findMany({ ...byId, where: { id: { in: userIds } } }) : [],
      guestIds.length
        ? this.prisma.guest.findMany({
            where: { id: { in: guestIds } },
            select: { id: true, name: true, vmid: true },
          })
        : [],
      clusterIds.length
        ? this.prisma.cluster.findMany({ ...byId, where: { id: { in: clusterIds } } })
        : [],
      templateIds.length
        ? this.prisma.vmTemplate.findMany({ ...byId, where: { id: { in: templateIds } } })
        : [],
    ]);
    const names = (list: { id: string; name: string | null }[]) =>
      new Map(list.map((x) => [x.id, x.name]));
    const company = names(companies);
    const user = names(users);
    const guest = new Map(guests.map((g) => [g.id, g.name ?? `#${g.vmid}`]));
    const byType: Record<(typeof NAMED_RESOURCES)[number], Map<string, string | null>> = {
      vm: guest,
      guest,
      cluster: names(clusters),
      company,
      user,
      template: names(templates),
    };
    return rows.map((r) => {
      const map =
        r.resourceType && (NAMED_RESOURCES as readonly string[]).includes(r.resourceType)
          ? byType[r.resourceType as (typeof NAMED_RESOURCES)[number]]
          : undefined;
      return {
        ...r,
        companyName: r.companyId ? (company.get(r.companyId) ?? null) : null,
        actorName: r.actorUserId ? (user.get(r.actorUserId) ?? null) : null,
        resourceName: map && r.resourceId ? (map.get(r.resourceId) ?? null) : null,
      };
    });
  }
}
