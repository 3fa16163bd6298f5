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
  { ok: true; row: VlanAssignment } | { ok: false; reason: 'no-pool' | 'exhausted' };

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

  async takeNext(clusterId: string, data: NewVlanAssignment): Promise<TakeVlanOutcome> {
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
          const found = firstFreeVlan(
            pools.map((p) => ({ id: p.id, from: Number(p.vlanFrom), to: Number(p.vlanTo) })),
            used.map((u) => u.vlan),
          );
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

  assignments(companyId: string, clusterId?: string): Promise<VlanAssignment[]> {
    return this.prisma.vlanAssignment.findMany({
      where: { companyId, ...(clusterId ? { clusterId } : {}) },
      orderBy: [{ clusterId: 'asc' }, { vlan: 'asc' }],
    });
  }
}
