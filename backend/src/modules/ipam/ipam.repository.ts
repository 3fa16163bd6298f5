import { Injectable } from '@nestjs/common';
import type { IpAddressFilter, IpRangeListQuery } from '@multpanel/contracts';
import { ipRangeVisibleTo } from '../../common/access/access.repository';
import { PrismaService } from '../../common/prisma/prisma.service';
import { SqlReader, type SqlValue } from '../../common/prisma/sql-reader.service';
import type { IpAddress, IpAddressStatus, Prisma } from '../../generated/prisma/client';
import type { FreeRun } from './ipam-free-runs';

const rangeInclude = {
  company: { select: { name: true } },
  clusters: { select: { clusterId: true } },
} as const;
export type IpRangeRow = Prisma.IpRangeGetPayload<{ include: typeof rangeInclude }>;
export type StatusCounts = Partial<Record<IpAddressStatus, number>>;
/** A company's default network for new guests on a cluster (set by its network edge). */
export interface GuestNetworkRecord {
  companyId: string;
  clusterId: string;
  bridge: string;
  vlan: number | null;
  rangeId: string;
  firewallId: string | null;
}

/**
 * Address rows a caller with `companyIds` sees: every row of its companies' ranges, and in the
 * shared pool only the rows its companies hold. null = every row.
 */
export function addressVisibleTo(companyIds: string[] | null): Prisma.IpAddressWhereInput {
  if (companyIds === null) return {};
  return {
    OR: [{ range: { companyId: { in: companyIds } } }, { companyId: { in: companyIds } }],
  };
}

const ADDRESS_COLUMNS =
  'id, rangeId, `offset`, address, status, purpose, companyId, guestId, nic, hostname, note, ' +
  'actorId, allocatedAt, holdUntil, updatedAt';

/** Which rows of a filtered address table: `skip` rows in, or those after offset `after`. */
export type RowPage = { skip: number; take: number } | { after: bigint; take: number };

export interface RangeWrite {
  name: string;
  companyId: string | null;
  family: number;
  cidr: string;
  prefixLength: number;
  startHex: string;
  endHex: string;
  firstOffset: bigint;
  lastOffset: bigint;
  vlan: number | null;
  gateway: string | null;
  dnsServers: string[];
  searchDomain: string | null;
  holdSeconds: number;
  note: string | null;
  /** SDN binding (IpamSdnService): the VNet, its zone, and the sync state. */
  sdnVnet?: string | null;
  sdnZone?: string | null;
  sdnState?: string | null;
  sdnTag?: number | null;
  sdnTagKnown?: boolean;
}

