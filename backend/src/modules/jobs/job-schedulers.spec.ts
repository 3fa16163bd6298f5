import { Logger } from '@nestjs/common';
import { JOB_CATALOG, RECURRING_JOB_NAMES } from '@multpanel/contracts';
import type { QueueService } from '../../common/queue/queue.service';
import type { AppConfig } from '../../config/app-config';
import type { JobRegistry } from './job-registry';
import { JobSchedulers } from './job-schedulers';
import { jobsWorkerOptions, type JobsWorkerOverrides } from './jobs-worker.options';

function setup(opts: JobsWorkerOverrides, existing: Record<string, string[]> = {}) {
  const calls: string[] = [];
  const queues = {
    upsertScheduler: jest.fn(async (name: string, every: number) => {
      calls.push(`upsert ${name} ${every}`);
    }),
    removeScheduler: jest.fn(async (id: string, queue?: string) => {
      calls.push(`remove ${id}${queue ? ` from ${queue}` : ''}`);
    }),
    schedulerIds: jest.fn(async (queue: string) => existing[queue] ?? []),
  };
  // Only the cluster schedule and the demo estate (off unless DEMO_MODE) have handlers here.
  const registry = {
    plain: (name: string) =>
      name === 'cluster.schedule'
        ? { options: {} }
        : name === 'demo.assign-estate'
          ? { options: { scheduleWhen: (c: AppConfig) => c.env.DEMO_MODE } }
          : undefined,
  };
  const config = { env: { DEMO_MODE: false } } as AppConfig;
  const schedulers = new JobSchedulers(
    queues as unknown as QueueService,
    registry as unknown as JobRegistry,
    config,
    jobsWorkerOptions(opts),
  );
  return { schedulers, calls };
}

describe('JobSchedulers', () => {
  beforeAll(() => jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined));
  afterAll(() => jest.restoreAllMocks());

  it('keeps a scheduler for each recurring job handled here, with its catalog or test period', async () => {
    const { schedulers, calls } = setup({ every: { 'cluster.schedule': 250 } });
    await schedulers.ensureAll();
    expect(calls.sort()).toEqual(['remove demo.assign-estate', 'upsert cluster.schedule 250']);
    expect(schedulers.every('ssh.key-health')).toBe(JOB_CATALOG['ssh.key-health'].every);
  });

  it('removes schedulers the catalog does not name, or names on another queue', async () => {
    const { schedulers, calls } = setup(
      {},
      { clusters: ['cluster.schedule', 'ssh-key-health'], system: ['cluster.schedule'] },
    );
    await schedulers.ensureAll();
    expect(calls).toContain('remove ssh-key-health from clusters');
    expect(calls).toContain('remove cluster.schedule from system');
    expect(calls).not.toContain('remove cluster.schedule from clusters');
  });

  it('does nothing when schedulers are turned off', async () => {
    const { schedulers, calls } = setup({ schedulers: false }, { clusters: ['stale'] });
    await schedulers.ensureAll();
    expect(calls).toEqual([]);
    expect(RECURRING_JOB_NAMES).toContain('cluster.schedule');
  });
});
