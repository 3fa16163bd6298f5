import { Injectable } from '@nestjs/common';
import { VM_RIGHTS, type VmRight } from '@multpanel/contracts';
import type { Prisma } from '../../generated/prisma/client';
import { PrismaService } from '../prisma/prisma.service';
import { jsonColumn, SqlReader, type SqlValue } from '../prisma/sql-reader.service';

export const rightsOf = (v: unknown): VmRight[] =>
  Array.isArray(v) ? VM_RIGHTS.filter((r) => (v as unknown[]).includes(r)) : [];

const clusterSummary = {
  select: { id: true, name: true, status: true, ownerCompanyId: true },
} as const;
const guestWithCluster = { cluster: clusterSummary } satisfies Prisma.GuestInclude;
export type AccessibleGuest = Prisma.GuestGetPayload<{ include: typeof guestWithCluster }>;
export type AccessibleCluster = Prisma.ClusterGetPayload<typeof clusterSummary>;
const companySummary = {
  select: { id: true, name: true, status: true, mayOwnClusters: true },
} as const;
export type AccessibleCompany = Prisma.CompanyGetPayload<typeof companySummary>;
const templateWithCompanies = { companies: { select: { companyId: true } } } as const;
export type AccessibleTemplate = Prisma.VmTemplateGetPayload<{
  include: typeof templateWithCompanies;
}>;
export type AccessibleTicket = Prisma.TicketGetPayload<{
  select: { id: true; companyId: true; requesterId: true; guestId: true; status: true };
}>;
export type AccessibleIpRange = Prisma.IpRangeGetPayload<object>;

const IP_RANGE_COLUMNS = [
  'id',
  'name',
  'companyId',
  'family',
  'cidr',
  'prefixLength',
  'startHex',
  'endHex',
  'firstOffset',
  'lastOffset',
  'vlan',
  'gateway',
  'dnsServers',
  'searchDomain',
  'holdSeconds',
  'note',
  'createdAt',
  'updatedAt',
  'allocatedCount',
  'reservedCount',
  'heldCount',
  'sdnVnet',
  'sdnZone',
  'sdnSubnet',
  'sdnState',
  'sdnError',
  'sdnJobId',
] as const satisfies ReadonlyArray<keyof AccessibleIpRange>;

/** A SqlReader row of IpRange typed like Prisma's (BigInt offsets, the Json column parsed). */
function ipRangeFromSql(r: Record<string, unknown>): AccessibleIpRange {
  const row = Object.fromEntries(IP_RANGE_COLUMNS.map((c) => [c, r[c]])) as AccessibleIpRange;
  return {
    ...row,
    firstOffset: BigInt(row.firstOffset),
    lastOffset: BigInt(row.lastOffset),
    dnsServers: jsonColumn<Prisma.JsonValue>(r.dnsServers, []),
  };
}
export type AccessibleFirewall = Prisma.FirewallGetPayload<object>;

/**
 * IP ranges a caller with `companyIds` sees: its companies' ranges and the MSP's shared pool (whose
 * addresses it sees only where one of its companies holds them). null = every range.
 */
export function ipRangeVisibleTo(companyIds: string[] | null): Prisma.IpRangeWhereInput {
  if (companyIds === null) return {};
  return { OR: [{ companyId: null }, { companyId: { in: companyIds } }] };
}

/**
 * A cluster is open to a company when the company owns it (a dedicated cluster), or when no company
 * owns it and it lists the company, or lists none (then every company may place guests on it).
 * `companyIds` null = every cluster (the staff).
 */
export function clusterOpenTo(companyIds: string[] | null): Prisma.ClusterWhereInput {
  if (companyIds === null) return {};
  return {
    OR: [
      { ownerCompanyId: { in: companyIds } },
      {
        ownerCompanyId: null,
        OR: [
          { allowedCompanies: { none: {} } },
          { allowedCompanies: { some: { companyId: { in: companyIds } } } },
        ],
      },
    ],
  };
}

/**
 * Read-only lookups behind every access check (the access layer's own repository, like immich's):
 * each takes the caller's companies first and puts them in the `where`, so a row outside them is
 * never loaded and looks exactly like a missing one. Owning modules do all the writing.
 */
