import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import {
  JOB_NAMES,
  JOB_CATALOG,
  jobSpec,
  QUEUES,
  type QueueName,
  type TrackedJobRef,
} from '@multpanel/contracts';
import { hostname } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { DelayedError, Worker, type Job as BullJob } from 'bullmq';
import { isDbTransient } from '../../common/prisma/db-connection-lost';
import { bullConnection, bullPrefix } from '../../common/queue/queue.service';
import { RedisService } from '../../common/redis/redis.service';
import { AppConfig } from '../../config/app-config';
import { TrackedJobRunner } from './job-runner';
import { JobRecovery } from './job-recovery';
import { JobRegistry } from './job-registry';
import { JobSchedulers } from './job-schedulers';
import { JOBS_WORKER_OPTIONS, type JobsWorkerOptions } from './jobs-worker.options';

/** Delay before a job interrupted by a lost database connection runs again. */
const DB_RETRY_MS = 1000;

/**
 * The worker side of the job catalog: one BullMQ worker per queue (options per queue), each job
 * dispatched to its `@OnJob` handler by name; tracked jobs go through the TrackedJobRunner. At
 * start-up it registers the schedulers and recovers lost tracked jobs, and it watches Redis: if
 * Redis comes back without its data, schedulers are registered again and lost jobs recovered.
 */
@Injectable()
export class JobsWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Worker');
  private readonly workers: Worker[] = [];
  private watch?: NodeJS.Timeout;

  constructor(
    private readonly config: AppConfig,
    private readonly registry: JobRegistry,
    private readonly tracked: TrackedJobRunner,
    private readonly schedulers: JobSchedulers,
    private readonly recovery: JobRecovery,
    private readonly redis: RedisService,
    @Inject(JOBS_WORKER_OPTIONS) private readonly opts: JobsWorkerOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const missing = this.registry.missing();
    if (missing.length && this.opts.strict) {
      throw new Error(`No handler for jobs: ${missing.join(', ')}`);
    }
    const queues = this.queuesToRun();
    for (const queue of queues) this.workers.push(this.start(queue));
    this.logger.log(`processing queues: ${queues.join(', ')}`);
    await this.redis.client.set(this.sentinel, new Date().toISOString(), 'NX').catch(() => null);
    await this.schedulers
      .ensureAll()
      .catch((err: Error) => this.logger.warn(`schedulers not registered: ${err.message}`));
    await this.recovery
      .recover('boot')
      .catch((err: Error) => this.logger.warn(`recovery failed: ${err.message}`));
    this.watch = setInterval(() => void this.checkRedis(), this.opts.redisWatchMs);
    this.watch.unref();
  }

  /** Queues with at least one handler here (all of them in a strict worker). */
  queuesToRun(): QueueName[] {
    return Object.values(QUEUES).filter((q) =>
      JOB_NAMES.some((n) => JOB_CATALOG[n].queue === q && this.registry.has(n)),
    );
  }

  private start(queue: QueueName): Worker {
    const q = this.opts.queues[queue];
    const worker = new Worker(queue, (job, token) => this.process(job, token), {
      // Stored on every job it takes (BullMQ's processedBy): which process ran or runs a job.
      name: `${hostname()}:${process.pid}`,
      connection: bullConnection(this.config),
      prefix: bullPrefix(this.config),
      concurrency: q.concurrency,
      lockDuration: q.lockDurationMs,
      stalledInterval: q.stalledIntervalMs,
      maxStalledCount: q.maxStalledCount,
    });
    worker.on('failed', (job, err) => {
      if (err.name !== 'DelayedError') {
        this.logger.warn(`job ${job?.name}#${job?.id} failed: ${err.message}`);
      }
    });
    worker.on('error', (err) => this.logger.warn(`worker ${queue}: ${err.message}`));
    return worker;
  }

  private async process(bull: BullJob, token?: string): Promise<unknown> {
    try {
      return await this.dispatch(bull, token);
    } catch (err) {
      // A lost database connection or a deadlock is the database's fault, not the job's: retry it shortly (a
      // tracked job resumes from its checkpoints) instead of failing it. If even that cannot be
      // recorded, BullMQ fails its copy and recovery enqueues the still-running row again.
      if (!isDbTransient(err) || !token || this.tracked.aborted) throw err;
      this.logger.warn(
        `job ${bull.name}#${bull.id}: database connection lost or deadlocked (${(err as Error).message.split('\n').pop()}); retrying in ${DB_RETRY_MS} ms`,
      );
      await bull.moveToDelayed(Date.now() + DB_RETRY_MS, token);
      throw new DelayedError();
    }
  }

  private async dispatch(bull: BullJob, token?: string): Promise<unknown> {
    const spec = jobSpec(bull.name);
    if (!spec) throw new Error(`Job ${bull.name} is not in the job catalog`);
    if (spec.tracked) return this.tracked.process(bull as BullJob<TrackedJobRef>, token);
    const handler = this.registry.plain(bull.name);
    if (!handler) throw new Error(`No handler for job ${bull.name}`);
    return handler.run(bull.data, bull);
  }

  private get sentinel(): string {
    return this.redis.key('jobs', 'sentinel');
  }

  /**
   * A key every worker sets once; its absence means Redis lost its data (restart without
   * persistence, flush). The first worker to notice recovers, after live runs put their leases back.
   */
  async checkRedis(): Promise<void> {
    try {
      if (await this.redis.client.exists(this.sentinel)) return;
      const first = await this.redis.client.set(this.sentinel, new Date().toISOString(), 'NX');
      await this.schedulers.ensureAll();
      if (first !== 'OK') return;
      this.logger.warn('Redis lost its data: schedulers registered again, recovering jobs');
      await delay(this.tracked.leaseRestoreMs);
      await this.recovery.recover('redis');
    } catch (err) {
      this.logger.warn(`Redis check failed: ${(err as Error).message}`);
    }
  }

  /** Stop now without finishing or failing in-flight jobs, as a killed process would (tests). */
  async kill(): Promise<void> {
    clearInterval(this.watch);
    // Connections first, so no in-flight job can be reported finished: BullMQ sees it stall.
    await Promise.all(this.workers.splice(0).map((w) => w.close(true)));
    this.tracked.kill();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.watch);
    await Promise.all(this.workers.splice(0).map((w) => w.close()));
  }
}
