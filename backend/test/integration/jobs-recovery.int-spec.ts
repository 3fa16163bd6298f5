import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TRACKED_JOB_NAMES, type TrackedJobName } from '@multpanel/contracts';
import { PrismaService } from '../../src/common/prisma/prisma.service';
import { QueueService } from '../../src/common/queue/queue.service';
import { AppConfig } from '../../src/config/app-config';
import { CoreModule } from '../../src/core.module';
import { JobsModule } from '../../src/modules/jobs/jobs.module';
import { JobsWorker } from '../../src/modules/jobs/jobs-worker';
import type { JobsWorkerOverrides } from '../../src/modules/jobs/jobs-worker.options';
import { JobsService } from '../../src/modules/jobs/jobs.service';
import { deleteRedisKeys, isolatedEnv } from '../helpers/isolated-env';
import {
  SAMPLE_PARAMS,
  StubJobHandlers,
  StubJobHandlersModule,
  untilAborted,
} from '../helpers/stub-job-handlers';
import { testConfig } from '../helpers/test-context';

/**
 * Recovery over the WHOLE job catalog: for every tracked job type, a job whose BullMQ job was lost
 * (Redis lost its data, at start-up or while running) and a job whose worker was killed are run to
 * the end, once. Handlers are stubs registered with the real `@OnJob` metadata; the framework
 * (registry, runner, leases, recovery, schedulers) is the real one, on MariaDB and Redis.
 */
