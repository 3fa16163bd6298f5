import { Injectable } from '@nestjs/common';
import type {
  AlertSeverityCounts,
  DashboardBackup,
  DashboardJob,
  GuestStateCounts,
  OutcomeCounts,
  StaffDashboard,
  TopConsumer,
} from '@multpanel/contracts';
import { companyWhere, type Scope } from '../../common/auth/scope';
import { PrismaService } from '../../common/prisma/prisma.service';
import type { Prisma } from '../../generated/prisma/client';

const DAY_MS = 86_400_000;

/** Narrows a company's rows to the guests a `user` was granted (null: no narrowing). */
export interface GuestNarrowing {
  guestIds: string[] | null;
  /** A `user`: their own jobs count too. */
  userId: string | null;
}

function guestCounts(rows: Array<{ status: string; _count: { _all: number } }>): GuestStateCounts {
  const out: GuestStateCounts = { running: 0, stopped: 0, other: 0, total: 0 };
  for (const r of rows) {
    const n = r._count._all;
    if (r.status === 'running') out.running += n;
    else if (r.status === 'stopped') out.stopped += n;
    else out.other += n;
    out.total += n;
  }
  return out;
}

function severityCounts(
  rows: Array<{ severity: string; _count: { _all: number } }>,
): AlertSeverityCounts {
  const out: AlertSeverityCounts = { info: 0, warning: 0, critical: 0 };
  for (const r of rows) {
    if (r.severity in out) out[r.severity as keyof AlertSeverityCounts] += r._count._all;
  }
  return out;
}

function outcomes(rows: Array<{ status: string; _count: { _all: number } }>): OutcomeCounts {
  const count = (s: string) => rows.find((r) => r.status === s)?._count._all ?? 0;
  const succeeded = count('succeeded');
  const failed = count('failed') + count('missed');
  const done = succeeded + failed;
  return { succeeded, failed, successRate: done ? succeeded / done : null };
}

/**
 * The grouped counts behind the role dashboards. Every read takes the caller's scope first: staff
 * figures are the scope's (all companies for the MSP's staff), a company's only its own rows.
 */
@Injectable()
export class DashboardRepository {
  constructor(private readonly prisma: PrismaService) {}

  async staff(scope: Scope, now: Date): Promise<StaffDashboard> {
    const since = new Date(now.getTime() - DAY_MS);
    const liveGuest: Prisma.GuestWhereInput = {
      ...companyWhere(scope),
      goneAt: null,
      template: false,
    };
    const [clusters, nodes, nodeCap, guests, alloc, alerts, jobsOpen, jobsDone, backups, top] =
      await Promise.all([
        this.prisma.cluster.findMany({
          select: {
            id: true,
            name: true,
            status: true,
            avgLatencyMs: true,
            successRate: true,
            lastOkAt: true,
          },
          orderBy: { name: 'asc' },
        }),
        this.prisma.clusterNode.groupBy({
          by: ['status'],
          where: { goneAt: null },
          _count: { _all: true },
        }),
        this.prisma.clusterNode.aggregate({
          where: { goneAt: null },
          _sum: { maxcpu: true, maxmem: true },
        }),
        this.prisma.guest.groupBy({ by: ['status'], where: liveGuest, _count: { _all: true } }),
        this.prisma.guest.aggregate({
          where: liveGuest,
          _sum: { maxcpu: true, maxmem: true, maxdisk: true },
        }),
        this.prisma.alert.groupBy({
          by: ['severity'],
          where: { ...companyWhere(scope), state: 'firing' },
          _count: { _all: true },
        }),
        this.prisma.job.groupBy({
          by: ['status'],
          where: { ...companyWhere(scope), status: { in: ['queued', 'running'] } },
          _count: { _all: true },
        }),
        this.prisma.job.groupBy({
          by: ['status'],
          where: { ...companyWhere(scope), finishedAt: { gte: since } },
          _count: { _all: true },
        }),
        this.prisma.backupResult.groupBy({
          by: ['status'],
          where: { ...companyWhere(scope), finishedAt: { gte: since } },
          _count: { _all: true },
        }),
        this.prisma.guest.groupBy({
          by: ['companyId'],
          where: { ...liveGuest, companyId: { not: null, ...companyWhere(scope).companyId } },
          _count: { _all: true },
          _sum: { maxcpu: true, maxmem: true },
          orderBy: [{ _sum: { maxcpu: 'desc' } }, { _sum: { maxmem: 'desc' } }],
          take: 5,
        }),
      ]);
    const names = new Map(
      (
        await this.prisma.company.findMany({
          where: { id: { in: top.map((t) => t.companyId!) } },
          select: { id: true, name: true },
        })
      ).map((c) => [c.id, c.name]),
    );
    const clusterCount = (s: string) => clusters.filter((c) => c.status === s).length;
    const nodeOnline = nodes.find((n) => n.status === 'online')?._count._all ?? 0;
    const nodeTotal = nodes.reduce((a, n) => a + n._count._all, 0);
    const jobCount = (s: string) => jobsOpen.find((j) => j.status === s)?._count._all ?? 0;
    const topConsumers: TopConsumer[] = top.map((t) => ({
      companyId: t.companyId!,
      companyName: names.get(t.companyId!) ?? '',
      guests: t._count._all,
      vcpus: t._sum.maxcpu ?? 0,
      memoryBytes: Number(t._sum.maxmem ?? 0),
    }));
    return {
      clusters: {
        total: clusters.length,
        online: clusterCount('online'),
        degraded: clusterCount('degraded'),
        offline: clusterCount('offline'),
        unknown: clusterCount('unknown'),
      },
      nodes: { total: nodeTotal, online: nodeOnline, offline: nodeTotal - nodeOnline },
      guests: guestCounts(guests),
      allocated: {
        vcpus: alloc._sum.maxcpu ?? 0,
        memoryBytes: Number(alloc._sum.maxmem ?? 0),
        diskBytes: Number(alloc._sum.maxdisk ?? 0),
      },
      capacity: {
        cpus: nodeCap._sum.maxcpu ?? 0,
        memoryBytes: Number(nodeCap._sum.maxmem ?? 0),
      },
      alerts: severityCounts(alerts),
      jobs: {
        queued: jobCount('queued'),
        running: jobCount('running'),
        last24h: outcomes(jobsDone),
      },
      backups24h: outcomes(backups),
      topConsumers,
      connections: clusters.map((c) => ({
        clusterId: c.id,
        name: c.name,
        status: c.status,
        avgLatencyMs: c.avgLatencyMs,
        successRate: c.successRate,
        lastOkAt: c.lastOkAt?.toISOString() ?? null,
      })),
    };
  }

