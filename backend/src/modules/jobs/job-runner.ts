import { setMaxListeners } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  TRACKED_JOB_NAMES,
  JOB_CATALOG,
  type TrackedJobName,
  type TrackedJobParams,
  type TrackedJobRef,
} from '@multpanel/contracts';
import { DelayedError, type Job as BullJob } from 'bullmq';
import { isDbTransient } from '../../common/prisma/db-connection-lost';
import { isPassingFault, parseUpid, ProxmoxError, retryPassingFaults } from '../../common/proxmox';
import { RedisService } from '../../common/redis/redis.service';
import type { Prisma } from '../../generated/prisma/client';
import { JobCancelledError } from './job-cancelled';
import type { JobRunContext, JobState } from './job-context';
import { JobLeases } from './job-lease';
import { JobRegistry } from './job-registry';
import { JOBS_WORKER_OPTIONS, type JobsWorkerOptions } from './jobs-worker.options';
import type { JobRow } from './jobs.repository';
import { jobLeaseKey, JobsService } from './jobs.service';
import { NodeSemaphore } from './node-semaphore';

const FINAL = new Set(['succeeded', 'failed', 'cancelled']);
/** Tolerated clock difference between the platform and Proxmox when finding a task by its start. */
const CLOCK_SKEW_S = 10;
/** Sends of one task-starting request that failed with a passing fault and left no task. */
const START_ATTEMPTS = 3;

/**
 * Runs tracked jobs: the Job row is the truth, BullMQ carries only its id. A row found `running` was
 * interrupted (worker crash, Redis loss): its handler runs again with the stored checkpoints, and
 * `runTask` follows a stored UPID (or adopts a task started just before the crash) instead of
 * starting the Proxmox task twice. Proxmox tasks are limited per node by a Redis semaphore shared by
 * every worker.
 */
@Injectable()
export class TrackedJobRunner {
  private readonly logger = new Logger('TrackedJobs');
  // Aborted by kill(): in-flight handlers stop where they are, like a crashed process.
  private readonly abort = new AbortController();
  readonly semaphore: NodeSemaphore;
  private readonly leases: JobLeases;

  constructor(
    private readonly jobs: JobsService,
    private readonly registry: JobRegistry,
    redis: RedisService,
    @Inject(JOBS_WORKER_OPTIONS) private readonly opts: JobsWorkerOptions,
  ) {
    // Every in-flight handler and task wait listens to this one signal.
    setMaxListeners(0, this.abort.signal);
    this.semaphore = new NodeSemaphore(
      redis.client,
      (c, n) => redis.key('node-slots', c, n),
      opts.perNodeLimit,
    );
    // A lease lapses with the BullMQ lock, so a killed worker's job is not refused to its taker.
    const leaseMs = Math.min(
      ...TRACKED_JOB_NAMES.map((n) => opts.queues[JOB_CATALOG[n].queue].lockDurationMs),
    );
    this.leases = new JobLeases(redis.client, (id) => jobLeaseKey(redis, id), leaseMs);
  }

  /** How long after Redis lost its data the live runs have put their leases back. */
  get leaseRestoreMs(): number {
    return this.leases.renewEveryMs + 500;
  }

  get aborted(): boolean {
    return this.abort.signal.aborted;
  }

  /** Stop every handler of this process where it is (they see `ctx.signal` aborted). */
  kill(): void {
    this.abort.abort();
    this.leases.stop();
  }

  async process(bull: BullJob<TrackedJobRef>, token?: string): Promise<unknown> {
    const job = await this.jobs.findById(bull.data.jobId);
    if (!job || FINAL.has(job.status)) return null;
    if (!this.registry.tracked(job.type)) throw new Error(`No handler for job ${job.type}`);
    if (this.aborted) return null;
    if (!(await this.leases.take(job.id))) {
      // Killed while taking it: run nothing (the BullMQ copy stalls and another worker resumes it).
      if (this.aborted) return null;
      // A live worker still runs this job (this copy was re-enqueued by a recovery): look again
      // once its lease could have lapsed, instead of running the same steps twice.
      await bull.moveToDelayed(Date.now() + this.leases.leaseMs, token);
      throw new DelayedError();
    }
    try {
      // Read again under the lease: the run that held it may have just finished the job.
      const fresh = await this.jobs.findById(job.id);
      if (this.aborted) return null;
      return fresh && !FINAL.has(fresh.status) ? await this.run(fresh) : null;
    } finally {
      // A killed run keeps its lease until it expires, as a crashed process would.
      if (!this.aborted) await this.leases.release(job.id);
    }
  }