@Injectable()
export class AccessRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly sql: SqlReader,
  ) {}

  company(companyIds: string[] | null, id: string): Promise<AccessibleCompany | null> {
    return this.prisma.company.findFirst({
      where: { AND: [{ id }, companyIds === null ? {} : { id: { in: companyIds } }] },
      select: companySummary.select,
    });
  }

  /** A live, company-owned guest of one of `companyIds` (null = any company). */
  guest(companyIds: string[] | null, id: string): Promise<AccessibleGuest | null> {
    return this.prisma.guest.findFirst({
      where: {
        id,
        goneAt: null,
        companyId: companyIds === null ? { not: null } : { in: companyIds },
      },
      include: guestWithCluster,
    });
  }

  async grantedRights(userId: string, guestId: string): Promise<VmRight[]> {
    const row = await this.prisma.vmGrant.findUnique({
      where: { userId_guestId: { userId, guestId } },
      select: { rights: true },
    });
    return row ? rightsOf(row.rights) : [];
  }

  async guestIdsGrantedTo(userId: string): Promise<string[]> {
    const rows = await this.prisma.vmGrant.findMany({
      where: { userId },
      select: { guestId: true, rights: true },
    });
    return rows.filter((r) => rightsOf(r.rights).includes('view')).map((r) => r.guestId);
  }

  cluster(openTo: string[] | null, id: string): Promise<AccessibleCluster | null> {
    return this.prisma.cluster.findFirst({
      where: { id, ...clusterOpenTo(openTo) },
      select: clusterSummary.select,
    });
  }

  clusters(openTo: string[] | null, id?: string): Promise<AccessibleCluster[]> {
    return this.prisma.cluster.findMany({
      where: { ...(id ? { id } : {}), ...clusterOpenTo(openTo) },
      select: clusterSummary.select,
      orderBy: { name: 'asc' },
    });
  }

  /** A dedicated cluster of one of `companyIds` (null = of any company). */
  ownedCluster(companyIds: string[] | null, id: string): Promise<AccessibleCluster | null> {
    return this.prisma.cluster.findFirst({
      where: {
        id,
        ownerCompanyId: companyIds === null ? { not: null } : { in: companyIds },
      },
      select: clusterSummary.select,
    });
  }

  async clusterIds(openTo: string[]): Promise<string[]> {
    const rows = await this.prisma.cluster.findMany({
      where: clusterOpenTo(openTo),
      select: { id: true },
    });
    return rows.map((r) => r.id);
  }

  /** A template not gone from its cluster, usable by one of `companyIds` (null = any). */
  template(companyIds: string[] | null, id: string): Promise<AccessibleTemplate | null> {
    return this.prisma.vmTemplate.findFirst({
      where: {
        id,
        goneAt: null,
        ...(companyIds === null ? {} : { companies: { some: { companyId: { in: companyIds } } } }),
      },
      include: templateWithCompanies,
    });
  }

  /** Behind every IPAM request (a page of the address table): one prepared statement. */
  async ipRange(companyIds: string[] | null, id: string): Promise<AccessibleIpRange | null> {
    const params: SqlValue[] = [id];
    let visible = '';
    if (companyIds !== null) {
      // As ipRangeVisibleTo: the MSP's shared pool and the caller's companies' ranges.
      visible = companyIds.length
        ? ` AND (companyId IS NULL OR companyId IN (${companyIds.map(() => '?').join(', ')}))`
        : ' AND companyId IS NULL';
      params.push(...companyIds);
    }
    const [row] = await this.sql.rows<Record<string, unknown>>(
      `SELECT ${IP_RANGE_COLUMNS.join(', ')} FROM IpRange WHERE id = ?${visible}`,
      params,
    );
    return row ? ipRangeFromSql(row) : null;
  }

  /** A ticket of one of `companyIds` (null = any company). */
  ticket(companyIds: string[] | null, id: string): Promise<AccessibleTicket | null> {
    return this.prisma.ticket.findFirst({
      where: { id, ...(companyIds === null ? {} : { companyId: { in: companyIds } }) },
      select: { id: true, companyId: true, requesterId: true, guestId: true, status: true },
    });
  }

  /** Whether a user watches a ticket (a watcher sees it like its requester). */
  async watchesTicket(userId: string, ticketId: string): Promise<boolean> {
    const row = await this.prisma.ticketWatcher.findUnique({
      where: { ticketId_userId: { ticketId, userId } },
      select: { userId: true },
    });
    return row !== null;
  }

  /** A firewall of one of `companyIds` (null = any company). */
  firewall(companyIds: string[] | null, id: string): Promise<AccessibleFirewall | null> {
    return this.prisma.firewall.findFirst({
      where: { id, ...(companyIds === null ? {} : { companyId: { in: companyIds } }) },
    });
  }
}
