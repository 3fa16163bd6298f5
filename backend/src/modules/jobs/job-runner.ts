import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { VM_JOB_TYPES, VM_QUEUE } from '@multpanel/contracts';
import { Worker, type Job as BullJob } from 'bullmq';
import { bullConnection, bullPrefix } from '../../common/queue/queue.service';
import { RedisService } from '../../common/redis/redis.service';
import { parseUpid, ProxmoxError, type ProxmoxApi } from '../../common/proxmox';
import { AppConfig } from '../../config/app-config';
import type { Prisma } from '../../generated/prisma/client';
import { JobsQueue, type TrackedJobPayload } from './jobs.queue';
import type { JobRow } from './jobs.repository';
import { JobsService } from './jobs.service';
import { NodeSemaphore } from './node-semaphore';

export interface JobsWorkerOptions {
  /** BullMQ jobs processed at once by this process (most of them wait on Proxmox). */
  concurrency: number;
  /** Proxmox tasks running at once per node, across all workers. */
  perNodeLimit: number;
  /** BullMQ lock; a killed worker's job is picked up again after about this long. */
  lockDurationMs: number;
  stalledIntervalMs: number;
  /** Task status polling interval. */
  pollIntervalMs: number;
}
export const JOBS_WORKER_OPTIONS = Symbol('JOBS_WORKER_OPTIONS');
export const DEFAULT_JOBS_WORKER_OPTIONS: JobsWorkerOptions = {
  concurrency: 32,
  perNodeLimit: 4,
  lockDurationMs: 30_000,
  stalledIntervalMs: 30_000,
  pollIntervalMs: 1000,
};

export type JobState = Record<string, unknown>;

/** What a handler gets: progress/log writers and the UPID-tracking task runner. */
export interface JobRunContext {
  readonly job: JobRow;
  /** Checkpoints that survive a worker restart (stored in Job.result.state). */
  readonly state: JobState;
  save(lines?: string[]): Promise<void>;
  progress(pct: number, message?: string, lines?: string[]): Promise<void>;
  log(lines: string[]): Promise<void>;
  /**
   * Start a Proxmox task once and follow it to the end. The UPID is stored before waiting; a
   * restarted worker finds it and resumes waiting instead of starting the task again.
   */
  runTask(
    step: string,
    api: ProxmoxApi,
    target: { clusterId: string; node: string },
    start: () => Promise<string | null>,
    opts?: { from?: number; to?: number; adopt?: () => Promise<string | null> },
  ): Promise<void>;
}

export interface TrackedJobHandler {
  run(ctx: JobRunContext): Promise<unknown>;
  /** Undo reservations after a failure (e.g. release the placeholder guest). */
  onFail?(job: JobRow, error: string): Promise<void>;
}

/** type → handler; filled by processors at module init. */
@Injectable()
export class JobHandlerRegistry {
  private readonly handlers = new Map<string, TrackedJobHandler>();

  register(type: string, handler: TrackedJobHandler): void {
    if (this.handlers.has(type)) throw new Error(`Two handlers for job ${type}`);
    this.handlers.set(type, handler);
  }

  get(type: string): TrackedJobHandler | undefined {
    return this.handlers.get(type);
  }

  missing(): string[] {
    return VM_JOB_TYPES.filter((t) => !this.handlers.has(t));
  }
}

const FINAL = new Set(['succeeded', 'failed', 'cancelled']);

