import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../common/prisma/prisma.service';
import type { IpamSweep, Prisma } from '../../generated/prisma/client';
import { uuidv7 } from '../guests/guests.repository';
import type { BoundRange } from './ipam-sweep-rules';

/** Conflict sweeps and the IPAM rows they compare with (staff only: no scope to apply). */
@Injectable()
export class IpamSweepsRepository {
  constructor(private readonly prisma: PrismaService) {}

  create(clusterId: string): Promise<IpamSweep> {
    return this.prisma.ipamSweep.create({ data: { id: uuidv7(), clusterId } });
  }

  find(id: string): Promise<IpamSweep | null> {
    return this.prisma.ipamSweep.findUnique({ where: { id } });
  }

  latest(clusterId: string): Promise<IpamSweep | null> {
    return this.prisma.ipamSweep.findFirst({
      where: { clusterId },
      orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
    });
  }

  /**
   * The latest finished sweep of each cluster (of `clusterIds`; null = every cluster), with the
   * cluster's name: the newest start per cluster first, then those rows.
   */
  async latestDone(clusterIds: string[] | null) {
    const where: Prisma.IpamSweepWhereInput = {
      status: 'done',
      ...(clusterIds ? { clusterId: { in: clusterIds } } : {}),
    };
    const newest = await this.prisma.ipamSweep.groupBy({
      by: ['clusterId'],
      where,
      _max: { startedAt: true },
    });
    if (!newest.length) return [];
    const rows = await this.prisma.ipamSweep.findMany({
      where: {
        status: 'done',
        OR: newest.map((n) => ({ clusterId: n.clusterId, startedAt: n._max.startedAt! })),
      },
      include: { cluster: { select: { name: true } } },
      orderBy: [{ clusterId: 'asc' }, { id: 'desc' }],
    });
    // two sweeps started in the same millisecond: the later id
    const seen = new Set<string>();
    return rows.filter((r) => !seen.has(r.clusterId) && seen.add(r.clusterId));
  }

  update(id: string, data: Prisma.IpamSweepUpdateInput): Promise<IpamSweep> {
    return this.prisma.ipamSweep.update({ where: { id }, data });
  }

  /** Ranges that apply to the cluster (named for it, or for no cluster = every cluster). */
  rangesFor(clusterId: string) {
    return this.prisma.ipRange.findMany({
      where: { OR: [{ clusters: { none: {} } }, { clusters: { some: { clusterId } } }] },
      select: {
        id: true,
        name: true,
        companyId: true,
        family: true,
        startHex: true,
        firstOffset: true,
        lastOffset: true,
      },
    });
  }

  /** The ranges bound to an SDN VNet of the cluster whose tag at binding is known. */
  async boundRanges(clusterId: string): Promise<BoundRange[]> {
    const rows = await this.prisma.ipRange.findMany({
      where: { sdnVnet: { not: null }, sdnTagKnown: true, clusters: { some: { clusterId } } },
      select: { id: true, name: true, cidr: true, sdnVnet: true, sdnTag: true },
    });
    return rows.map((r) => ({ ...r, sdnVnet: r.sdnVnet! }));
  }

  knownAddresses(rangeIds: string[], addresses: string[]) {
    if (!rangeIds.length || !addresses.length) return Promise.resolve([]);
    return this.prisma.ipAddress.findMany({
      where: { rangeId: { in: rangeIds }, address: { in: addresses } },
      select: { id: true, rangeId: true, address: true, status: true, guestId: true },
    });
  }
}
