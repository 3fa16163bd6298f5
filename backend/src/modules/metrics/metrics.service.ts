import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { QUEUES } from '@multpanel/contracts';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { PrismaService } from '../../common/prisma/prisma.service';
import { QueueService } from '../../common/queue/queue.service';
import { ConsoleSessionService } from '../console/console-session.service';
import {
  FleetMetricsRepository,
  type GuestAggregate,
  type JobAggregate,
} from './fleet-metrics.repository';
import { HttpMetrics } from './http-metrics';

/**
 * Node.js figures (memory, event loop, GC) are the process's: collected once per process into their
 * own registry. Collecting them per app would add process-wide observers that keep every app alive.
 */
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry, prefix: 'multpanel_' });
  }
  return processRegistry;
}

/** Fleet figures are read at most this often: a scrape answers from the last read at once. */
const FLEET_MAX_AGE_MS = 15_000;

interface FleetSnapshot {
  guests: GuestAggregate[];
  clusters: Array<{ status: string; clusters: number }>;
  alerts: Array<{ severity: string; company: string; alerts: number }>;
  jobs: JobAggregate[];
  queues: Array<{ queue: string; state: string; jobs: number }>;
  at: number;
}

/**
 * Prometheus metrics for GET /api/metrics: this process's own (HTTP durations, event loop, memory,
 * database pool, console relays) and the fleet's from the database and the job queues (guests by state,
 * allocated vCPU/RAM/disk per cluster and company, open alerts, jobs of the last 24 hours, queue depth).
 * The fleet is read in the background at most every 15 s, so a scrape never waits on a large table.
 */
@Injectable()
export class MetricsService implements OnModuleDestroy {
  private readonly logger = new Logger('Metrics');
  readonly registry = new Registry();
  readonly http = new HttpMetrics(this.registry);
  private fleet?: FleetSnapshot;
  private refreshing?: Promise<void>;

  constructor(
    private readonly repo: FleetMetricsRepository,
    private readonly prisma: PrismaService,
    private readonly queues: QueueService,
    private readonly moduleRef: ModuleRef,
  ) {
    this.gauges();
  }

  onModuleDestroy(): void {
    this.registry.clear();
    this.fleet = undefined;
  }

  /** The exposition text; the first scrape waits for the first fleet read. */
  async render(): Promise<{ contentType: string; body: string }> {
    if (!this.fleet) await this.refresh();
    else if (Date.now() - this.fleet.at > FLEET_MAX_AGE_MS) void this.refresh();
    const all = Registry.merge([processMetrics(), this.registry]);
    return { contentType: this.registry.contentType, body: await all.metrics() };
  }

  private refresh(): Promise<void> {
    this.refreshing ??= this.readFleet()
      .then((snapshot) => void (this.fleet = snapshot))
      .catch((err: Error) => this.logger.warn(`fleet metrics not read: ${err.message}`))
      .finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async readFleet(): Promise<FleetSnapshot> {
    const [guests, clusters, alerts, jobs, queues] = await Promise.all([
      this.repo.guests(),
      this.repo.clusters(),
      this.repo.openAlerts(),
      this.repo.jobs(),
      this.queueDepth(),
    ]);
    return { guests, clusters, alerts, jobs, queues, at: Date.now() };
  }

  private async queueDepth(): Promise<FleetSnapshot['queues']> {
    const out: FleetSnapshot['queues'] = [];
    for (const queue of Object.values(QUEUES)) {
      const counts = await this.queues
        .queue(queue)
        .getJobCounts('waiting', 'active', 'delayed', 'failed');
      for (const [state, jobs] of Object.entries(counts)) out.push({ queue, state, jobs });
    }
    return out;
  }

  private consoleSessions(): number {
    try {
      return this.moduleRef.get(ConsoleSessionService, { strict: false }).liveSessions;
    } catch {
      return 0; // an app without the console module
    }
  }

  /** Gauges filled from the last snapshot (or this process) when Prometheus scrapes. */
  private gauges(): void {
    const registers = [this.registry];
    const fleet = () => this.fleet;
    const gauge = <L extends string>(
      name: string,
      help: string,
      labelNames: L[],
      fill: (g: Gauge<L>) => void,
    ) =>
      new Gauge<L>({
        name,
        help,
        labelNames,
        registers,
        collect() {
          this.reset();
          fill(this);
        },
      });
    type G = ['cluster', 'company', 'status'];
    const byGuest = (name: string, help: string, value: (a: GuestAggregate) => number) =>
      gauge<G[number]>(name, help, ['cluster', 'company', 'status'], (g) => {
        for (const a of fleet()?.guests ?? [])
          g.set({ cluster: a.cluster, company: a.company, status: a.status }, value(a));
      });
    byGuest(
      'multpanel_guests',
      'Guests (not templates) by cluster, company and state',
      (a) => a.guests,
    );
    byGuest('multpanel_guest_vcpus', 'Allocated vCPUs', (a) => a.vcpus);
    byGuest('multpanel_guest_memory_bytes', 'Allocated memory', (a) => a.memoryBytes);
    byGuest('multpanel_guest_disk_bytes', 'Allocated disk', (a) => a.diskBytes);
    gauge('multpanel_clusters', 'Clusters by status', ['status'], (g) => {
      for (const c of fleet()?.clusters ?? []) g.set({ status: c.status }, c.clusters);
    });
    gauge(
      'multpanel_alerts_open',
      'Open alerts by severity and company',
      ['severity', 'company'],
      (g) => {
        for (const a of fleet()?.alerts ?? [])
          g.set({ severity: a.severity, company: a.company }, a.alerts);
      },
    );
    gauge(
      'multpanel_jobs_24h',
      'Jobs created in the last 24 h by type and status',
      ['type', 'status'],
      (g) => {
        for (const j of fleet()?.jobs ?? []) g.set({ type: j.type, status: j.status }, j.jobs);
      },
    );
    gauge(
      'multpanel_jobs_24h_run_seconds',
      'Summed run time of those jobs (divide by multpanel_jobs_24h for the mean)',
      ['type', 'status'],
      (g) => {
        for (const j of fleet()?.jobs ?? []) g.set({ type: j.type, status: j.status }, j.seconds);
      },
    );
    gauge('multpanel_queue_jobs', 'Job queue depth by queue and state', ['queue', 'state'], (g) => {
      for (const q of fleet()?.queues ?? []) g.set({ queue: q.queue, state: q.state }, q.jobs);
    });
    gauge('multpanel_fleet_read_age_seconds', 'Age of the fleet figures above', [], (g) => {
      const f = fleet();
      if (f) g.set((Date.now() - f.at) / 1000);
    });
    gauge('multpanel_console_sessions', 'Consoles relayed by this process', [], (g) =>
      g.set(this.consoleSessions()),
    );
    gauge(
      'multpanel_db_pool_connections',
      'Database pool of this process by state',
      ['state'],
      (g) => {
        const pool = this.prisma.driverAdapter.pool;
        if (!pool) return;
        g.set({ state: 'active' }, pool.activeConnections());
        g.set({ state: 'idle' }, pool.idleConnections());
        g.set({ state: 'waiting' }, pool.taskQueueSize());
      },
    );
  }
}