/** Worker side of tracked jobs: one BullMQ worker on the `vms` queue plus start-up recovery. */
@Injectable()
export class TrackedJobsWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('TrackedJobs');
  private worker?: Worker;
  // Aborted by kill(): in-flight handlers stop where they are, like a crashed process.
  private readonly abort = new AbortController();
  readonly semaphore: NodeSemaphore;

  constructor(
    private readonly config: AppConfig,
    private readonly jobs: JobsService,
    private readonly queue: JobsQueue,
    private readonly registry: JobHandlerRegistry,
    redis: RedisService,
    @Inject(JOBS_WORKER_OPTIONS) private readonly opts: JobsWorkerOptions,
  ) {
    this.semaphore = new NodeSemaphore(
      redis.client,
      (c, n) => redis.key('node-slots', c, n),
      opts.perNodeLimit,
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    const missing = this.registry.missing();
    if (missing.length) throw new Error(`No handler for jobs: ${missing.join(', ')}`);
    this.worker = new Worker(VM_QUEUE, (j) => this.process(j as BullJob<TrackedJobPayload>), {
      connection: bullConnection(this.config),
      prefix: bullPrefix(this.config),
      concurrency: this.opts.concurrency,
      lockDuration: this.opts.lockDurationMs,
      stalledInterval: this.opts.stalledIntervalMs,
      maxStalledCount: 5,
    });
    this.worker.on('error', (err) => this.logger.warn(`worker: ${err.message}`));
    await this.recover().catch((err: Error) => this.logger.warn(`recovery failed: ${err.message}`));
  }

  /**
   * Jobs the database says are queued/running but BullMQ no longer holds (lost with Redis, or
   * removed) are enqueued again under the same id; their stored UPID makes the rerun a resume.
   */
  async recover(): Promise<number> {
    let n = 0;
    for (const job of await this.jobs.active([...VM_JOB_TYPES])) {
      const state = await this.queue.state(job.id);
      if (state === 'unknown' || state === 'completed' || state === 'failed') {
        await this.queue.remove(job.id);
        await this.queue.add(job.type, {
          jobId: job.id,
          companyId: job.companyId,
          actor: { userId: job.actorId, type: job.actorId ? 'user' : 'system' },
        });
        await this.jobs.log(job.id, ['worker restarted: job recovered']);
        n++;
      }
    }
    if (n) this.logger.log(`recovered ${n} job(s)`);
    return n;
  }

  /** Stop now without finishing or failing in-flight jobs, as a killed process would (tests). */
  async kill(): Promise<void> {
    this.abort.abort();
    await this.worker?.close(true);
    this.worker = undefined;
  }

  async close(): Promise<void> {
    await this.worker?.close();
    this.worker = undefined;
  }

  async onModuleDestroy(): Promise<void> {
    await this.close();
  }

  private async process(bull: BullJob<TrackedJobPayload>): Promise<unknown> {
    let job = await this.jobs.findById(bull.data.jobId);
    if (!job || FINAL.has(job.status)) return null;
    const handler = this.registry.get(job.type);
    if (!handler) throw new Error(`No handler for job ${job.type}`);
    const resumed = job.status === 'running';
    job = await this.jobs.update(
      job.id,
      {
        status: 'running',
        startedAt: job.startedAt ?? new Date(),
        attempts: { increment: 1 },
        message: resumed ? 'Resumed after a worker restart' : 'Running',
      },
      resumed ? [`resumed by worker (attempt ${job.attempts + 1})`] : [],
    );
    const ctx = this.context(job);
    try {
      const result = await handler.run(ctx);
      await this.jobs.update(
        job.id,
        {
          status: 'succeeded',
          progress: 100,
          finishedAt: new Date(),
          message: 'Done',
          result: {
            ...(result && typeof result === 'object' ? result : {}),
            state: ctx.state,
          } as Prisma.InputJsonValue,
        },
        ['done'],
      );
      return result ?? null;
    } catch (err) {
      if (this.abort.signal.aborted) return null;
      const message = errorText(err);
      await handler
        .onFail?.({ ...job, result: { state: ctx.state } as Prisma.JsonValue }, message)
        .catch((e: Error) => this.logger.warn(`onFail ${job!.id}: ${e.message}`));
      await this.jobs.update(
        job.id,
        {
          status: 'failed',
          finishedAt: new Date(),
          error: message,
          message: message.slice(0, 500),
          result: { state: ctx.state } as Prisma.InputJsonValue,
        },
        [`failed: ${message}`],
      );
      // Not rethrown: a failed Proxmox operation must not be retried blindly by BullMQ.
      return null;
    }
  }

  private context(job: JobRow): JobRunContext {
    const state: JobState = {
      ...(((job.result as { state?: JobState } | null)?.state ?? {}) as JobState),
    };
    let lastPublish = 0;
    const jobs = this.jobs;
    const semaphore = this.semaphore;
    const pollIntervalMs = this.opts.pollIntervalMs;
    const signal = this.abort.signal;
    const ctx: JobRunContext = {
      job,
      state,
      async save(lines = []) {
        await jobs.update(job.id, { result: { state } as Prisma.InputJsonValue }, lines, false);
      },
      async progress(pct, message, lines = []) {
        const p = Math.max(0, Math.min(99, Math.round(pct)));
        const now = Date.now();
        const publish = now - lastPublish > 250 || lines.length > 0;
        if (publish) lastPublish = now;
        await jobs.update(job.id, { progress: p, ...(message ? { message } : {}) }, lines, publish);
      },
      async log(lines) {
        await jobs.log(job.id, lines);
      },
      async runTask(step, api, target, start, opts = {}) {
        const from = opts.from ?? 0;
        const to = opts.to ?? 95;
        let upid: string | null = null;
        if (state.step === step && typeof state.upid === 'string') {
          upid = state.upid;
          await jobs.log(job.id, [`following task ${upid} again after a restart`]);
        } else if (state.pending === step && opts.adopt) {
          upid = await opts.adopt();
          if (upid) await jobs.log(job.id, [`found the task started before the restart: ${upid}`]);
        }
        await semaphore.acquire(target.clusterId, target.node, job.id, signal);
        try {
          if (!upid) {
            state.pending = step;
            await ctx.save();
            if (signal.aborted) throw new Error('worker stopped');
            upid = await start();
            if (!upid) {
              state.step = step;
              delete state.pending;
              await ctx.save([`${step}: done`]);
              return;
            }
            state.step = step;
            state.upid = upid;
            delete state.pending;
            await jobs.update(
              job.id,
              { upid, node: parseUpid(upid).node, result: { state } as Prisma.InputJsonValue },
              [`${step}: task ${upid}`],
            );
          }
          let renewAt = Date.now() + 60_000;
          // Progress writes run one after another so a late one never lands after the final state.
          let chain: Promise<void> = Promise.resolve();
          await api.waitForTask(upid, {
            intervalMs: pollIntervalMs,
            signal,
            onProgress: (pr) => {
              const pct =
                from + ((to - from) * (pr.percent ?? (pr.status === 'stopped' ? 100 : 10))) / 100;
              const msg = `${step}${pr.percent !== undefined ? ` ${Math.round(pr.percent)}%` : ''}`;
              chain = chain.then(() => ctx.progress(pct, msg, pr.lines)).catch(() => undefined);
              if (Date.now() > renewAt) {
                renewAt = Date.now() + 60_000;
                void semaphore.renew(target.clusterId, target.node, job.id);
              }
            },
          });
          await chain;
          await ctx.progress(to, `${step}: finished`);
        } finally {
          await semaphore.release(target.clusterId, target.node, job.id);
        }
      },
    };
    return ctx;
  }
}

function errorText(err: unknown): string {
  if (err instanceof ProxmoxError) return err.message;
  return err instanceof Error ? err.message : String(err);
}
