import { Injectable, Logger } from '@nestjs/common';
import type { ClusterHealthEvent, ClusterStatus } from '@multpanel/contracts';
import { EventsPublisher } from '../../common/events/events.publisher';
import { ProxmoxError } from '../../common/proxmox';
import { ClusterConnectionService } from './cluster-connection.service';
import { healthStats, learnedTimeoutMs, retryTimeoutMs, SLOW_ANSWER_MS } from './cluster-health';
import { ClustersRepository } from './clusters.repository';

const DAY_MS = 24 * 3600_000;

export interface HealthCheckOutcome {
  clusterId: string;
  status: ClusterStatus;
  changed: boolean;
  latencyMs: number | null;
  error: string | null;
}

/**
 * One health check: version + cluster status with a timeout learned from recent answers, stored
 * as a sample; the 24-hour success rate, average and p95 are recomputed from the samples, and a
 * status change is pushed to the SPA. Slow is not offline: a check that times out is tried again
 * with the ceiling timeout before the cluster is declared offline, a slow answer marks it
 * `degraded` (still usable) and is stored as a sample, so the learned timeout grows with it.
 */
@Injectable()
export class ClusterHealthService {
  private readonly logger = new Logger('ClusterHealth');
  private lastPrune = 0;

  constructor(
    private readonly repo: ClustersRepository,
    private readonly connections: ClusterConnectionService,
    private readonly events: EventsPublisher,
  ) {}

  async check(clusterId: string): Promise<HealthCheckOutcome | null> {
    const row = await this.repo.findById(clusterId);
    if (!row) return null;
    const now = new Date();
    const history = await this.repo.healthSamplesSince(clusterId, new Date(now.getTime() - DAY_MS));
    const recent = history
      .slice(-30)
      .filter((s) => s.ok && s.latencyMs !== null)
      .map((s) => s.latencyMs as number);
    const timeoutMs = learnedTimeoutMs(recent, row.healthIntervalSec);
    const api = this.connections.forRow(row, 'background');

    let status: ClusterStatus = 'offline';
    let latencyMs: number | null = null;
    let error: string | null = null;
    let version: string | null | undefined;
    let quorate: boolean | null | undefined;
    // Server errors (5xx) are asked again within the check's patience: a cluster failing some of its
    // requests answers one of them and is degraded; only errors or silence throughout are offline.
    let serverErrors = 0;
    const patienceEnds = performance.now() + retryTimeoutMs(row.healthIntervalSec);
    const patient = async <T>(fn: () => Promise<T>): Promise<T> => {
      for (let wait = 50; ; wait = Math.min(wait * 2, 400)) {
        try {
          return await fn();
        } catch (err) {
          const serverError = err instanceof ProxmoxError && err.code === 'PVE_SERVER';
          if (!serverError || performance.now() + wait > patienceEnds) throw err;
          serverErrors++;
          await new Promise((r) => setTimeout(r, wait));
        }
      }
    };
    try {
      let t0 = performance.now();
      let timeout = timeoutMs;
      const v = await patient(() => api.version({ timeoutMs: timeout, retries: 0 })).catch(
        (err: unknown) => {
          if (!(err instanceof ProxmoxError && err.transient)) throw err;
          // One more try, as patient as the check allows, before calling the cluster offline.
          timeout = Math.max(timeoutMs, retryTimeoutMs(row.healthIntervalSec));
          t0 = performance.now();
          return api.version({ timeoutMs: timeout, retries: 0 });
        },
      );
      latencyMs = Math.round(performance.now() - t0);
      version = v.version || null;
      const cs = await patient(() => api.clusterStatus({ timeoutMs: timeout, retries: 0 }));
      const cluster = cs.find((s) => s.type === 'cluster');
      const nodes = cs.filter((s) => s.type === 'node');
      quorate = cluster ? (cluster.quorate ?? null) : true;
      const offline = nodes.filter((n) => n.online === false).map((n) => n.name);
      status = quorate === false || offline.length > 0 ? 'degraded' : 'online';
      if (quorate === false) error = 'The cluster has lost quorum';
      else if (offline.length)
        error = `${offline.length === 1 ? 'node' : 'nodes'} ${offline.join(', ')} offline`;
      else if (latencyMs >= SLOW_ANSWER_MS) {
        status = 'degraded';
        error = `slow: answered in ${latencyMs} ms`;
      } else if (serverErrors > 0) {
        status = 'degraded';
        error = `failing requests: ${serverErrors} server ${serverErrors === 1 ? 'error' : 'errors'} before an answer`;
      }
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
      // Auth or permission failures mean the cluster answered: it is up, our access is not.
      status =
        err instanceof ProxmoxError && ['PVE_AUTH', 'PVE_FORBIDDEN'].includes(err.code)
          ? 'degraded'
          : 'offline';
    }

    const ok = status !== 'offline';
    await this.repo.addHealthSample(clusterId, { at: now, ok, latencyMs, error });
    const stats = healthStats([...history, { ok, latencyMs }]);
    await this.repo.updateHealth(clusterId, {
      status,
      lastCheckAt: now,
      ...(ok ? { lastOkAt: now } : {}),
      lastError: error,
      lastLatencyMs: latencyMs,
      ...stats,
      ...(version !== undefined ? { pveVersion: version } : {}),
      ...(quorate !== undefined ? { quorate } : {}),
    });

    const changed = status !== row.status;
    if (changed) {
      const event: ClusterHealthEvent = {
        clusterId,
        name: row.name,
        status,
        previousStatus: row.status,
        lastError: error,
        latencyMs,
        at: now.toISOString(),
      };
      await this.events
        .publish({ type: 'cluster.health', companyId: null, payload: event })
        .catch((err: Error) => this.logger.warn(`could not publish health event: ${err.message}`));
    }
    if (now.getTime() - this.lastPrune > 3600_000) {
      this.lastPrune = now.getTime();
      await this.repo.pruneHealthSamples(new Date(now.getTime() - DAY_MS));
    }
    return { clusterId, status, changed, latencyMs, error };
  }
}
