import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { QUEUES } from '@multpanel/contracts';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { PrismaService } from '../../common/prisma/prisma.service';
import { QueueService } from '../../common/queue/queue.service';
import { SharedCache } from '../../common/redis/shared-cache';
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

/** The fleet's exposition text, rendered once per interval for every API process (Redis). */
interface FleetText {
  text: string;
  at: number;
}

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
 * The fleet is read and rendered at most every 15 s by one API process, shared through Redis; a
 * scrape answers from the last text at once (refreshing in the background), so it never waits on a
 * large table nor re-renders thousands of label sets.
 */
@Injectable()
export class MetricsService implements OnModuleDestroy {
  private readonly logger = new Logger('Metrics');
  readonly registry = new Registry();
  readonly http = new HttpMetrics(this.registry);
  /** Fleet gauges: filled from `fleet` only while their text is rendered for the cache. */
  private readonly fleetRegistry = new Registry();
  private fleet?: FleetSnapshot;
  private fleetText?: FleetText;
  private refreshing?: Promise<void>;

  constructor(
    private readonly repo: FleetMetricsRepository,
    private readonly prisma: PrismaService,
    private readonly queues: QueueService,
    private readonly moduleRef: ModuleRef,
    private readonly cache: SharedCache,
  ) {
    this.gauges();
  }

  onModuleDestroy(): void {
    this.registry.clear();
    this.fleetRegistry.clear();
    this.fleet = undefined;
    this.fleetText = undefined;
  }

  /** The exposition text; the first scrape waits for the first fleet read. */
  async render(): Promise<{ contentType: string; body: string }> {
    if (!this.fleetText) await this.refresh();
    else if (Date.now() - this.fleetText.at > FLEET_MAX_AGE_MS) void this.refresh();
    const own = await Registry.merge([processMetrics(), this.registry]).metrics();
    return { contentType: this.registry.contentType, body: own + (this.fleetText?.text ?? '') };
  }

  private refresh(): Promise<void> {
    this.refreshing ??= this.cache
      .get(['metrics', 'fleet'], FLEET_MAX_AGE_MS, () => this.renderFleet())
      .then((t) => void (this.fleetText = t))
      .catch((err: Error) => this.logger.warn(`fleet metrics not read: ${err.message}`))
      .finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async renderFleet(): Promise<FleetText> {
    this.fleet = await this.readFleet();
    const text = await this.fleetRegistry.metrics();
    return { text: text.endsWith('\n') ? text : `${text}\n`, at: this.fleet.at };
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
    const fleet = () => this.fleet;
    const gauge = <L extends string>(
      name: string,
      help: string,
      labelNames: L[],
      fill: (g: Gauge<L>) => void,
      registers = [this.fleetRegistry],
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
    const own = [this.registry];
    gauge(
      'multpanel_fleet_read_age_seconds',
      'Age of the fleet figures',
      [],
      (g) => {
        if (this.fleetText) g.set((Date.now() - this.fleetText.at) / 1000);
      },
      own,
    );
    gauge(
      'multpanel_console_sessions',
      'Consoles relayed by this process',
      [],
      (g) => g.set(this.consoleSessions()),
      own,
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
      own,
    );
  }
}
