import { QUEUES, type QueueName, type RecurringJobName } from '@multpanel/contracts';

export interface QueueWorkerOptions {
  /** BullMQ jobs processed at once by this process. */
  concurrency: number;
  /** BullMQ lock; a killed worker's job is picked up again after about this long. */
  lockDurationMs: number;
  stalledIntervalMs: number;
  /** Times a job may be taken over from a dead worker before BullMQ fails it. */
  maxStalledCount: number;
}

export interface JobsWorkerOptions {
  queues: Record<QueueName, QueueWorkerOptions>;
  /** Proxmox tasks running at once per node, across all workers. */
  perNodeLimit: number;
  /** Task status polling interval. */
  pollIntervalMs: number;
  /**
   * Refuse to start unless every catalog job has a handler (the worker process). Tests that load
   * only some feature worker modules turn it off; then only queues with a handler are consumed.
   */
  strict: boolean;
  /** Register the catalog's job schedulers (tests that drive scans themselves turn it off). */
  schedulers: boolean;
  /** Period overrides for recurring jobs (tests). */
  every: Partial<Record<RecurringJobName, number>>;
  /** How often each worker checks that Redis still holds its data (re-registers and recovers if not). */
  redisWatchMs: number;
  /** A tracked job started this many times without finishing is failed instead of recovered again. */
  maxAttempts: number;
}

export const JOBS_WORKER_OPTIONS = Symbol('JOBS_WORKER_OPTIONS');

/** Partial options; `queues` entries merge with the defaults per queue. */
export type JobsWorkerOverrides = Partial<Omit<JobsWorkerOptions, 'queues'>> & {
  queues?: Partial<Record<QueueName, Partial<QueueWorkerOptions>>>;
};

const PLAIN_QUEUE: QueueWorkerOptions = {
  concurrency: 4,
  lockDurationMs: 30_000,
  stalledIntervalMs: 30_000,
  maxStalledCount: 1,
};

export const DEFAULT_JOBS_WORKER_OPTIONS: JobsWorkerOptions = {
  queues: {
    system: PLAIN_QUEUE,
    clusters: PLAIN_QUEUE,
    // Most tracked jobs wait on Proxmox; the per-node semaphore, not this, limits the load.
    // A killed worker's job moves again within lock + stalled check (≤ 15 s; was 30–60 s): the
    // lock is renewed every 5 s by a live worker.
    tasks: {
      concurrency: 32,
      lockDurationMs: 10_000,
      stalledIntervalMs: 5_000,
      maxStalledCount: 5,
    },
  },
  perNodeLimit: 4,
  pollIntervalMs: 1000,
  strict: true,
  schedulers: true,
  every: {},
  redisWatchMs: 5000,
  maxAttempts: 10,
};

export function jobsWorkerOptions(over: JobsWorkerOverrides = {}): JobsWorkerOptions {
  const d = DEFAULT_JOBS_WORKER_OPTIONS;
  const queues = { ...d.queues };
  for (const [name, q] of Object.entries(over.queues ?? {}) as [QueueName, object][]) {
    queues[name] = { ...d.queues[name], ...q };
  }
  return { ...d, ...over, queues, every: { ...d.every, ...over.every } };
}

/**
 * JOB_LOCK_SECONDS: the lock of every queue (the worker process), with the stalled-job check at half
 * of it. A killed worker's job moves again within 1–1.5 locks (10–15 s at the default 10); a live
 * worker renews its lock every half lock.
 */
export function lockOverrides(seconds: number): JobsWorkerOverrides {
  const ms = seconds * 1000;
  const queues: NonNullable<JobsWorkerOverrides['queues']> = {};
  for (const q of Object.values(QUEUES)) {
    queues[q] = { lockDurationMs: ms, stalledIntervalMs: Math.round(ms / 2) };
  }
  return { queues };
}
