import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { clusterOpenTo } from '../../common/access/access.repository';
import { PrismaService } from '../../common/prisma/prisma.service';
import type { Guest, Prisma } from '../../generated/prisma/client';
import type {
  ExistingGuest,
  GuestChanges,
  GuestDiff,
  GuestOwner,
  GuestSnapshot,
  GuestSelection,
  GuestViewRow,
  PlaceholderGuest,
  SelectedGuest,
} from './guests.types';
import { guestViewSelect } from './guests.types';

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

/** The only writer of Guest rows: inventory sync, VM jobs, imports and the demo estate go through it. */
@Injectable()
export class GuestsRepository {
  constructor(private readonly prisma: PrismaService) {}

  findById(id: string): Promise<Guest | null> {
    return this.prisma.guest.findUnique({ where: { id } });
  }

  // --- VM operations --------------------------------------------------------------------------

  insertPlaceholder(tx: Prisma.TransactionClient, g: PlaceholderGuest): Promise<Guest> {
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

  async update(
    id: string,
    data: GuestChanges,
    tx: Prisma.TransactionClient = this.prisma,
  ): Promise<void> {
    await tx.guest.update({ where: { id }, data: data as Prisma.GuestUpdateInput });
  }

  /**
   * A created guest becomes active under its VMID. An inventory sync may have recorded the new VMID
   * first as an unassigned row; that row is a duplicate of this one and goes away.
   */
  async activate(id: string, clusterId: string, vmid: number, data: GuestChanges): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      await tx.guest.deleteMany({
        where: { clusterId, activeVmid: vmid, companyId: null, id: { not: id } },
      });
      await tx.guest.update({
        where: { id },
        data: { ...(data as Prisma.GuestUpdateInput), vmid, activeVmid: vmid },
      });
    });
  }

  /**
   * A guest the platform made for a company on a cluster (a DR standby): the live row of that VMID
   * becomes the company's. A row the inventory sync inserted meanwhile (unassigned) is taken over;
   * a row another company owns is never moved (null). Without a row, one is inserted for the sync
   * to fill in (its hash forces the next sync to update it).
   */
  async adoptOwned(g: {
    clusterId: string;
    companyId: string;
    vmid: number;
    kind: 'qemu' | 'lxc';
    name: string | null;
    node: string;
  }): Promise<Guest | null> {
    return this.prisma.$transaction(async (tx) => {
      const live = await tx.guest.findFirst({
        where: { clusterId: g.clusterId, activeVmid: g.vmid },
      });
      if (live) {
        if (live.companyId && live.companyId !== g.companyId) return null;
        return tx.guest.update({
          where: { id: live.id },
          data: { companyId: g.companyId, importedAt: live.importedAt ?? new Date() },
        });
      }
      return tx.guest.create({
        data: {
          id: uuidv7(),
          clusterId: g.clusterId,
          companyId: g.companyId,
          vmid: g.vmid,
          activeVmid: g.vmid,
          kind: g.kind,
          name: g.name,
          status: 'stopped',
          node: g.node,
          tags: [],
          importedAt: new Date(),
          syncHash: '0000000000000000',
        },
      });
    });
  }

  async markGone(id: string, status: string): Promise<void> {
    await this.prisma.guest.update({
      where: { id },
      data: { goneAt: new Date(), activeVmid: null, status, lock: null },
    });
  }

  // --- inventory sync (system context: the worker acts for the platform) ----------------------

  activeForSync(clusterId: string): Promise<ExistingGuest[]> {
    return this.prisma.guest.findMany({
      where: { clusterId, activeVmid: { not: null } },
      select: { id: true, vmid: true, kind: true, syncHash: true },
    });
  }

  /** Live guests of a cluster with their owner, for the monitoring aggregates and alert rules. */
  activeOwners(clusterId: string): Promise<GuestOwner[]> {
    return this.prisma.guest.findMany({
      where: { clusterId, activeVmid: { not: null } },
      select: { id: true, vmid: true, companyId: true, name: true, tags: true },
    }) as Promise<GuestOwner[]>;
  }

  async applySyncDiff(clusterId: string, diff: GuestDiff, at: Date): Promise<void> {
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
      await this.writeSyncedRows(
        clusterId,
        diff.create
          .slice(i, i + BATCH)
          .map((s) => ({ id: uuidv7(), snapshot: s, syncHash: s.syncHash })),
        at,
        false,
      );
    }
    for (let i = 0; i < diff.update.length; i += BATCH) {
      await this.writeSyncedRows(clusterId, diff.update.slice(i, i + BATCH), at, true);
    }
  }

  /** Insert rows, or (update = true) rewrite existing rows by primary key in one statement. */
  private async writeSyncedRows(
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

  // --- unassigned guests and their import -----------------------------------------------------

  /** Guests no company owns yet, on clusters `clusterIds` (null = any). */
  async unassigned(
    clusterIds: string[] | null,
    filter: { clusterId?: string; search?: string; skip: number; take: number },
  ): Promise<{ rows: GuestViewRow[]; total: number }> {
    const where: Prisma.GuestWhereInput = {
      AND: [
        { companyId: null, goneAt: null },
        clusterIds === null ? {} : { clusterId: { in: clusterIds } },
        filter.clusterId ? { clusterId: filter.clusterId } : {},
        filter.search
          ? {
              OR: [
                { name: { contains: filter.search } },
                ...(/^\d+$/.test(filter.search) ? [{ vmid: Number(filter.search) }] : []),
              ],
            }
          : {},
      ],
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

  /**
   * Give still-unassigned, live guests to `companyId`, all or none: only guests on clusters open
   * to the company count, checked in the same transaction as the write. Returns the ids assigned
   * (empty when any guest did not qualify).
   */
  async assign(guestIds: string[], companyId: string, at: Date): Promise<string[]> {
    return this.prisma.$transaction(async (tx) => {
      const where: Prisma.GuestWhereInput = {
        id: { in: guestIds },
        companyId: null,
        goneAt: null,
        cluster: clusterOpenTo([companyId]),
      };
      const free = await tx.guest.findMany({ where, select: { id: true } });
      const ids = free.map((g) => g.id);
      if (ids.length !== guestIds.length) return [];
      const res = await tx.guest.updateMany({
        where: { ...where, id: { in: ids } },
        data: { companyId, importedAt: at },
      });
      if (res.count !== ids.length) throw new Error('guests changed while importing; try again');
      return ids;
    });
  }

  /** Every unassigned live guest of a dedicated cluster goes to its owner; returns their ids. */
  async assignFreeOnCluster(clusterId: string, companyId: string, at: Date): Promise<string[]> {
    const where: Prisma.GuestWhereInput = {
      clusterId,
      companyId: null,
      goneAt: null,
      cluster: { ownerCompanyId: companyId },
    };
    const free = await this.prisma.guest.findMany({ where, select: { id: true } });
    if (free.length === 0) return [];
    await this.prisma.guest.updateMany({
      where: { ...where, id: { in: free.map((g) => g.id) } },
      data: { companyId, importedAt: at },
    });
    return free.map((g) => g.id);
  }

  // --- demo estate ----------------------------------------------------------------------------

  freeForDemo() {
    return this.prisma.guest.findMany({
      where: { companyId: null, goneAt: null, template: false, activeVmid: { not: null } },
      orderBy: [{ clusterId: 'asc' }, { vmid: 'asc' }],
      select: { id: true, kind: true, status: true, clusterId: true, node: true },
    });
  }

  liveTemplates() {
    return this.prisma.guest.findMany({
      where: { template: true, goneAt: null, activeVmid: { not: null } },
      select: { clusterId: true, vmid: true, kind: true, name: true, node: true },
    });
  }

  countOwnedBy(companyId: string): Promise<number> {
    return this.prisma.guest.count({ where: { companyId, goneAt: null } });
  }

  async assignFree(ids: string[], companyId: string): Promise<void> {
    await this.prisma.guest.updateMany({
      where: { id: { in: ids }, companyId: null },
      data: { companyId, importedAt: new Date() },
    });
  }

  /** A company's live, non-template guests a selection covers (backup schedules). */
  async selected(companyId: string, sel: GuestSelection): Promise<SelectedGuest[]> {
    const any: Prisma.GuestWhereInput[] = [];
    if (sel.guestIds?.length) any.push({ id: { in: sel.guestIds } });
    for (const tag of sel.tags ?? []) any.push({ tags: { array_contains: [tag] } });
    if (sel.clusterId && !sel.pool) any.push({ clusterId: sel.clusterId });
    if (sel.pool)
      any.push({ pool: sel.pool, ...(sel.clusterId ? { clusterId: sel.clusterId } : {}) });
    if (!sel.allGuests && !any.length) return [];
    const rows = await this.prisma.guest.findMany({
      where: {
        companyId,
        goneAt: null,
        activeVmid: { not: null },
        template: false,
        // Every guest: no OR at all (an empty condition inside OR matched nothing).
        ...(sel.allGuests ? {} : { OR: any }),
        ...(sel.excludeGuestIds?.length ? { id: { notIn: sel.excludeGuestIds } } : {}),
      },
      select: {
        id: true,
        companyId: true,
        clusterId: true,
        node: true,
        activeVmid: true,
        kind: true,
        name: true,
        status: true,
      },
      orderBy: [{ clusterId: 'asc' }, { node: 'asc' }, { vmid: 'asc' }],
    });
    return rows.map(({ activeVmid, companyId: c, ...r }) => ({
      ...r,
      companyId: c!,
      vmid: activeVmid!,
    }));
  }

  /** Live guests with a Proxmox lock (from the last sync), with their cluster's name. */
  locked() {
    return this.prisma.guest.findMany({
      where: { lock: { not: null }, goneAt: null, activeVmid: { not: null } },
      include: { cluster: { select: { name: true } } },
      orderBy: [{ clusterId: 'asc' }, { vmid: 'asc' }],
    });
  }
}