describe('tracked job recovery for every job type (integration)', () => {
  let isolated: Awaited<ReturnType<typeof isolatedEnv>>;
  let config: AppConfig;
  const workers: INestApplicationContext[] = [];

  const FAST: JobsWorkerOverrides = {
    strict: false,
    pollIntervalMs: 50,
    redisWatchMs: 200,
    queues: { tasks: { lockDurationMs: 1500, stalledIntervalMs: 700 } },
  };

  async function startWorker(opts: JobsWorkerOverrides = {}) {
    @Module({
      imports: [
        CoreModule.forRoot(config),
        JobsModule.forWorker({ ...FAST, ...opts }),
        StubJobHandlersModule,
      ],
    })
    class StubWorkerModule {}
    const w = await NestFactory.createApplicationContext(StubWorkerModule, {
      logger: false,
      abortOnError: false,
    });
    workers.push(w);
    return w;
  }

  // A context of its own for reading rows and cleaning up (workers come and go).
  let reader: INestApplicationContext | undefined;
  const db = () => reader!.get(PrismaService);

  async function waitFor<T>(what: string, fn: () => Promise<T | false>, ms = 20_000): Promise<T> {
    const until = Date.now() + ms;
    for (;;) {
      const v = await fn();
      if (v !== false) return v;
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  const statuses = async (ids: string[]) =>
    (await db().job.findMany({ where: { id: { in: ids } } })).map((j) => j.status);

  const logOf = async (id: string) =>
    (await db().jobLog.findMany({ where: { jobId: id }, orderBy: { id: 'asc' } })).map(
      (l) => l.line,
    );

  /** One queued job per tracked type, through JobsService as the API creates them. */
  async function enqueueEveryType(
    w: INestApplicationContext,
  ): Promise<Map<string, TrackedJobName>> {
    const jobs = w.get(JobsService);
    const ids = new Map<string, TrackedJobName>();
    for (const type of TRACKED_JOB_NAMES) {
      const row = await jobs.create({
        type,
        companyId: null,
        actorId: null,
        params: SAMPLE_PARAMS[type],
      } as Parameters<JobsService['create']>[0]);
      await jobs.enqueue(row);
      ids.set(row.id, type);
    }
    return ids;
  }

  beforeAll(async () => {
    isolated = await isolatedEnv('jobs');
    config = testConfig(isolated.env);
    @Module({ imports: [CoreModule.forRoot(config)] })
    class ReaderModule {}
    reader = await NestFactory.createApplicationContext(ReaderModule, { logger: false });
  });

  afterEach(async () => {
    for (const w of workers.splice(0)) await w.close().catch(() => undefined);
    await db().job.deleteMany({});
  });

  afterAll(async () => {
    await reader?.close();
    await isolated?.drop();
  });

  it('at start-up, runs every queued or running job BullMQ no longer holds, from its checkpoint', async () => {
    const rows = new Map<string, TrackedJobName>();
    for (const [i, type] of TRACKED_JOB_NAMES.entries()) {
      const row = await db().job.create({
        data: {
          type,
          status: i % 2 ? 'running' : 'queued',
          params: SAMPLE_PARAMS[type] as object,
          result: i % 2 ? { state: { step: 'half-way', upid: null } } : undefined,
        },
      });
      rows.set(row.id, type);
    }
    const unknown = await db().job.create({
      data: { type: 'vm.explode', status: 'running', params: {} },
    });
    const worn = await db().job.create({
      data: { type: 'vm.power', status: 'running', params: { action: 'stop' }, attempts: 10 },
    });

    const w = await startWorker();
    const stubs = w.get(StubJobHandlers);
    const ids = [...rows.keys()];
    await waitFor(
      'every job to succeed',
      async () => (await statuses(ids)).every((s) => s === 'succeeded') || false,
    );

    expect(stubs.runs.map((r) => r.type).sort()).toEqual([...TRACKED_JOB_NAMES].sort());
    for (const run of stubs.runs) {
      const type = rows.get(run.jobId)!;
      expect(run.params).toEqual(SAMPLE_PARAMS[type]);
      const log = await logOf(run.jobId);
      expect(log).toContain('worker restarted: job recovered');
      if (TRACKED_JOB_NAMES.indexOf(type) % 2) {
        expect(run.state).toMatchObject({ step: 'half-way' });
        expect(log).toContain('resumed by worker (attempt 1)');
      }
    }
    // What no worker can run is failed with the reason, not left "running" forever.
    expect(await db().job.findUniqueOrThrow({ where: { id: unknown.id } })).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/unknown job type vm\.explode/),
    });
    expect(await db().job.findUniqueOrThrow({ where: { id: worn.id } })).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/gave up after 10/),
    });
  });

  it('when Redis loses its data mid-run: schedulers come back and every job still runs once', async () => {
    const w = await startWorker();
    const stubs = w.get(StubJobHandlers);
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    stubs.behaviour = async (ctx) => {
      await Promise.race([gate, untilAborted(ctx.signal)]);
      return { done: true };
    };
    const rows = await enqueueEveryType(w);
    const ids = [...rows.keys()];
    await waitFor('every job to run', async () => stubs.runs.length === ids.length || false);

    await deleteRedisKeys(isolated.prefix);
    await waitFor('the recovery after the data loss', async () => {
      const logs = await Promise.all(ids.map(logOf));
      return logs.every((l) => l.includes('Redis lost its data: job recovered')) || false;
    });
    const schedulers = await w.get(QueueService).schedulerIds('system');
    expect(schedulers).toContain('jobs.recover');

    open();
    await waitFor(
      'every job to succeed',
      async () => (await statuses(ids)).every((s) => s === 'succeeded') || false,
    );
    // The recovered copies waited for the live runs' leases, then found the jobs done.
    await new Promise((r) => setTimeout(r, 2500));
    expect(stubs.runs.map((r) => r.jobId).sort()).toEqual([...ids].sort());
    expect(await statuses(ids)).toEqual(ids.map(() => 'succeeded'));
  });

  it('a killed worker’s jobs of every type are taken over by another worker and finish once', async () => {
    const first = await startWorker();
    first.get(StubJobHandlers).behaviour = async (ctx) => {
      ctx.state.started = true;
      await ctx.save(['stub: started']);
      return untilAborted(ctx.signal);
    };
    const rows = await enqueueEveryType(first);
    const ids = [...rows.keys()];
    // Started means its checkpoint is saved: a handler that was called but not yet saved when the
    // worker dies rightly starts afresh, which is not what this test is about.
    await waitFor('every job to start', async () => {
      if (first.get(StubJobHandlers).runs.length !== ids.length) return false;
      for (const id of ids) if (!(await logOf(id)).includes('stub: started')) return false;
      return true;
    });
    await first.get(JobsWorker).kill();
    await first.close();
    workers.splice(workers.indexOf(first), 1);
    expect(await statuses(ids)).toEqual(ids.map(() => 'running'));

    const second = await startWorker();
    await waitFor(
      'every job to succeed',
      async () => (await statuses(ids)).every((s) => s === 'succeeded') || false,
    );
    const runs = second.get(StubJobHandlers).runs;
    expect(runs.map((r) => r.type).sort()).toEqual([...TRACKED_JOB_NAMES].sort());
    for (const run of runs) {
      expect(run.state).toMatchObject({ started: true });
      expect(await logOf(run.jobId)).toContain('resumed by worker (attempt 2)');
    }
  });
});
