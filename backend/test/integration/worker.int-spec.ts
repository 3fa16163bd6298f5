import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  JOB_CATALOG,
  JOB_NAMES,
  QUEUES,
  RECURRING_JOB_NAMES,
  SYSTEM_PAYLOAD,
} from '@multpanel/contracts';
import { QueueEvents } from 'bullmq';
import { bullConnection, bullPrefix, QueueService } from '../../src/common/queue/queue.service';
import { RedisService } from '../../src/common/redis/redis.service';
import { AppConfig } from '../../src/config/app-config';
import { ClusterJobsService } from '../../src/modules/clusters/cluster-jobs.service';
import { HEARTBEAT_INDEX, heartbeatKey } from '../../src/modules/health/heartbeat';
import { JobRegistry } from '../../src/modules/jobs/job-registry';
import { JobsWorker } from '../../src/modules/jobs/jobs-worker';
import { HeartbeatService } from '../../src/worker/heartbeat.service';
import { WorkerModule } from '../../src/worker.module';
import { isolatedEnv } from '../helpers/isolated-env';
import { testConfig } from '../helpers/test-context';

const PERIOD_MS = 400;

/**
 * The real worker process module, twice, on an own database and Redis prefix (its schedulers and
 * recovery act on everything they find).
 */
describe('worker process', () => {
  let isolated: Awaited<ReturnType<typeof isolatedEnv>>;
  let config: AppConfig;
  const workers: INestApplicationContext[] = [];
  const schedule = jest.spyOn(ClusterJobsService.prototype, 'runSchedule');

  beforeAll(async () => {
    isolated = await isolatedEnv('worker');
    config = testConfig({ ...isolated.env, DEMO_MODE: 'false' });
    schedule.mockResolvedValue({ health: 0, sync: 0 });
    // A scheduler from an older release (renamed since) must not keep firing.
    const producer = new QueueService(config);
    await producer
      .queue(QUEUES.clusters)
      .upsertJobScheduler(
        'cluster-schedule',
        { pattern: '0 0 1 1 *' },
        { name: 'cluster.schedule', data: SYSTEM_PAYLOAD },
      );
    await producer.onModuleDestroy();
    for (let i = 0; i < 2; i++) {
      workers.push(
        await NestFactory.createApplicationContext(
          WorkerModule.forRoot(config, { every: { 'cluster.schedule': PERIOD_MS } }),
          { logger: false, abortOnError: false },
        ),
      );
    }
  });
  afterAll(async () => {
    schedule.mockRestore();
    for (const w of workers) await w.close();
    await isolated?.drop();
  });

  it('has a handler for every job of the catalog and consumes every queue', () => {
    const registry = workers[0].get(JobRegistry);
    expect(registry.missing()).toEqual([]);
    for (const name of JOB_NAMES) {
      const handler = JOB_CATALOG[name].tracked ? registry.tracked(name) : registry.plain(name);
      expect({ name, source: handler?.source }).toEqual({ name, source: expect.any(String) });
    }
    expect(workers[0].get(JobsWorker).queuesToRun().sort()).toEqual(Object.values(QUEUES).sort());
  });

  it('runs a job enqueued through Redis and returns its result', async () => {
    const queues = workers[0].get(QueueService);
    const job = await queues.enqueue('system.ping', { ...SYSTEM_PAYLOAD, echo: 'hello-worker' });
    const events = new QueueEvents(job.queueName, {
      connection: bullConnection(config),
      prefix: bullPrefix(config),
    });
    try {
      const result = await job.waitUntilFinished(events, 10_000);
      expect(result).toMatchObject({ echo: 'hello-worker' });
    } finally {
      await events.close();
    }
  });

  it('keeps exactly the catalog’s schedulers (DEMO_MODE off: no demo estate)', async () => {
    const queues = workers[0].get(QueueService);
    const want = RECURRING_JOB_NAMES.filter((n) => n !== 'demo.assign-estate');
    const have: string[] = [];
    for (const q of Object.values(QUEUES)) have.push(...(await queues.schedulerIds(q)));
    expect(have.sort()).toEqual([...want].sort());
  });

  it('with two workers, a recurring job runs once per period, not once per worker', async () => {
    schedule.mockClear();
    const windowMs = 10 * PERIOD_MS;
    await new Promise((r) => setTimeout(r, windowMs));
    const runs = schedule.mock.calls.length;
    // Once per period is ~10 runs (fewer on a busy machine); once per worker would be ~20.
    expect(runs).toBeGreaterThanOrEqual(5);
    expect(runs).toBeLessThanOrEqual(12);
  });

  it('gives each worker its own heartbeat key with a TTL, listed in the index', async () => {
    const redis = workers[0].get(RedisService);
    const ids = workers.map((w) => w.get(HeartbeatService).workerId);
    expect(new Set(ids).size).toBe(2);
    for (const id of ids) {
      const key = redis.key(...heartbeatKey(id));
      expect(Date.parse((await redis.client.get(key))!)).toBeGreaterThan(Date.now() - 10_000);
      expect(await redis.client.ttl(key)).toBeGreaterThan(0);
    }
    expect((await redis.client.smembers(redis.key(...HEARTBEAT_INDEX))).sort()).toEqual(
      [...ids].sort(),
    );
  });
});
