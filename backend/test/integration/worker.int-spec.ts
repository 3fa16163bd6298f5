import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { JOB_NAMES } from '@multpanel/contracts';
import { QueueEvents } from 'bullmq';
import { JobRegistry } from '../../src/common/queue/job-registry';
import { bullConnection, bullPrefix, QueueService } from '../../src/common/queue/queue.service';
import { RedisService } from '../../src/common/redis/redis.service';
import { HEARTBEAT_KEY } from '../../src/modules/health/heartbeat';
import { WorkerModule } from '../../src/worker.module';
import { testConfig } from '../helpers/test-context';

describe('worker process', () => {
  const config = testConfig();
  let worker: INestApplicationContext;

  beforeAll(async () => {
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
      logger: false,
    });
    await worker.init();
  });
  afterAll(() => worker.close());

  it('has a handler for every job name in contracts', () => {
    const registry = worker.get(JobRegistry);
    expect(registry.missing()).toEqual([]);
    for (const name of JOB_NAMES) expect(registry.get(name)).toEqual(expect.any(Function));
  });

  it('runs a job enqueued through Redis and returns its result', async () => {
    const queues = worker.get(QueueService);
    const job = await queues.enqueue('system.ping', {
      companyId: null,
      actor: { type: 'system', userId: null },
      echo: 'hello-worker',
    });
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

  it('writes a heartbeat with a TTL', async () => {
    const redis = worker.get(RedisService);
    const key = redis.key(...HEARTBEAT_KEY);
    expect(Date.parse((await redis.client.get(key))!)).toBeGreaterThan(Date.now() - 10_000);
    expect(await redis.client.ttl(key)).toBeGreaterThan(0);
  });
});
