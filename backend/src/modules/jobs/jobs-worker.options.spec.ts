import { parseEnv } from '../../config/env.schema';
import {
  DEFAULT_JOBS_WORKER_OPTIONS,
  jobsWorkerOptions,
  lockOverrides,
} from './jobs-worker.options';

describe('jobsWorkerOptions', () => {
  it('merges queue overrides per queue and keeps every other default', () => {
    const o = jobsWorkerOptions({
      strict: false,
      queues: { tasks: { lockDurationMs: 1500 } },
      every: { 'cluster.schedule': 300 },
    });
    expect(o.queues.tasks).toEqual({
      ...DEFAULT_JOBS_WORKER_OPTIONS.queues.tasks,
      lockDurationMs: 1500,
    });
    expect(o.queues.system).toEqual(DEFAULT_JOBS_WORKER_OPTIONS.queues.system);
    expect(o).toMatchObject({
      strict: false,
      schedulers: true,
      every: { 'cluster.schedule': 300 },
    });
    // The defaults object is never changed by an override.
    expect(DEFAULT_JOBS_WORKER_OPTIONS.queues.tasks.lockDurationMs).toBe(10_000);
  });

  it('lets another worker take a killed worker’s tracked job over within 15 s', () => {
    const { lockDurationMs, stalledIntervalMs } = DEFAULT_JOBS_WORKER_OPTIONS.queues.tasks;
    expect(lockDurationMs + stalledIntervalMs).toBeLessThanOrEqual(15_000);
    // A live worker renews its lock (every lockDuration / 2) well before it lapses.
    expect(lockDurationMs).toBeGreaterThanOrEqual(10_000);
  });

  it('sets the lock of every queue from JOB_LOCK_SECONDS, the stalled check at half of it', () => {
    const o = jobsWorkerOptions(lockOverrides(5));
    for (const q of Object.values(o.queues)) {
      expect(q).toMatchObject({ lockDurationMs: 5000, stalledIntervalMs: 2500 });
    }
    expect(o.queues.tasks.concurrency).toBe(DEFAULT_JOBS_WORKER_OPTIONS.queues.tasks.concurrency);
  });

  it('keeps the tracked jobs’ 10 s lock in the worker process by default (JOB_LOCK_SECONDS unset)', () => {
    const o = jobsWorkerOptions(lockOverrides(parseEnv({}).JOB_LOCK_SECONDS));
    expect(o.queues.tasks).toMatchObject({ lockDurationMs: 10_000, stalledIntervalMs: 5_000 });
    expect(o.queues.tasks).toEqual({
      ...DEFAULT_JOBS_WORKER_OPTIONS.queues.tasks,
      lockDurationMs: 10_000,
      stalledIntervalMs: 5_000,
    });
  });
});
