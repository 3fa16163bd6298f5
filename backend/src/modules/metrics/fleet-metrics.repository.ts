import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../common/prisma/prisma.service';

export interface GuestAggregate {
  cluster: string;
  company: string;
  status: string;
  guests: number;
  vcpus: number;
  memoryBytes: number;
  diskBytes: number;
}

export interface JobAggregate {
  type: string;
  status: string;
  jobs: number;
  seconds: number;
}

/** Fleet figures for /api/metrics: a few grouped reads, never a row per guest. */
@Injectable()
export class FleetMetricsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Live guests (not templates) by cluster, company (slug, "unassigned") and state. */
  async guests(): Promise<GuestAggregate[]> {
    const rows = await this.prisma.$queryRaw<
      Array<{
        cluster: string;
        company: string | null;
        status: string;
        guests: bigint;
        vcpus: number | null;
        mem: string | null;
        disk: string | null;
      }>
    >`SELECT c.name AS cluster, co.slug AS company, g.status, COUNT(*) AS guests,
             SUM(g.maxcpu) AS vcpus, CAST(SUM(g.maxmem) AS CHAR) AS mem, CAST(SUM(g.maxdisk) AS CHAR) AS disk
        FROM Guest g JOIN Cluster c ON c.id = g.clusterId LEFT JOIN Company co ON co.id = g.companyId
       WHERE g.goneAt IS NULL AND g.template = false
       GROUP BY c.name, co.slug, g.status`;
    return rows.map((r) => ({
      cluster: r.cluster,
      company: r.company ?? 'unassigned',
      status: r.status,
      guests: Number(r.guests),
      vcpus: Number(r.vcpus ?? 0),
      memoryBytes: Number(r.mem ?? 0),
      diskBytes: Number(r.disk ?? 0),
    }));
  }

  /** Clusters by status. */
  async clusters(): Promise<Array<{ status: string; clusters: number }>> {
    const rows = await this.prisma.cluster.groupBy({ by: ['status'], _count: { _all: true } });
    return rows.map((r) => ({ status: String(r.status), clusters: r._count._all }));
  }

  /** Open (pending or firing) alerts by severity and company. */
  async openAlerts(): Promise<Array<{ severity: string; company: string; alerts: number }>> {
    const rows = await this.prisma.$queryRaw<
      Array<{ severity: string; company: string | null; alerts: bigint }>
    >`SELECT a.severity, co.slug AS company, COUNT(*) AS alerts
        FROM Alert a LEFT JOIN Company co ON co.id = a.companyId
       WHERE a.resolvedAt IS NULL
       GROUP BY a.severity, co.slug`;
    return rows.map((r) => ({
      severity: r.severity,
      company: r.company ?? 'platform',
      alerts: Number(r.alerts),
    }));
  }

  /** Jobs created in the last 24 hours by type and result, with their run time. */
  async jobs(): Promise<JobAggregate[]> {
    const rows = await this.prisma.$queryRaw<
      Array<{ type: string; status: string; jobs: bigint; ms: string | null }>
    >`SELECT type, status, COUNT(*) AS jobs,
             CAST(SUM(TIMESTAMPDIFF(MICROSECOND, startedAt, COALESCE(finishedAt, NOW(3))) / 1000) AS CHAR) AS ms
        FROM Job WHERE createdAt > NOW(3) - INTERVAL 1 DAY
       GROUP BY type, status`;
    return rows.map((r) => ({
      type: r.type,
      status: r.status,
      jobs: Number(r.jobs),
      seconds: Number(r.ms ?? 0) / 1000,
    }));
  }
}
