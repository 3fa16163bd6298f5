import type { QueueService } from '../../common/queue/queue.service';
import type { RedisService } from '../../common/redis/redis.service';
import type { AppConfig } from '../../config/app-config';
import type { ClusterConnectionService } from '../clusters/cluster-connection.service';
import type { ClustersService } from '../clusters/clusters.service';
import type { GuestsService } from '../guests/guests.service';
import { MetricsCollectService } from './metrics-collect.service';
import type { MonitoringRepository } from './monitoring.repository';

// MONITORING_COLLECT_SECONDS below 60 (the browser tests run 10): one job per cluster and period,
// but still one stored point per series and minute.
function setup(seconds: number) {
  const jobIds: string[] = [];
  const queues = {
    enqueue: jest.fn(async (_name: string, _payload: unknown, o: { jobId: string }) => {
      jobIds.push(o.jobId);
    }),
  };
  const clusters = { statuses: async () => [{ id: 'c1' }] };
  const keys = new Set<string>();
  const redis = {
    key: (...parts: string[]) => parts.join(':'),
    client: {
      set: jest.fn(async (key: string, _v: string, _ex: string, _ttl: number, nx?: string) => {
        if (nx === 'NX' && keys.has(key)) return null;
        keys.add(key);
        return 'OK';
      }),
    },
  };
  const svc = new MetricsCollectService(
    clusters as unknown as ClustersService,
    {} as ClusterConnectionService,
    {} as GuestsService,
    {} as MonitoringRepository,
    redis as unknown as RedisService,
    queues as unknown as QueueService,
    { env: { MONITORING_COLLECT_SECONDS: seconds } } as AppConfig,
  );
  const first = (minute: number) =>
    (svc as unknown as { firstOfMinute(c: string, m: number): Promise<boolean> }).firstOfMinute(
      'c1',
      minute,
    );
  return { svc, jobIds, first };
}

describe('MetricsCollectService period', () => {
  const minuteStart = 29_000_000 * 60_000;

  it('every minute: one job per cluster and minute, every collection stores', async () => {
    const { svc, jobIds, first } = setup(60);
    await svc.schedule(minuteStart);
    await svc.schedule(minuteStart + 30_000);
    expect(jobIds).toEqual(['metrics-c1-29000000', 'metrics-c1-29000000']);
    expect([await first(29_000_000), await first(29_000_000)]).toEqual([true, true]);
  });

  it('every 10 s: one job per period, only the minute’s first collection stores', async () => {
    const { svc, jobIds, first } = setup(10);
    await svc.schedule(minuteStart);
    await svc.schedule(minuteStart + 10_000);
    await svc.schedule(minuteStart + 15_000);
    expect(new Set(jobIds).size).toBe(2);
    expect(jobIds[1]).toBe(jobIds[2]);
    expect(await first(29_000_000)).toBe(true);
    expect(await first(29_000_000)).toBe(false);
    expect(await first(29_000_001)).toBe(true);
  });
});