  /** One company's estate; `narrow` limits a `user` to granted guests and own jobs. */
  async company(
    scope: Scope,
    companyId: string,
    narrow: GuestNarrowing,
  ): Promise<{
    guests: GuestStateCounts;
    allocated: { vcpus: number; memoryBytes: number; diskBytes: number };
    alerts: AlertSeverityCounts;
    lastBackups: DashboardBackup[];
    recentJobs: DashboardJob[];
  }> {
    const own = { AND: [companyWhere(scope), { companyId }] };
    const guestIds = narrow.guestIds ? { in: narrow.guestIds } : undefined;
    const liveGuest: Prisma.GuestWhereInput = {
      ...own,
      goneAt: null,
      template: false,
      ...(guestIds ? { id: guestIds } : {}),
    };
    const jobWhere: Prisma.JobWhereInput = {
      ...own,
      ...(narrow.guestIds
        ? { OR: [{ guestId: guestIds }, ...(narrow.userId ? [{ actorId: narrow.userId }] : [])] }
        : {}),
    };
    const [guests, alloc, alerts, backups, jobs] = await Promise.all([
      this.prisma.guest.groupBy({ by: ['status'], where: liveGuest, _count: { _all: true } }),
      this.prisma.guest.aggregate({
        where: liveGuest,
        _sum: { maxcpu: true, maxmem: true, maxdisk: true },
      }),
      this.prisma.alert.groupBy({
        by: ['severity'],
        where: { ...own, state: 'firing', ...(guestIds ? { guestId: guestIds } : {}) },
        _count: { _all: true },
      }),
      this.prisma.backupResult.findMany({
        where: { ...own, finishedAt: { not: null }, ...(guestIds ? { guestId: guestIds } : {}) },
        orderBy: { finishedAt: 'desc' },
        take: 5,
        select: { guestId: true, guestName: true, status: true, finishedAt: true },
      }),
      this.prisma.job.findMany({
        where: jobWhere,
        orderBy: { createdAt: 'desc' },
        take: 5,
        select: { id: true, type: true, status: true, createdAt: true, finishedAt: true },
      }),
    ]);
    return {
      guests: guestCounts(guests),
      allocated: {
        vcpus: alloc._sum.maxcpu ?? 0,
        memoryBytes: Number(alloc._sum.maxmem ?? 0),
        diskBytes: Number(alloc._sum.maxdisk ?? 0),
      },
      alerts: severityCounts(alerts),
      lastBackups: backups.map((b) => ({ ...b, finishedAt: b.finishedAt?.toISOString() ?? null })),
      recentJobs: jobs.map((j) => ({
        ...j,
        createdAt: j.createdAt.toISOString(),
        finishedAt: j.finishedAt?.toISOString() ?? null,
      })),
    };
  }
}
