import { Injectable } from '@nestjs/common';
import { clusterOpenTo } from '../../common/access/access.repository';
import { PrismaService } from '../../common/prisma/prisma.service';
import type { ClusterStatus, JobStatus, Prisma } from '../../generated/prisma/client';

const withCompanies = { allowedCompanies: { select: { companyId: true } } } as const;
export type ClusterRow = Prisma.ClusterGetPayload<{ include: typeof withCompanies }>;

export interface ClusterWrite {
  name: string;
  endpoints: Array<{ url: string; fingerprint?: string }>;
  fingerprint: string | null;
  caPem: string | null;
  authType: 'token' | 'password';
  authUser: string;
  secret: string;
  location: string | null;
  tags: string[];
  healthIntervalSec: number;
  syncIntervalSec: number;
  requestRatePerSec: number;
  requestBurst: number;
  ownerCompanyId?: string | null;
}

export interface HealthUpdate {
  status: ClusterStatus;
  lastCheckAt: Date;
  lastOkAt?: Date;
  lastError: string | null;
  lastLatencyMs: number | null;
  successRate: number | null;
  avgLatencyMs: number | null;
  p95LatencyMs: number | null;
  pveVersion?: string | null;
  quorate?: boolean | null;
}

/**
 * Clusters are platform infrastructure owned by the MSP. A company sees the clusters open to it
 * (the list takes the caller's companies; single clusters are checked by common/access first).
 */
// Jobs a worker may still be running or about to run.
const LIVE_JOBS: JobStatus[] = ['queued', 'running'];

