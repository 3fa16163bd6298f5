import { Injectable } from '@nestjs/common';
import type { VmListQuery } from '@multpanel/contracts';
import { companyWhere, type Scope } from '../../common/auth/scope';
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

export interface PlaceholderGuest {
  clusterId: string;
  companyId: string;
  kind: 'qemu' | 'lxc';
  name: string;
  node: string;
  cores: number;
  memoryBytes: bigint;
  diskBytes: bigint;
  tags: string[];
}

/** Guest rows as the VMs module sees them: company-owned and scoped. */
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

  findById(id: string) {
    return this.prisma.guest.findUnique({ where: { id }, select: summarySelect });
  }

  findManyInScope(scope: Scope, ids: string[]) {
    return this.prisma.guest.findMany({
      where: {
        id: { in: ids },
        goneAt: null,
        AND: [{ companyId: { not: null } }, companyWhere(scope) as Prisma.GuestWhereInput],
      },
      select: summarySelect,
    });
  }

  /** Clusters the company may place guests on (an empty allow-list = open to everyone). */
  async clustersFor(companyId: string, clusterId?: string) {
    const rows = await this.prisma.cluster.findMany({
      where: clusterId ? { id: clusterId } : {},
      select: {
        id: true,
        name: true,
        status: true,
        allowedCompanies: { select: { companyId: true } },
      },
    });
    return rows.filter(
      (c) =>
        c.allowedCompanies.length === 0 ||
        c.allowedCompanies.some((a) => a.companyId === companyId),
    );
  }

  /** A cluster by id for staff (no company restriction). */
  clusterById(clusterId: string) {
    return this.prisma.cluster.findUnique({
      where: { id: clusterId },
      select: { id: true, name: true, status: true },
    });
  }

  storagesOf(clusterId: string) {
    return this.prisma.clusterStorage.findMany({ where: { clusterId, goneAt: null } });
  }

  insertPlaceholder(tx: Prisma.TransactionClient, g: PlaceholderGuest) {
    return tx.guest.create({
      data: {
        clusterId: g.clusterId,
        companyId: g.companyId,
        vmid: 0,
        activeVmid: null,
        kind: g.kind,
        name: g.name,
        status: 'creating',
        node: g.node,
        maxcpu: g.cores,
        maxmem: g.memoryBytes,
        maxdisk: g.diskBytes,
        tags: g.tags,
        lock: 'create',
        importedAt: new Date(),
        syncHash: '0000000000000000',
      },
    });
  }

  update(id: string, data: Prisma.GuestUpdateInput, tx: Prisma.TransactionClient = this.prisma) {
    return tx.guest.update({ where: { id }, data, select: summarySelect });
  }

  /**
   * A created guest becomes active under its VMID. An inventory sync may have recorded the new VMID
   * first as an unassigned row; that row is a duplicate of this one and goes away.
   */
  async activate(id: string, clusterId: string, vmid: number, data: Prisma.GuestUpdateInput) {
    await this.prisma.$transaction(async (tx) => {
      await tx.guest.deleteMany({
        where: { clusterId, activeVmid: vmid, companyId: null, id: { not: id } },
      });
      await tx.guest.update({ where: { id }, data: { ...data, vmid, activeVmid: vmid } });
    });
  }

  markGone(id: string, status: string) {
    return this.prisma.guest.update({
      where: { id },
      data: { goneAt: new Date(), activeVmid: null, status, lock: null },
    });
  }

  usedVmids(clusterId: string): Promise<number[]> {
    return this.prisma.guest
      .findMany({ where: { clusterId, goneAt: null, vmid: { gt: 0 } }, select: { vmid: true } })
      .then((r) => r.map((g) => g.vmid));
  }
}
