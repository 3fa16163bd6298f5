import { Injectable } from '@nestjs/common';
import type { VmListQuery } from '@multpanel/contracts';
import type { Scope } from '../../common/auth/scope';
import { PrismaService } from '../../common/prisma/prisma.service';
import { jsonColumn, SqlReader } from '../../common/prisma/sql-reader.service';
import { Prisma } from '../../generated/prisma/client';
import { summarySelect, vmListSql } from './vms-list.sql';

export type GuestSummaryRow = Prisma.GuestGetPayload<{ select: typeof summarySelect }>;

const nullableBigInt = (v: unknown) => (v === null || v === undefined ? null : BigInt(v as bigint));

/** A SqlReader row of `summarySelect`'s columns, typed like Prisma's (BigInt, Boolean and Json columns). */
function summaryFromSql(r: Record<string, unknown>): GuestSummaryRow {
  return {
    id: r.id as string,
    vmid: Number(r.vmid),
    kind: r.kind as GuestSummaryRow['kind'],
    name: (r.name as string | null) ?? null,
    status: r.status as string,
    companyId: (r.companyId as string | null) ?? null,
    clusterId: r.clusterId as string,
    node: r.node as string,
    maxcpu: r.maxcpu === null ? null : Number(r.maxcpu),
    maxmem: nullableBigInt(r.maxmem),
    maxdisk: nullableBigInt(r.maxdisk),
    tags: jsonColumn<Prisma.JsonValue>(r.tags, []),
    template: Boolean(Number(r.template)),
    lock: (r.lock as string | null) ?? null,
    updatedAt: r.updatedAt as Date,
    firstSeenAt: r.firstSeenAt as Date,
    activeVmid: r.activeVmid === null ? null : Number(r.activeVmid),
  };
}

const NAME_TTL_MS = 10_000;
const BIG_TOTAL = 500;
const BIG_TOTAL_TTL_MS = 2_000;

/** The VM list (read only; Guest rows are written by the guests module). */
@Injectable()
export class VmsRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly sql: SqlReader,
  ) {}

  async page(
    scope: Scope,
    guestIds: string[] | null,
    q: VmListQuery,
  ): Promise<[GuestSummaryRow[], number]> {
    // The hottest read of the product: prepared statements through SqlReader, not Prisma.
    const { page, count } = vmListSql(scope, guestIds, q);
    const countKey = `${count.sql}\u0000${count.params.join('\u0001')}`;
    const known = this.totals.get(countKey);
    const fresh = known && Date.now() - known.at < BIG_TOTAL_TTL_MS ? known.total : undefined;
    const [rows, total] = await Promise.all([
      this.sql.rows<Record<string, unknown>>(page.sql, page.params),
      fresh ??
        this.sql
          .rows<{ n: number | bigint }>(count.sql, count.params)
          .then(([r]) => Number(r?.n ?? 0)),
    ]);
    if (fresh === undefined && total >= BIG_TOTAL) {
      if (this.totals.size >= 5_000) this.totals.clear();
      this.totals.set(countKey, { total, at: Date.now() });
    }
    return [rows.map(summaryFromSql), total];
  }

  // Counting thousands of index entries on every page turn costs the database more than the page
  // itself, so totals of big lists are reused for a moment; small totals are always exact.
  private readonly totals = new Map<string, { total: number; at: number }>();

  /**
   * Display names for list rows. Names change rarely, so they are cached for a few seconds: a list
   * request then costs two queries (page + count) instead of four.
   */
  async names(companyIds: string[], clusterIds: string[]) {
    const [company, cluster] = await Promise.all([
      this.cachedNames(this.companyNames, companyIds, (ids) =>
        this.prisma.company.findMany({
          where: { id: { in: ids } },
          select: { id: true, name: true },
        }),
      ),
      this.cachedNames(this.clusterNames, clusterIds, (ids) =>
        this.prisma.cluster.findMany({
          where: { id: { in: ids } },
          select: { id: true, name: true },
        }),
      ),
    ]);
    return { company, cluster };
  }

  private readonly companyNames = new Map<string, { name: string; at: number }>();
  private readonly clusterNames = new Map<string, { name: string; at: number }>();

  private async cachedNames(
    cache: Map<string, { name: string; at: number }>,
    ids: string[],
    load: (ids: string[]) => Promise<Array<{ id: string; name: string }>>,
  ): Promise<Map<string, string>> {
    const now = Date.now();
    const missing = ids.filter((id) => {
      const hit = cache.get(id);
      return !hit || now - hit.at > NAME_TTL_MS;
    });
    if (missing.length) {
      if (cache.size > 10_000) cache.clear();
      for (const r of await load(missing)) cache.set(r.id, { name: r.name, at: now });
    }
    return new Map(
      ids.flatMap((id) => (cache.has(id) ? [[id, cache.get(id)!.name] as const] : [])),
    );
  }
}
