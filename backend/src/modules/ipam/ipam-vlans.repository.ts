import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../common/prisma/prisma.service';
import { Prisma, type VlanAssignment, type VlanPool } from '../../generated/prisma/client';
import { uuidv7 } from '../guests/guests.repository';
import { firstFreeVlan } from './ipam-vlans';

const TX = {
  isolationLevel: Prisma.TransactionIsolationLevel.ReadCommitted,
  maxWait: 15_000,
  timeout: 15_000,
};
const RETRIES = 3;

export interface NewVlanAssignment {
  companyId: string | null;
  purpose: string;
  note: string | null;
  actorId: string | null;
}

export type TakeVlanOutcome =
  | { ok: true; row: VlanAssignment }
  | { ok: false; reason: 'no-pool' | 'exhausted' | 'outside' | 'taken' };

export type VlanAssignmentRow = VlanAssignment & {
  pool: { name: string; cluster: { name: string } };
};

const isUniqueViolation = (e: unknown) =>
  e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002';

/**
 * VLAN pools and assignments. Taking a tag locks the cluster's pool rows (`FOR UPDATE`), so takers
 * on one cluster queue in the database whichever process they run in; the unique
 * (clusterId, vlan) index is the last guard (a duplicate insert is retried).
 */
@Injectable()
export class IpamVlansRepository {
  constructor(private readonly prisma: PrismaService) {}

  pools(clusterId: string): Promise<VlanPool[]> {
    return this.prisma.vlanPool.findMany({ where: { clusterId }, orderBy: { vlanFrom: 'asc' } });
  }

  createPool(data: {
    clusterId: string;
    name: string;
    vlanFrom: number;
    vlanTo: number;
    note: string | null;
  }): Promise<VlanPool> {
    return this.prisma.vlanPool.create({ data: { id: uuidv7(), ...data } });
  }

  /** Pools of a cluster with how many of their tags are assigned. */
  async poolsWithUse(clusterId: string): Promise<Array<VlanPool & { assigned: number }>> {
    const pools = await this.pools(clusterId);
    const counts = await this.prisma.vlanAssignment.groupBy({
      by: ['poolId'],
      where: { clusterId },
      _count: { _all: true },
    });
    const by = new Map(counts.map((c) => [c.poolId, c._count._all]));
    return pools.map((p) => ({ ...p, assigned: by.get(p.id) ?? 0 }));
  }

  findPool(id: string): Promise<VlanPool | null> {
    return this.prisma.vlanPool.findUnique({ where: { id } });
  }

  /** Deletes a pool none of whose tags is assigned; false when one is (checked under the lock). */
  deletePool(id: string): Promise<'deleted' | 'missing' | 'in-use'> {
    return this.prisma.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<Array<{ id: string }>>`
        SELECT id FROM VlanPool WHERE id = ${id} FOR UPDATE`;
      if (!rows.length) return 'missing' as const;
      if (await tx.vlanAssignment.count({ where: { poolId: id } })) return 'in-use' as const;
      await tx.vlanPool.delete({ where: { id } });
      return 'deleted' as const;
    }, TX);
  }

  /**
   * `vlan` given: that tag, when one of the cluster's pools holds it and nobody has it; otherwise
   * the lowest free tag.
   */
  async takeNext(
    clusterId: string,
    data: NewVlanAssignment,
    vlan?: number,
  ): Promise<TakeVlanOutcome> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.prisma.$transaction(async (tx) => {
          const pools = await tx.$queryRaw<Array<{ id: string; vlanFrom: number; vlanTo: number }>>`
            SELECT id, vlanFrom, vlanTo FROM VlanPool WHERE clusterId = ${clusterId}
            ORDER BY vlanFrom FOR UPDATE`;
          if (!pools.length) return { ok: false, reason: 'no-pool' } as const;
          const used = await tx.vlanAssignment.findMany({
            where: { clusterId },
            select: { vlan: true },
          });
          const ranges = pools.map((p) => ({
            id: p.id,
            from: Number(p.vlanFrom),
            to: Number(p.vlanTo),
          }));
          let found: { poolId: string; vlan: number } | null;
          if (vlan !== undefined) {
            const pool = ranges.find((p) => p.from <= vlan && vlan <= p.to);
            if (!pool) return { ok: false, reason: 'outside' } as const;
            if (used.some((u) => u.vlan === vlan)) return { ok: false, reason: 'taken' } as const;
            found = { poolId: pool.id, vlan };
          } else {
            found = firstFreeVlan(
              ranges,
              used.map((u) => u.vlan),
            );
          }
          if (!found) return { ok: false, reason: 'exhausted' } as const;
          const row = await tx.vlanAssignment.create({
            data: { id: uuidv7(), poolId: found.poolId, clusterId, vlan: found.vlan, ...data },
          });
          return { ok: true, row } as const;
        }, TX);
      } catch (err) {
        if (attempt < RETRIES && isUniqueViolation(err)) continue;
        throw err;
      }
    }
  }

  /** Frees a tag; false when it was not assigned. */
  async release(clusterId: string, vlan: number): Promise<boolean> {
    const out = await this.prisma.vlanAssignment.deleteMany({ where: { clusterId, vlan } });
    return out.count > 0;
  }

  /** Assignments of `companyId` with their pool's name. */
  assignmentsOf(companyId: string): Promise<VlanAssignmentRow[]> {
    return this.prisma.vlanAssignment.findMany({
      where: { companyId },
      include: { pool: { select: { name: true, cluster: { select: { name: true } } } } },
      orderBy: [{ clusterId: 'asc' }, { vlan: 'asc' }],
    });
  }

  /** Deletes `companyId`'s assignment `id`; null when it has none by that id. */
  async deleteAssignment(companyId: string, id: string): Promise<VlanAssignment | null> {
    const row = await this.prisma.vlanAssignment.findFirst({ where: { id, companyId } });
    if (!row) return null;
    await this.prisma.vlanAssignment.deleteMany({ where: { id, companyId } });
    return row;
  }

  /** Whether the cluster has pools, and the tags assigned there to `companyId` or to the MSP. */
  async usableTags(
    clusterId: string,
    companyId: string | null,
  ): Promise<{ pooled: boolean; tags: Set<number> }> {
    const pooled = (await this.prisma.vlanPool.count({ where: { clusterId } })) > 0;
    if (!pooled) return { pooled, tags: new Set() };
    const rows = await this.prisma.vlanAssignment.findMany({
      where: { clusterId, OR: [{ companyId }, { companyId: null }] }, // companyId null: the MSP's
      select: { vlan: true },
    });
    return { pooled, tags: new Set(rows.map((r) => r.vlan)) };
  }

  /** The company a tag is handed out to on a cluster (null: the MSP's), or undefined: not handed out. */
  async holderOf(clusterId: string, vlan: number): Promise<string | null | undefined> {
    const row = await this.prisma.vlanAssignment.findUnique({
      where: { clusterId_vlan: { clusterId, vlan } },
      select: { companyId: true },
    });
    return row ? row.companyId : undefined;
  }

  async hasPools(clusterId: string): Promise<boolean> {
    return (await this.prisma.vlanPool.count({ where: { clusterId } })) > 0;
  }

  assignments(companyId: string, clusterId?: string): Promise<VlanAssignment[]> {
    return this.prisma.vlanAssignment.findMany({
      where: { companyId, ...(clusterId ? { clusterId } : {}) },
      orderBy: [{ clusterId: 'asc' }, { vlan: 'asc' }],
    });
  }
}
