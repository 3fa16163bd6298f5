import { Injectable, Logger } from '@nestjs/common';
import { SYSTEM_PAYLOAD } from '@multpanel/contracts';
import { AppError } from '../../common/errors/app-error';
import type { EvaluationInput } from '../alerts/alert-evaluate';
import { QueueService } from '../../common/queue/queue.service';
import { RedisService } from '../../common/redis/redis.service';
import { AppConfig } from '../../config/app-config';
import { ClusterConnectionService } from '../clusters/cluster-connection.service';
import { ClustersService } from '../clusters/clusters.service';
import { GuestsService } from '../guests/guests.service';
import {
  buildReadings,
  usesCeph,
  type ClusterReadings,
  type IoCounters,
} from './metrics-aggregate';
import { MonitoringRepository } from './monitoring.repository';

export const MINUTE_MS = 60_000;

/** What one collection found: the readings, or why there are none (the cluster did not answer). */
export type Collection =
  | { clusterId: string; name: string; ok: true; readings: ClusterReadings; fetchMs: number }
  | { clusterId: string; name: string; ok: false; error: string };

/**
 * Metrics collection: once a minute, one `/cluster/resources` read per reachable cluster (a
 * background call inside the cluster's request budget) gives every guest's, node's and storage's
 * usage. Rates come from the I/O counters of the previous read (kept in Redis, shared by workers).
 * The cluster, node and company aggregates are stored; guest readings go to alert evaluation only.
 */
@Injectable()
export class MetricsCollectService {
  private readonly logger = new Logger('MetricsCollect');
  private readonly seriesIds = new Map<string, number>();

  constructor(
    private readonly clusters: ClustersService,
    private readonly connections: ClusterConnectionService,
    private readonly guests: GuestsService,
    private readonly repo: MonitoringRepository,
    private readonly redis: RedisService,
    private readonly queues: QueueService,
    private readonly config: AppConfig,
  ) {}

  private get periodMs(): number {
    return this.config.env.MONITORING_COLLECT_SECONDS * 1000;
  }

  /** `monitoring.collect` (every minute, or MONITORING_COLLECT_SECONDS): one collection per cluster. */
  async schedule(now = Date.now()): Promise<{ enqueued: number }> {
    const minute = Math.floor(now / MINUTE_MS);
    // One job per cluster and period; a sub-minute period adds the period's number to the id.
    const slot = this.periodMs < MINUTE_MS ? `-${Math.floor(now / this.periodMs)}` : '';
    let enqueued = 0;
    // Offline clusters too: their collection sends nothing, but judges "cluster unreachable".
    for (const c of await this.clusters.statuses()) {
      await this.queues.enqueue(
        'monitoring.collect-cluster',
        { ...SYSTEM_PAYLOAD, clusterId: c.id, minute },
        {
          jobId: `metrics-${c.id}-${minute}${slot}`,
          removeOnComplete: { age: 3600, count: 500 },
          removeOnFail: { age: 86400, count: 500 },
        },
      );
      enqueued++;
    }
    return { enqueued };
  }

  private countersKey(clusterId: string): string {
    return this.redis.key('mon', 'io', clusterId);
  }

  /**
   * Reads the cluster once and stores its aggregates for `minute`; null when it no longer exists.
   * With a sub-minute period only the minute's first collection stores (the repository's points
   * have one writer per series); the others still feed alert evaluation.
   */
  async collect(
    clusterId: string,
    minute = Math.floor(Date.now() / MINUTE_MS),
  ): Promise<Collection | null> {
    let conn;
    try {
      conn = await this.connections.open(clusterId, 'background');
    } catch (err) {
      if (err instanceof AppError && err.code === 'NOT_FOUND') return null;
      throw err;
    }
    const name = conn.name;
    // The health check found it offline: no request (its rules still see it unreachable).
    if (conn.status === 'offline') return { clusterId, name, ok: false, error: 'offline' };
    const t0 = performance.now();
    let resources;
    try {
      resources = await conn.api.clusterResources(undefined, { timeoutMs: 30_000 });
    } catch (err) {
      return { clusterId, name, ok: false, error: (err as Error).message };
    }
    const fetchMs = Math.round(performance.now() - t0);
    const at = Date.now();
    const [owners, prevRaw] = await Promise.all([
      this.guests.activeOwners(clusterId),
      this.redis.client.get(this.countersKey(clusterId)).catch(() => null),
    ]);
    const prev = prevRaw ? (JSON.parse(prevRaw) as IoCounters) : null;
    const readings = buildReadings(clusterId, resources, owners, prev, at);
    // A second request only for clusters with a Ceph storage: 2 a minute, whatever the guests.
    if (usesCeph(resources)) readings.ceph = await this.cephHealth(conn.api);
    await this.redis.client
      .set(this.countersKey(clusterId), JSON.stringify(readings.counters), 'EX', 900)
      .catch((err: Error) => this.logger.warn(`could not keep I/O counters: ${err.message}`));
    if (await this.firstOfMinute(clusterId, minute))
      await this.store(readings, new Date(minute * MINUTE_MS));
    await this.keepDiskUsed(clusterId, readings);
    return { clusterId, name, ok: true, readings, fetchMs };
  }

