import { Injectable } from '@nestjs/common';
import type {
  BackupRateGroup,
  BackupSuccessRate,
  BackupSuccessRatePage,
  BackupSuccessRatesQuery,
} from '@multpanel/contracts';
import { AccessService } from '../../common/access/access.service';
import type { Actor } from '../../common/auth/actor';
import { scopeCompanyIds } from '../../common/auth/scope';
import { PrismaService } from '../../common/prisma/prisma.service';
import { Prisma } from '../../generated/prisma/client';

// The grouping column, from a fixed list (never from the request).
const COLUMN: Record<BackupRateGroup, Prisma.Sql> = {
  schedule: Prisma.raw('r.scheduleId'),
  company: Prisma.raw('res.companyId'),
  cluster: Prisma.raw('res.clusterId'),
};

/**
 * Backup success rates per schedule, company or cluster: the guests' results of the runs planned
 * in the last N days, counted in the database (one grouped query), within the caller's companies
 * (and guests, for a per-VM user).
 */
@Injectable()
export class BackupRatesService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly access: AccessService,
  ) {}

  async rates(actor: Actor, q: BackupSuccessRatesQuery): Promise<BackupSuccessRatePage> {
    if (q.companyId) await this.access.requireCompany(actor, q.companyId);
    const companies = scopeCompanyIds(actor.scope);
    const guestIds = await this.access.visibleGuestIds(actor);
    const since = new Date(Date.now() - q.days * 86_400_000);
    const where = [Prisma.sql`r.plannedAt >= ${since}`];
    if (companies) where.push(Prisma.sql`res.companyId IN (${inList(companies)})`);
    if (q.companyId) where.push(Prisma.sql`res.companyId = ${q.companyId}`);
    if (guestIds) where.push(Prisma.sql`res.guestId IN (${inList(guestIds)})`);
    const rows = await this.prisma.$queryRaw<
      Array<{ k: string | null; status: string; n: bigint }>
    >`
      SELECT ${COLUMN[q.by]} AS k, res.status AS status, COUNT(*) AS n
      FROM BackupResult res JOIN BackupRun r ON r.id = res.runId
      WHERE ${Prisma.join(where, ' AND ')}
      GROUP BY k, res.status`;
    const groups = new Map<string | null, BackupSuccessRate>();
    for (const row of rows) {
      let g = groups.get(row.k);
      if (!g) {
        g = { id: row.k, name: null, total: 0, succeeded: 0, failed: 0, missed: 0, rate: null };
        groups.set(row.k, g);
      }
      const n = Number(row.n);
      g.total += n;
      if (row.status === 'succeeded' || row.status === 'failed' || row.status === 'missed')
        g[row.status] += n;
    }
    const names = await this.names(
      q.by,
      [...groups.keys()].filter((k): k is string => !!k),
    );
    const items = [...groups.values()]
      .map((g) => {
        const done = g.succeeded + g.failed + g.missed;
        return {
          ...g,
          name: g.id ? (names.get(g.id) ?? null) : null,
          rate: done ? g.succeeded / done : null,
        };
      })
      .sort(
        (a, b) =>
          (a.name ?? '').localeCompare(b.name ?? '') || (a.id ?? '').localeCompare(b.id ?? ''),
      );
    return {
      by: q.by,
      days: q.days,
      items: items.slice((q.page - 1) * q.pageSize, q.page * q.pageSize),
      total: items.length,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  private async names(by: BackupRateGroup, ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const where = { where: { id: { in: ids } }, select: { id: true, name: true } };
    const rows =
      by === 'schedule'
        ? await this.prisma.backupSchedule.findMany(where)
        : by === 'company'
          ? await this.prisma.company.findMany(where)
          : await this.prisma.cluster.findMany(where);
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}

const inList = (ids: string[]) => (ids.length ? Prisma.join(ids) : Prisma.sql`NULL`);