/** Ranges, their usage and address tables (reads); the allocation engine writes addresses. */
@Injectable()
export class IpamRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly sql: SqlReader,
  ) {}

  async listRanges(
    companyIds: string[] | null,
    q: IpRangeListQuery,
  ): Promise<{ rows: IpRangeRow[]; total: number }> {
    const where: Prisma.IpRangeWhereInput = {
      AND: [
        ipRangeVisibleTo(companyIds),
        q.companyId ? { companyId: q.companyId } : {},
        q.shared === undefined ? {} : { companyId: q.shared ? null : { not: null } },
        q.clusterId
          ? { OR: [{ clusters: { none: {} } }, { clusters: { some: { clusterId: q.clusterId } } }] }
          : {},
        q.search
          ? { OR: [{ name: { contains: q.search } }, { cidr: { startsWith: q.search } }] }
          : {},
      ],
    };
    const [rows, total] = await Promise.all([
      this.prisma.ipRange.findMany({
        where,
        include: rangeInclude,
        orderBy: [{ name: 'asc' }, { id: 'asc' }],
        skip: (q.page - 1) * q.pageSize,
        take: q.pageSize,
      }),
      this.prisma.ipRange.count({ where }),
    ]);
    return { rows, total };
  }

  findRange(companyIds: string[] | null, id: string): Promise<IpRangeRow | null> {
    return this.prisma.ipRange.findFirst({
      where: { id, ...ipRangeVisibleTo(companyIds) },
      include: rangeInclude,
    });
  }

  /**
   * Ranges `companyId` may take guest addresses from (its own, then the shared pool) that apply to
   * `clusterId` (no clusters listed = every cluster), of one IP family.
   */
  /** Addresses next-free can still hand out in a range: the sum of its free runs' lengths. */
  async freeCount(rangeId: string): Promise<bigint> {
    const [row] = await this.prisma.$queryRaw<Array<{ free: unknown }>>`
      SELECT COALESCE(SUM(endOffset - startOffset + 1), 0) AS free
      FROM IpRangeFree WHERE rangeId = ${rangeId}`;
    return BigInt(String(row?.free ?? 0).split('.')[0]);
  }

  rangesForCluster(companyId: string, clusterId: string, family: number): Promise<IpRangeRow[]> {
    return this.prisma.ipRange.findMany({
      where: {
        family,
        OR: [{ companyId }, { companyId: null }],
        AND: [{ OR: [{ clusters: { none: {} } }, { clusters: { some: { clusterId } } }] }],
      },
      include: rangeInclude,
      orderBy: [{ companyId: 'desc' }, { name: 'asc' }, { id: 'asc' }],
      take: 50,
    });
  }

  /** Ranges of `family` whose networks overlap [startHex, endHex] (any owner). */
  overlapping(family: number, startHex: string, endHex: string): Promise<IpRangeRow[]> {
    return this.prisma.ipRange.findMany({
      where: { family, startHex: { lte: endHex }, endHex: { gte: startHex } },
      include: rangeInclude,
      take: 100,
    });
  }

  /** Writes the range with its clusters and its whole window as one free run. */
  createRange(data: RangeWrite, clusterIds: string[]): Promise<IpRangeRow> {
    return this.prisma.ipRange.create({
      data: {
        ...data,
        clusters: { create: clusterIds.map((clusterId) => ({ clusterId })) },
        freeRuns: { create: [{ startOffset: data.firstOffset, endOffset: data.lastOffset }] },
      },
      include: rangeInclude,
    });
  }

  async updateRange(
    id: string,
    data: Prisma.IpRangeUpdateInput,
    clusterIds: string[] | undefined,
  ): Promise<IpRangeRow> {
    return this.prisma.$transaction(async (tx) => {
      if (clusterIds) {
        await tx.ipRangeCluster.deleteMany({ where: { rangeId: id } });
        await tx.ipRangeCluster.createMany({
          data: clusterIds.map((clusterId) => ({ rangeId: id, clusterId })),
        });
      }
      return tx.ipRange.update({ where: { id }, data, include: rangeInclude });
    });
  }

  /** Deletes the range unless an address is allocated or held in it (reservations go with it). */
  deleteRange(id: string): Promise<'deleted' | { inUse: number }> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM IpRange WHERE id = ${id} FOR UPDATE`;
      const inUse = await tx.ipAddress.count({
        where: { rangeId: id, status: { in: ['allocated', 'held'] } },
      });
      if (inUse > 0) return { inUse };
      await tx.ipRange.delete({ where: { id } });
      return 'deleted' as const;
    });
  }

  async existingClusterIds(ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.prisma.cluster.findMany({
      where: { id: { in: ids } },
      select: { id: true },
    });
    return rows.map((r) => r.id);
  }

  /** Rows per status per range, among the rows `companyIds` sees. */
  async statusCounts(
    companyIds: string[] | null,
    rangeIds: string[],
  ): Promise<Map<string, StatusCounts>> {
    const out = new Map<string, StatusCounts>();
    if (rangeIds.length === 0) return out;
    const groups = await this.prisma.ipAddress.groupBy({
      by: ['rangeId', 'status'],
      where: { rangeId: { in: rangeIds }, ...addressVisibleTo(companyIds) },
      _count: { _all: true },
    });
    for (const g of groups) {
      const counts = out.get(g.rangeId) ?? {};
      counts[g.status] = g._count._all;
      out.set(g.rangeId, counts);
    }
    return out;
  }

  /**
   * A page of stored rows of a range, in address order: `skip` rows in (offset paging), or the
   * rows after offset `after` (keyset paging: one index range read however deep the page).
   * `knownTotal` (the range's status counter) saves counting every matching row per page.
   */
  async listRows(
    companyIds: string[] | null,
    rangeId: string,
    filter: { status?: Exclude<IpAddressFilter, 'free'>; search?: string },
    page: RowPage,
    knownTotal?: number,
  ): Promise<{ rows: IpAddress[]; total: number }> {
    const where: Prisma.IpAddressWhereInput = {
      AND: [
        { rangeId },
        addressVisibleTo(companyIds),
        filter.status ? { status: filter.status } : {},
        filter.search
          ? {
              OR: [
                { address: { startsWith: filter.search } },
                { hostname: { contains: filter.search } },
                { note: { contains: filter.search } },
              ],
            }
          : {},
      ],
    };
    const [rows, total] = await Promise.all([
      'after' in page && !filter.search
        ? this.rowsAfter(companyIds, rangeId, filter.status, page.after, page.take)
        : 'after' in page
          ? this.prisma.ipAddress.findMany({
              where: { AND: [where, { offset: { gt: page.after } }] },
              orderBy: { offset: 'asc' },
              take: page.take,
            })
          : this.pageRows(where, page.skip, page.take),
      knownTotal ?? this.prisma.ipAddress.count({ where }),
    ]);
    return { rows, total };
  }

  /**
   * A deep page without reading every skipped row: MariaDB's OFFSET fetches each skipped row in
   * full (a primary-key lookup per row), 60,000 of them for page 1,200 of a /16. The page's first
   * offset comes from the (rangeId, status, offset) index alone, then the page is read from it on.
   */
  private async pageRows(
    where: Prisma.IpAddressWhereInput,
    skip: number,
    take: number,
  ): Promise<IpAddress[]> {
    const orderBy = { offset: 'asc' } as const;
    if (skip === 0) return this.prisma.ipAddress.findMany({ where, orderBy, take });
    const first = await this.prisma.ipAddress.findFirst({
      where,
      orderBy,
      skip,
      select: { offset: true },
    });
    if (!first) return [];
    return this.prisma.ipAddress.findMany({
      where: { AND: [where, { offset: { gte: first.offset } }] },
      orderBy,
      take,
    });
  }

  /** Stored rows of a range with offsets in [from, to] (a page of the whole window). */
  /**
   * A keyset page without a search (the SPA's next page of a status filter): one prepared
   * statement on the (rangeId, status, offset) index, visibility as `addressVisibleTo`.
   */
  private async rowsAfter(
    companyIds: string[] | null,
    rangeId: string,
    status: Exclude<IpAddressFilter, 'free'> | undefined,
    after: bigint,
    take: number,
  ): Promise<IpAddress[]> {
    const where = ['a.rangeId = ?', 'a.`offset` > ?'];
    const params: SqlValue[] = [rangeId, after];
    if (status) {
      where.push('a.status = ?');
      params.push(status);
    }
    if (companyIds !== null) {
      if (companyIds.length === 0) where.push('FALSE');
      else {
        const marks = companyIds.map(() => '?').join(', ');
        where.push(
          `(EXISTS (SELECT 1 FROM IpRange r WHERE r.id = a.rangeId AND r.companyId IN (${marks}))` +
            ` OR a.companyId IN (${marks}))`,
        );
        params.push(...companyIds, ...companyIds);
      }
    }
    const rows = await this.sql.rows<IpAddress>(
      `SELECT ${ADDRESS_COLUMNS.replace(/(^|, )/g, '$1a.')} FROM IpAddress a WHERE ${where.join(' AND ')}
       ORDER BY a.\`offset\` LIMIT ?`,
      [...params, take],
    );
    return rows.map((r) => ({ ...r, offset: BigInt(r.offset) }));
  }

  /** Every page of the unfiltered table reads this: one prepared statement, not a Prisma query. */
  async rowsBetween(rangeId: string, from: bigint, to: bigint): Promise<IpAddress[]> {
    const rows = await this.sql.rows<IpAddress>(
      `SELECT ${ADDRESS_COLUMNS} FROM IpAddress WHERE rangeId = ? AND \`offset\` >= ? AND \`offset\` <= ?
       ORDER BY \`offset\``,
      [rangeId, from, to],
    );
    return rows.map((r) => ({ ...r, offset: BigInt(r.offset) }));
  }

  async reservedWithNote(rangeId: string, note: string): Promise<string[]> {
    const rows = await this.prisma.ipAddress.findMany({
      where: { rangeId, status: 'reserved', note },
      select: { id: true },
    });
    return rows.map((r) => r.id);
  }

  async freeRuns(rangeId: string): Promise<FreeRun[]> {
    const rows = await this.prisma.ipRangeFree.findMany({
      where: { rangeId },
      orderBy: { startOffset: 'asc' },
    });
    return rows.map((r) => ({ start: r.startOffset, end: r.endOffset }));
  }

  findAddress(companyIds: string[] | null, id: string) {
    return this.prisma.ipAddress.findFirst({
      where: { id, ...addressVisibleTo(companyIds) },
      include: { range: { select: { id: true, name: true, companyId: true, holdSeconds: true } } },
    });
  }

  async setGuest(addressIds: string[], guestId: string): Promise<void> {
    if (addressIds.length === 0) return;
    await this.prisma.ipAddress.updateMany({
      where: { id: { in: addressIds } },
      data: { guestId },
    });
  }

  /** A guest's allocated addresses (NIC order), with their range's hold period. */
  guestAddresses(guestId: string) {
    return this.prisma.ipAddress.findMany({
      where: { guestId, status: 'allocated' },
      include: { range: { select: { id: true, name: true, companyId: true, holdSeconds: true } } },
      orderBy: [{ nic: 'asc' }, { offset: 'asc' }],
    });
  }

  /** History of one address (newest first), limited to what `companyIds` may see. */
  history(companyIds: string[] | null, rangeId: string, offset: bigint, sharedRange: boolean) {
    return this.prisma.ipAddressEvent.findMany({
      where: {
        rangeId,
        offset,
        ...(companyIds !== null && sharedRange ? { companyId: { in: companyIds } } : {}),
      },
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
      take: 200,
    });
  }

  async guestNames(ids: string[]): Promise<Map<string, string | null>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await this.prisma.guest.findMany({
      where: { id: { in: unique } },
      select: { id: true, name: true },
    });
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** CIDRs of a company's own ranges (the networks its firewall may point rules at). */
  async companyCidrs(companyId: string): Promise<string[]> {
    const rows = await this.prisma.ipRange.findMany({
      where: { companyId },
      select: { cidr: true },
    });
    return rows.map((r) => r.cidr);
  }

  // --- the company's default network for new guests (issue 21) ---------------------------------

  /** The company's guest network on the cluster, or null (callers pass a company they checked). */
  guestNetwork(
    companyId: string,
    clusterId: string,
  ): Promise<{ bridge: string; vlan: number | null; rangeId: string } | null> {
    return this.prisma.companyGuestNetwork.findUnique({
      where: { companyId_clusterId: { companyId, clusterId } },
      select: { bridge: true, vlan: true, rangeId: true },
    });
  }

  async setGuestNetwork(data: {
    companyId: string;
    clusterId: string;
    bridge: string;
    vlan: number | null;
    rangeId: string;
    firewallId: string | null;
  }): Promise<void> {
    const { companyId, clusterId, ...rest } = data;
    await this.prisma.companyGuestNetwork.upsert({
      where: { companyId_clusterId: { companyId, clusterId } },
      create: data,
      update: rest,
    });
  }

  /** The whole row (with the firewall it came from): what a failed deployment puts back. */
  guestNetworkRecord(companyId: string, clusterId: string): Promise<GuestNetworkRecord | null> {
    return this.prisma.companyGuestNetwork.findUnique({
      where: { companyId_clusterId: { companyId, clusterId } },
      select: {
        companyId: true,
        clusterId: true,
        bridge: true,
        vlan: true,
        rangeId: true,
        firewallId: true,
      },
    });
  }

  async clearGuestNetwork(companyId: string, clusterId: string, rangeId: string): Promise<void> {
    await this.prisma.companyGuestNetwork.deleteMany({ where: { companyId, clusterId, rangeId } });
  }
}