  private async firstOfMinute(clusterId: string, minute: number): Promise<boolean> {
    if (this.periodMs >= MINUTE_MS) return true;
    const key = this.redis.key('mon', 'stored', clusterId, String(minute));
    return (await this.redis.client.set(key, '1', 'EX', 120, 'NX')) === 'OK';
  }

  private diskUsedKey(clusterId: string): string {
    return this.redis.key('mon', 'disk-used', clusterId);
  }

  /**
   * Per company, the disk its guests use as this read reported it, for the hourly usage snapshot.
   * Proxmox reports a used figure for containers; a VM's is 0 (not reported), so it is left out.
   */
  private async keepDiskUsed(clusterId: string, readings: ClusterReadings): Promise<void> {
    const used: Record<string, [number, number]> = {};
    for (const g of readings.guests) {
      if (!g.companyId || !(g.disk > 0)) continue;
      const u = (used[g.companyId] ??= [0, 0]);
      u[0] += g.disk;
      u[1] += 1;
    }
    await this.redis.client
      .set(this.diskUsedKey(clusterId), JSON.stringify(used), 'EX', 900)
      .catch((err: Error) => this.logger.warn(`could not keep disk used: ${err.message}`));
  }

  /** The disk used per company across clusters, from each cluster's last read (≤ 15 min old). */
  async diskUsedByCompany(): Promise<Map<string, { bytes: number; guests: number }>> {
    const out = new Map<string, { bytes: number; guests: number }>();
    for (const c of await this.clusters.statuses()) {
      const raw = await this.redis.client.get(this.diskUsedKey(c.id)).catch(() => null);
      if (!raw) continue;
      for (const [companyId, [bytes, guests]] of Object.entries(
        JSON.parse(raw) as Record<string, [number, number]>,
      )) {
        const t = out.get(companyId) ?? { bytes: 0, guests: 0 };
        t.bytes += bytes;
        t.guests += guests;
        out.set(companyId, t);
      }
    }
    return out;
  }

  /** Ceph's health (`HEALTH_OK`, `HEALTH_WARN`, `HEALTH_ERR`), or null when it did not answer. */
  private async cephHealth(api: {
    cephStatus(): Promise<Record<string, unknown>>;
  }): Promise<{ health: string } | null> {
    try {
      const raw = await api.cephStatus();
      const health = (raw?.health as { status?: unknown } | undefined)?.status;
      return typeof health === 'string' ? { health } : null;
    } catch (err) {
      this.logger.warn(`could not read Ceph status: ${(err as Error).message}`);
      return null;
    }
  }

  /** What alert evaluation needs of a collection. */
  evaluationInput(c: Collection): EvaluationInput {
    return {
      clusterId: c.clusterId,
      clusterName: c.name,
      reachable: c.ok,
      readings: c.ok ? c.readings : null,
    };
  }

  private async store(readings: ClusterReadings, at: Date): Promise<void> {
    const missing = readings.series.filter((s) => !this.seriesIds.has(s.key));
    if (missing.length) {
      for (const [k, id] of await this.repo.ensureSeries(missing)) this.seriesIds.set(k, id);
    }
    await this.repo.writePoints(
      60,
      at,
      readings.series.map((s) => ({ seriesId: this.seriesIds.get(s.key)!, sample: s.sample })),
    );
  }
}