  private async run(row: JobRow): Promise<unknown> {
    let job = row;
    const handler = this.registry.tracked(job.type)!;
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
      // The database lost this run's connection (a write, or a read past its reruns) or rolled a
      // write back over a deadlock: the job is not failed; it stays `running` and is retried from
      // its checkpoints (JobsWorker delays it).
      if (isDbTransient(err)) throw err;
      const message = errorText(err);
      const cancelled = err instanceof JobCancelledError;
      await handler
        .onFail?.({ job, params: ctx.params, state: ctx.state, error: message })
        .catch((e: Error) => this.logger.warn(`failure hook of ${job.id}: ${e.message}`));
      await this.jobs.update(
        job.id,
        {
          status: cancelled ? 'cancelled' : 'failed',
          finishedAt: new Date(),
          error: message,
          message: message.slice(0, 500),
          result: { state: ctx.state } as Prisma.InputJsonValue,
        },
        [`${cancelled ? 'cancelled' : 'failed'}: ${message}`],
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
    const leases = this.leases;
    const ctx: JobRunContext = {
      job,
      params: job.params as unknown as TrackedJobParams[TrackedJobName],
      state,
      signal,
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
      async runTask(step, api, target, start, opts) {
        const from = opts.from ?? 0;
        const to = opts.to ?? 95;
        const read = <T>(fn: () => Promise<T>) => retryPassingFaults(fn, { signal });
        // The task this step already started, if Proxmox has one (a crash or a lost answer hid it).
        const findStarted = async (): Promise<string | null> => {
          const at = typeof state.pendingAt === 'number' ? state.pendingAt : Date.now();
          const since = Math.floor(at / 1000) - CLOCK_SKEW_S;
          if (opts.adopt) {
            // A handler's own finder gets the same guards: a task from before this step's marker
            // (an earlier restore of the same guest) or followed by another job is not this one.
            const found = await read(opts.adopt);
            if (!found || parseUpid(found).startTime.getTime() < since * 1000) return null;
            return (await jobs.upidTaken(found, job.id, new Date(since * 1000))) ? null : found;
          }
          const { vmid, types } = opts.task;
          const tasks = await read(() =>
            api.nodeTasks(target.node, { vmid, source: 'all', since, limit: 50 }),
          );
          const mine = tasks
            .filter((t) => types.includes(t.type) && t.id === String(vmid))
            .sort((x, y) => (x.starttime ?? 0) - (y.starttime ?? 0));
          for (const t of mine)
            if (!(await jobs.upidTaken(t.upid, job.id, new Date(since * 1000)))) return t.upid;
          return null;
        };
        // Send once; after a passing fault, look for the task before sending again.
        const send = async (): Promise<string | null> => {
          for (let attempt = 1; ; attempt++) {
            try {
              return await start();
            } catch (err) {
              if (signal.aborted || !isPassingFault(err)) throw err;
              await delay(500 * 2 ** (attempt - 1), undefined, { signal }).catch(() => undefined);
              const found = await findStarted();
              if (found) {
                await jobs.log(job.id, [`${step}: the answer was lost; following ${found}`]);
                return found;
              }
              if (attempt >= START_ATTEMPTS) throw err;
              await jobs.log(job.id, [
                `${step}: ${errorText(err)}; no task started, sending again`,
              ]);
            }
          }
        };
        // The task id and its log line are saved together, before waiting.
        const record = async (found: string, line: string) => {
          state.step = step;
          state.upid = found;
          delete state.pending;
          delete state.pendingAt;
          await jobs.update(
            job.id,
            {
              upid: found,
              node: parseUpid(found).node,
              result: { state } as Prisma.InputJsonValue,
            },
            [line],
          );
        };
        let upid: string | null = null;
        if (state.step === step && typeof state.upid === 'string') {
          upid = state.upid;
          await jobs.log(job.id, [`following task ${upid} again after a restart`]);
        } else if (state.pending === step) {
          upid = await findStarted();
          if (upid) await record(upid, `found the task started before the restart: ${upid}`);
          else await jobs.log(job.id, [`${step}: no task from before the restart, starting it`]);
        }
        // A killed worker's job keeps its slot (its task may still run) until it resumes; but the
        // jobs waiting here each take one of a worker's BullMQ places, and when they fill them the
        // holder, queued behind them, cannot resume: they would wait out the slot's lease. So a
        // holder no live run has (no job lease), with no task that may have started unseen and
        // whose task has ended on Proxmox (or which is finished), holds its slot for nothing.
        const orphaned = async (holders: string[]): Promise<string[]> => {
          const drop: string[] = [];
          for (const id of holders) {
            if (await leases.isHeld(id)) continue;
            const other = await jobs.findById(id);
            if (!other || FINAL.has(other.status)) {
              drop.push(id);
              continue;
            }
            const st = (other.result as { state?: JobState } | null)?.state ?? {};
            if (st.pending !== undefined) continue;
            if (other.upid) {
              const t = await read(() =>
                api.taskStatus(parseUpid(other.upid!).node, other.upid!),
              ).catch(() => null);
              if (t?.status !== 'stopped') continue;
            }
            drop.push(id);
          }
          if (drop.length)
            await jobs.log(job.id, [
              `node slot(s) of interrupted job(s) freed: ${drop.join(', ')}`,
            ]);
          return drop;
        };
        await semaphore.acquire(target.clusterId, target.node, job.id, signal, orphaned);
        try {
          if (!upid) {
            state.pending = step;
            state.pendingAt = Date.now();
            await ctx.save();
            if (signal.aborted) throw new Error('worker stopped');
            upid = await send();
            // A killed worker stops here like a crashed process: its successor finds the task.
            if (signal.aborted) throw new Error('worker stopped');
            if (!upid) {
              state.step = step;
              delete state.pending;
              delete state.pendingAt;
              await ctx.save([`${step}: done`]);
              return;
            }
            await record(upid, `${step}: task ${upid}`);
          }
          let renewAt = Date.now() + 60_000;
          // Progress writes run one after another so a late one never lands after the final state.
          let chain: Promise<void> = Promise.resolve();
          const waiting = api.waitForTask(upid, {
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
          // A failed task too: its last lines are written before the job is failed, never beside
          // that write (two log-and-update transactions on one job deadlock, and the deadlock
          // retry ran the job again only to fail the same way).
          await waiting.finally(() => chain);
          await ctx.progress(to, `${step}: finished`);
        } finally {
          // A worker that is stopping leaves its Proxmox task running: the slot stays taken (its lease
          // lapses by itself) until the job resumes on another worker and re-enters it.
          if (!signal.aborted) await semaphore.release(target.clusterId, target.node, job.id);
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
