import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Scope } from '../../common/auth/scope';
import { companyWhere } from '../../common/auth/scope';
import { PrismaService } from '../../common/prisma/prisma.service';
import type { Prisma } from '../../generated/prisma/client';
import type { ExistingGuest, GuestSnapshot } from './inventory-diff';

// Columns a sync sets from Proxmox's answer; inserts add identity and first-seen, updates the rest.
const GUEST_SYNCED_COLUMNS = [
  'kind',
  'name',
  'status',
  'node',
  'maxcpu',
  'maxmem',
  'maxdisk',
  'tags',
  'pool',
  'template',
  'lock',
  'syncHash',
] as const;
const GUEST_INSERT_COLUMNS = [
  'id',
  'clusterId',
  'vmid',
  'activeVmid',
  ...GUEST_SYNCED_COLUMNS,
  'firstSeenAt',
  'lastSeenAt',
  'updatedAt',
] as const;
const GUEST_UPDATE_COLUMNS = [...GUEST_SYNCED_COLUMNS, 'lastSeenAt', 'updatedAt'] as const;

/** Time-ordered UUID (v7), the same kind Prisma's `uuid(7)` default makes. */
export function uuidv7(now = Date.now()): string {
  const b = randomBytes(16);
  b.writeUIntBE(now, 0, 6);
  b[6] = (b[6] & 0x0f) | 0x70;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const big = (v: number | null) => (v === null ? null : BigInt(Math.round(v)));
const BATCH = 1000;

function guestColumns(s: GuestSnapshot) {
  return {
    kind: s.kind,
    name: s.name?.slice(0, 191) ?? null,
    status: s.status,
    node: s.node.slice(0, 64),
    maxcpu: s.maxcpu,
    maxmem: big(s.maxmem),
    maxdisk: big(s.maxdisk),
    tags: s.tags,
    pool: s.pool?.slice(0, 64) ?? null,
    template: s.template,
    lock: s.lock?.slice(0, 32) ?? null,
  };
}

export interface NodeSnapshot {
  name: string;
  status: string;
  maxcpu: number | null;
  maxmem: number | null;
  maxdisk: number | null;
  level: string | null;
}

export interface StorageSnapshot {
  node: string;
  storage: string;
  type: string | null;
  content: string | null;
  shared: boolean;
  status: string | null;
  disk: number | null;
  maxdisk: number | null;
}

const guestViewSelect = {
  id: true,
  clusterId: true,
  vmid: true,
  kind: true,
  name: true,
  status: true,
  node: true,
  maxcpu: true,
  maxmem: true,
  maxdisk: true,
  tags: true,
  pool: true,
  template: true,
  lock: true,
  companyId: true,
  firstSeenAt: true,
  lastSeenAt: true,
  goneAt: true,
  cluster: { select: { name: true } },
} as const;
export type GuestViewRow = Prisma.GuestGetPayload<{ select: typeof guestViewSelect }>;

@Injectable()
export class InventoryRepository {
  constructor(private readonly prisma: PrismaService) {}

  // --- sync (system context: the worker acts for the platform, not for a company) -------------

  activeGuests(clusterId: string): Promise<ExistingGuest[]> {
    return this.prisma.guest.findMany({
      where: { clusterId, activeVmid: { not: null } },
      select: { id: true, vmid: true, kind: true, syncHash: true },
    });
  }

  async applyGuestDiff(
    clusterId: string,
    diff: {
      create: Array<GuestSnapshot & { syncHash: string }>;
      update: Array<{ id: string; snapshot: GuestSnapshot; syncHash: string }>;
      gone: string[];
    },
    at: Date,
  ): Promise<void> {
    // Retire first: a VMID reused by a new guest must be free in the (clusterId, activeVmid) key.
    for (let i = 0; i < diff.gone.length; i += BATCH) {
      await this.prisma.guest.updateMany({
        where: { id: { in: diff.gone.slice(i, i + BATCH) }, clusterId },
        data: { goneAt: at, activeVmid: null },
      });
    }
    // Multi-row statements: Prisma's createMany through the driver adapter managed ~500 rows/s
    // here and one UPDATE per row ~20 ms under load, both far from the sync budget.
    for (let i = 0; i < diff.create.length; i += BATCH) {
      await this.writeGuestRows(
        clusterId,
        diff.create
          .slice(i, i + BATCH)
          .map((s) => ({ id: uuidv7(), snapshot: s, syncHash: s.syncHash })),
        at,
        false,
      );
    }
    for (let i = 0; i < diff.update.length; i += BATCH) {
      await this.writeGuestRows(clusterId, diff.update.slice(i, i + BATCH), at, true);
    }
  }

  /** Insert rows, or (update = true) rewrite existing rows by primary key in one statement. */
  private async writeGuestRows(
    clusterId: string,
    rows: Array<{ id: string; snapshot: GuestSnapshot; syncHash: string }>,
    at: Date,
    update: boolean,
  ): Promise<void> {
    if (rows.length === 0) return;
    const values: unknown[] = [];
    // DATETIME(3) as UTC text, exactly how Prisma stores dates, whatever the driver's time zone.
    const ts = at.toISOString().replace('T', ' ').replace('Z', '');
    for (const { id, snapshot: s, syncHash } of rows) {
      const c = guestColumns(s);
      values.push(
        id,
        clusterId,
        s.vmid,
        s.vmid,
        c.kind,
        c.name,
        c.status,
        c.node,
        c.maxcpu,
        c.maxmem,
        c.maxdisk,
        JSON.stringify(c.tags),
        c.pool,
        c.template,
        c.lock,
        syncHash,
        ts,
        ts,
        ts,
      );
    }
    const q = (c: string) => `\`${c}\``;
    const tuple = `(${Array(GUEST_INSERT_COLUMNS.length).fill('?').join(',')})`;
    let sql = `INSERT INTO \`Guest\` (${GUEST_INSERT_COLUMNS.map(q).join(',')}) VALUES ${Array(rows.length).fill(tuple).join(',')}`;
    if (update) {
      sql += ` ON DUPLICATE KEY UPDATE ${GUEST_UPDATE_COLUMNS.map((c) => `${q(c)}=VALUES(${q(c)})`).join(',')}`;
    }
    await this.prisma.$executeRawUnsafe(sql, ...values);
  }

  /** Nodes and storages are few per cluster: compare in memory, write what differs. */
  async applyNodes(clusterId: string, nodes: NodeSnapshot[], at: Date): Promise<number> {
    const existing = await this.prisma.clusterNode.findMany({ where: { clusterId } });
    const byName = new Map(existing.map((n) => [n.name, n]));
    let writes = 0;
    for (const n of nodes) {
      const row = byName.get(n.name);
      const data = {
        status: n.status.slice(0, 16),
        maxcpu: n.maxcpu,
        maxmem: big(n.maxmem),
        maxdisk: big(n.maxdisk),
        level: n.level,
        goneAt: null,
      };
      if (!row) {
        await this.prisma.clusterNode.create({ data: { clusterId, name: n.name, ...data } });
        writes++;
      } else if (
        row.status !== data.status ||
        row.maxcpu !== data.maxcpu ||
        row.maxmem !== data.maxmem ||
        row.maxdisk !== data.maxdisk ||
        row.level !== data.level ||
        row.goneAt !== null
      ) {
        await this.prisma.clusterNode.update({ where: { id: row.id }, data });
        writes++;
      }
    }
    const names = new Set(nodes.map((n) => n.name));
    const gone = existing.filter((n) => !names.has(n.name) && n.goneAt === null).map((n) => n.id);
    if (gone.length) {
      await this.prisma.clusterNode.updateMany({
        where: { id: { in: gone } },
        data: { goneAt: at },
      });
      writes += gone.length;
    }
    return writes;
  }

  async applyStorages(clusterId: string, storages: StorageSnapshot[], at: Date): Promise<number> {
    const existing = await this.prisma.clusterStorage.findMany({ where: { clusterId } });
    const key = (node: string, storage: string) => `${node}\u0000${storage}`;
    const byKey = new Map(existing.map((s) => [key(s.node, s.storage), s]));
    let writes = 0;
    for (const s of storages) {
      const row = byKey.get(key(s.node, s.storage));
      const data = {
        type: s.type,
        content: s.content?.slice(0, 191) ?? null,
        shared: s.shared,
        status: s.status,
        disk: big(s.disk),
        maxdisk: big(s.maxdisk),
        goneAt: null,
      };
      if (!row) {
        await this.prisma.clusterStorage.create({
          data: { clusterId, node: s.node, storage: s.storage, ...data },
        });
        writes++;
      } else if (
        row.type !== data.type ||
        row.content !== data.content ||
        row.shared !== data.shared ||
        row.status !== data.status ||
        row.disk !== data.disk ||
        row.maxdisk !== data.maxdisk ||
        row.goneAt !== null
      ) {
        await this.prisma.clusterStorage.update({ where: { id: row.id }, data });
        writes++;
      }
    }
    const keys = new Set(storages.map((s) => key(s.node, s.storage)));
    const gone = existing
      .filter((s) => !keys.has(key(s.node, s.storage)) && s.goneAt === null)
      .map((s) => s.id);
    if (gone.length) {
      await this.prisma.clusterStorage.updateMany({
        where: { id: { in: gone } },
        data: { goneAt: at },
      });
      writes += gone.length;
    }
    return writes;
  }

  // --- unassigned guests (MSP staff) ----------------------------------------------------------

  async unassigned(filter: {
    clusterId?: string;
    search?: string;
    skip: number;
    take: number;
  }): Promise<{ rows: GuestViewRow[]; total: number }> {
    const where: Prisma.GuestWhereInput = {
      companyId: null,
      goneAt: null,
      ...(filter.clusterId ? { clusterId: filter.clusterId } : {}),
      ...(filter.search
        ? {
            OR: [
              { name: { contains: filter.search } },
              ...(/^\d+$/.test(filter.search) ? [{ vmid: Number(filter.search) }] : []),
            ],
          }
        : {}),
    };
    const [rows, total] = await Promise.all([
      this.prisma.guest.findMany({
        where,
        select: guestViewSelect,
        orderBy: [{ clusterId: 'asc' }, { vmid: 'asc' }],
        skip: filter.skip,
        take: filter.take,
      }),
      this.prisma.guest.count({ where }),
    ]);
    return { rows, total };
  }

  /** The target company, only when it lies in the caller's scope (else it looks missing). */
  findCompanyInScope(scope: Scope, companyId: string) {
    return this.prisma.company.findFirst({
      where: { AND: [{ id: companyId }, companyWhere(scope, 'id')] },
      select: { id: true, name: true },
    });
  }

  /**
   * Assign only guests that are still active and unassigned, and only when each guest's cluster
   * allows the company (checked in the same transaction, so a concurrent change of the cluster's
   * allowed companies cannot slip a guest through). Returns the ids that changed, [] when one is
   * not free, or the guests whose cluster does not allow the company (nothing changes then).
   */
  async assign(
    guestIds: string[],
    companyId: string,
    at: Date,
  ): Promise<string[] | { notAllowed: { vmid: number; cluster: string }[] }> {
    return this.prisma.$transaction(async (tx) => {
      const free = await tx.guest.findMany({
        where: { id: { in: guestIds }, companyId: null, goneAt: null },
        select: {
          id: true,
          vmid: true,
          cluster: {
            select: {
              name: true,
              allowedCompanies: { where: { companyId }, select: { companyId: true } },
            },
          },
        },
      });
      const ids = free.map((g) => g.id);
      if (ids.length !== guestIds.length) return [];
      const notAllowed = free
        .filter((g) => g.cluster.allowedCompanies.length === 0)
        .map((g) => ({ vmid: g.vmid, cluster: g.cluster.name }));
      if (notAllowed.length > 0) return { notAllowed };
      const res = await tx.guest.updateMany({
        where: { id: { in: ids }, companyId: null, goneAt: null },
        data: { companyId, importedAt: at },
      });
      if (res.count !== ids.length) throw new Error('guests changed while importing; try again');
      return ids;
    });
  }
}