@Injectable()
export class ClustersRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** `companyIds` null = every cluster (staff). */
  list(companyIds: string[] | null): Promise<ClusterRow[]> {
    return this.prisma.cluster.findMany({
      where: clusterOpenTo(companyIds),
      include: withCompanies,
      orderBy: { name: 'asc' },
    });
  }

  /** The dedicated clusters of one company. */
  listOwned(companyId: string): Promise<ClusterRow[]> {
    return this.prisma.cluster.findMany({
      where: { ownerCompanyId: companyId },
      include: withCompanies,
      orderBy: { name: 'asc' },
    });
  }

  countOwned(companyId: string): Promise<number> {
    return this.prisma.cluster.count({ where: { ownerCompanyId: companyId } });
  }

  /** Live guests on the cluster that belong to a company other than `companyId`. */
  countGuestsNotOf(clusterId: string, companyId: string): Promise<number> {
    return this.prisma.guest.count({
      where: { clusterId, goneAt: null, companyId: { not: null }, NOT: { companyId } },
    });
  }

  ownerOf(clusterId: string): Promise<string | null> {
    return this.prisma.cluster
      .findUnique({ where: { id: clusterId }, select: { ownerCompanyId: true } })
      .then((r) => r?.ownerCompanyId ?? null);
  }

  findById(id: string): Promise<ClusterRow | null> {
    return this.prisma.cluster.findUnique({ where: { id }, include: withCompanies });
  }

  findByIds(ids: string[]): Promise<ClusterRow[]> {
    return this.prisma.cluster.findMany({ where: { id: { in: ids } }, include: withCompanies });
  }

  findNames(names: string[]): Promise<Array<{ name: string }>> {
    return this.prisma.cluster.findMany({ where: { name: { in: names } }, select: { name: true } });
  }

  existingCompanyIds(ids: string[]): Promise<Array<{ id: string }>> {
    return this.prisma.company.findMany({ where: { id: { in: ids } }, select: { id: true } });
  }

  create(data: ClusterWrite, allowedCompanyIds: string[]): Promise<ClusterRow> {
    return this.prisma.cluster.create({
      data: {
        ...data,
        allowedCompanies: { create: allowedCompanyIds.map((companyId) => ({ companyId })) },
      },
      include: withCompanies,
    });
  }

  update(
    id: string,
    data: Partial<ClusterWrite>,
    allowedCompanyIds?: string[],
  ): Promise<ClusterRow> {
    return this.prisma.$transaction(async (tx) => {
      if (allowedCompanyIds) {
        await tx.clusterCompany.deleteMany({ where: { clusterId: id } });
        await tx.clusterCompany.createMany({
          data: allowedCompanyIds.map((companyId) => ({ clusterId: id, companyId })),
        });
      }
      return tx.cluster.update({ where: { id }, data, include: withCompanies });
    });
  }

  /**
   * Removes the cluster with what only it gave meaning to (templates, finished jobs; nodes, storages
   * and guests cascade), unless guests on it still belong to companies or jobs on it are not
   * finished: then nothing is removed and the blocking count is returned.
   */
  delete(id: string): Promise<{ deleted: true } | { blocked: 'guests' | 'jobs'; count: number }> {
    return this.prisma.$transaction(async (tx) => {
      const guests = await tx.guest.count({
        where: { clusterId: id, goneAt: null, companyId: { not: null } },
      });
      if (guests > 0) return { blocked: 'guests' as const, count: guests };
      const jobs = await tx.job.count({ where: { clusterId: id, status: { in: LIVE_JOBS } } });
      if (jobs > 0) return { blocked: 'jobs' as const, count: jobs };
      await tx.vmTemplate.deleteMany({ where: { clusterId: id } });
      await tx.job.deleteMany({ where: { clusterId: id } });
      await tx.cluster.delete({ where: { id } });
      return { deleted: true as const };
    });
  }

  async counts(
    clusterIds: string[],
  ): Promise<Map<string, { nodes: number; guests: number; unassigned: number }>> {
    const out = new Map<string, { nodes: number; guests: number; unassigned: number }>();
    if (clusterIds.length === 0) return out;
    for (const id of clusterIds) out.set(id, { nodes: 0, guests: 0, unassigned: 0 });
    const [nodes, guests, unassigned] = await Promise.all([
      this.prisma.clusterNode.groupBy({
        by: ['clusterId'],
        where: { clusterId: { in: clusterIds }, goneAt: null },
        _count: { _all: true },
      }),
      this.prisma.guest.groupBy({
        by: ['clusterId'],
        where: { clusterId: { in: clusterIds }, goneAt: null },
        _count: { _all: true },
      }),
      this.prisma.guest.groupBy({
        by: ['clusterId'],
        where: { clusterId: { in: clusterIds }, goneAt: null, companyId: null },
        _count: { _all: true },
      }),
    ]);
    for (const r of nodes) out.get(r.clusterId)!.nodes = r._count._all;
    for (const r of guests) out.get(r.clusterId)!.guests = r._count._all;
    for (const r of unassigned) out.get(r.clusterId)!.unassigned = r._count._all;
    return out;
  }

  nodes(clusterId: string) {
    return this.prisma.clusterNode.findMany({ where: { clusterId }, orderBy: { name: 'asc' } });
  }

  storages(clusterId: string) {
    return this.prisma.clusterStorage.findMany({
      where: { clusterId },
      orderBy: [{ node: 'asc' }, { storage: 'asc' }],
    });
  }

  // --- health -----------------------------------------------------------------------------

  addHealthSample(
    clusterId: string,
    sample: { at: Date; ok: boolean; latencyMs: number | null; error: string | null },
  ) {
    return this.prisma.clusterHealthSample.create({
      data: { clusterId, ...sample, error: sample.error?.slice(0, 512) ?? null },
    });
  }

  healthSamplesSince(clusterId: string, since: Date) {
    return this.prisma.clusterHealthSample.findMany({
      where: { clusterId, at: { gte: since } },
      orderBy: { at: 'asc' },
      select: { at: true, ok: true, latencyMs: true, error: true },
    });
  }

  pruneHealthSamples(before: Date) {
    return this.prisma.clusterHealthSample.deleteMany({ where: { at: { lt: before } } });
  }

  updateHealth(clusterId: string, data: HealthUpdate) {
    return this.prisma.cluster.update({ where: { id: clusterId }, data });
  }

  updateSyncState(clusterId: string, data: { lastSyncAt?: Date; lastSyncError: string | null }) {
    return this.prisma.cluster.update({ where: { id: clusterId }, data });
  }

  /** Everything the scheduler needs to decide which cluster is due. */
  scheduleInfo() {
    return this.prisma.cluster.findMany({
      select: {
        id: true,
        healthIntervalSec: true,
        syncIntervalSec: true,
        lastCheckAt: true,
        lastSyncAt: true,
        status: true,
      },
    });
  }
}
