import { SecretsCipher } from '../../src/common/crypto/secrets-cipher';
import { startFakePve, type FakePveServer } from '../../src/common/proxmox/testing/fake-pve-server';
import { RedisService } from '../../src/common/redis/redis.service';
import {
  CLUSTER_SECRET_CONTEXT,
  ClusterConnectionService,
  type CallMode,
} from '../../src/modules/clusters/cluster-connection.service';
import { ClustersRepository } from '../../src/modules/clusters/clusters.repository';
import { TestContext } from '../helpers/test-context';

// The per-cluster request budget on real Redis: every process (here two connection services with
// their own Redis connections) draws from one bucket, background sweeps yield to interactive calls,
// and each cluster's configured rate and burst hold.
describe('cluster request budget (shared through Redis)', () => {
  let ctx: TestContext;
  let pve: FakePveServer;
  let a: ClusterConnectionService;
  let b: ClusterConnectionService;
  let secondRedis: RedisService;

  const newCluster = async (requestRatePerSec: number, requestBurst: number) =>
    (
      await ctx.prisma.cluster.create({
        data: {
          name: ctx.unique('budget'),
          endpoints: [{ url: pve.url, fingerprint: pve.fingerprint }],
          authType: 'token',
          authUser: 'root@pam!mp',
          secret: ctx.app.get(SecretsCipher).encrypt('s3cret', CLUSTER_SECRET_CONTEXT),
          tags: [],
          status: 'online',
          requestRatePerSec,
          requestBurst,
        },
      })
    ).id;
  const call = async (svc: ClusterConnectionService, id: string, mode: CallMode) => {
    await (await svc.open(id, mode)).api.version();
    return Date.now();
  };
  const burst = (n: number, fn: (i: number) => Promise<number>) =>
    Promise.all(Array.from({ length: n }, (_, i) => fn(i)));

  beforeAll(async () => {
    ctx = await TestContext.create();
    pve = await startFakePve(() => ({ body: { data: { version: '9.1.2' } } }));
    a = ctx.app.get(ClusterConnectionService);
    // A second "process": its own Redis connection and client cache, the same key prefix.
    secondRedis = new RedisService(ctx.config);
    b = new ClusterConnectionService(
      ctx.app.get(SecretsCipher),
      new ClustersRepository(ctx.prisma),
      secondRedis,
    );
  });
  afterAll(async () => {
    b.dropAll();
    await secondRedis.onModuleDestroy();
    await pve.close();
    await ctx.close();
  });

  it('is one budget for two processes, and counts their requests per minute', async () => {
    const id = await newCluster(20, 4);
    const t0 = Date.now();
    await burst(24, (i) => call(i % 2 ? a : b, id, 'interactive'));
    const elapsed = Date.now() - t0;
    // 4 at once, then 20 at 20/s: about a second. Two separate budgets would take half of that.
    expect(elapsed).toBeGreaterThanOrEqual(850);
    expect(pve.requests.filter((r) => r.path === '/api2/json/version').length).toBeGreaterThan(0);
    const rate = (await a.rates.current([id])).get(id)!;
    expect(rate.lastMinute + rate.currentMinute).toBe(24);
    const series = await b.rates.series(id, 2);
    expect(series).toHaveLength(2);
    expect(series[1].at < new Date().toISOString()).toBe(true);
  });

  it('honours each cluster’s configured rate and burst, also after an edit', async () => {
    const id = await newCluster(5, 2);
    let t0 = Date.now();
    await burst(7, () => call(a, id, 'interactive'));
    // 2 at once, then 5 at 5/s.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);

    await ctx.prisma.cluster.update({
      where: { id },
      data: { requestRatePerSec: 100, requestBurst: 20 },
    });
    await new Promise((r) => setTimeout(r, 250)); // let the bucket refill under the new rate
    t0 = Date.now();
    await burst(12, () => call(b, id, 'interactive'));
    // The old limits would need (12 - 2) / 5 = 2 s.
    expect(Date.now() - t0).toBeLessThan(1200);
  });

  it('lets interactive calls go ahead of a background sweep', async () => {
    const id = await newCluster(10, 10);
    const started = Date.now();
    // A sweep of 25 requests: 5 at once (it leaves the other half of the burst), then ~2 s.
    const sweep = burst(25, () => call(b, id, 'background'));
    await new Promise((r) => setTimeout(r, 150));
    const t0 = Date.now();
    const done = await burst(8, () => call(a, id, 'interactive'));
    const interactiveMs = Math.max(...done) - t0;
    const sweepEnds = await sweep;
    // 5 reserved tokens at once, 3 more within ~0.3 s: far ahead of the sweep still waiting.
    expect(interactiveMs).toBeLessThan(1200);
    expect(Math.max(...sweepEnds) - started).toBeGreaterThan(2000);
    // The sweep got its 5 at once and at most what refilled (10/s) while the interactive calls ran: a
    // slow machine stretches that time, so the bound follows it instead of a fixed count.
    const interactiveEnd = Math.max(...done);
    expect(sweepEnds.filter((t) => t <= interactiveEnd).length).toBeLessThanOrEqual(
      5 + Math.ceil(((interactiveEnd - started) / 1000) * 10),
    );
    const rate = (await a.rates.current([id])).get(id)!;
    expect(rate.interactive + rate.background + rate.currentMinute).toBe(33);
  });
});
