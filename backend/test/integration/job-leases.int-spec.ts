import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { JobLeases } from '../../src/modules/jobs/job-lease';

/**
 * Job leases on Redis: a worker killed (JobLeases.stop()) while it is taking a job's lease must
 * not keep that lease alive. Before the fix the take that answered after stop() restarted the
 * renewal timer, so the stopped process kept renewing the lease while its Redis connection lived
 * and every other worker delayed the job. Found while looking for the guest left "running"
 * (attempts 1, no UPID) in the 100-guest fault run; not proven to be that cause.
 */
describe('job leases (integration)', () => {
  let redis: Redis;
  const prefix = `test:leases:${randomUUID()}`;
  const keyOf = (id: string) => `${prefix}:${id}`;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  beforeAll(() => {
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  /** A Redis whose next `eval` answers only when `release()` is called (a slow round trip). */
  function slowRedis() {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let slowed = false;
    const client = new Proxy(redis, {
      get(target, prop, receiver) {
        if (prop === 'eval' && !slowed) {
          slowed = true;
          return async (...args: unknown[]) => {
            const answer = await (target.eval as (...a: unknown[]) => Promise<unknown>)(...args);
            await gate;
            return answer;
          };
        }
        const v = Reflect.get(target, prop, receiver) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    return { client, release: () => release() };
  }

  it('a take that answers after stop() is refused and its lease lapses; another worker takes it', async () => {
    const slow = slowRedis();
    const killed = new JobLeases(slow.client, keyOf, 300);
    const id = randomUUID();
    const taking = killed.take(id);
    // the worker is killed while Redis has not answered yet
    await sleep(50);
    killed.stop();
    slow.release();
    expect(await taking).toBe(false);
    // the lease Redis granted is not renewed: it lapses like a crashed process's
    await sleep(300 * 3);
    expect(await redis.exists(keyOf(id))).toBe(0);
    expect(await killed.take(randomUUID())).toBe(false);
    // so the worker that resumes the job gets its lease
    const next = new JobLeases(redis, keyOf, 300);
    try {
      expect(await next.take(id)).toBe(true);
      await sleep(300 * 2);
      // a live worker's lease is renewed past its expiry
      expect(await next.isHeld(id)).toBe(true);
      await next.release(id);
      expect(await next.isHeld(id)).toBe(false);
    } finally {
      next.stop();
    }
  });

  it('a stopped worker no longer renews the leases it held', async () => {
    const leases = new JobLeases(redis, keyOf, 300);
    const id = randomUUID();
    expect(await leases.take(id)).toBe(true);
    leases.stop();
    // a renewal that was already due when it stopped (renewAll is what its timer calls)
    await sleep(200);
    await leases.renewAll();
    await sleep(200);
    expect(await redis.exists(keyOf(id))).toBe(0);
  });
});
