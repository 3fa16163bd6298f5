import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { BudgetExhaustedError, TokenBucket } from '../../src/common/redis/token-bucket';
import { redisOptions } from '../../src/common/redis/redis.service';
import { testConfig } from '../helpers/test-context';
import { TEST_PREFIX_ENV } from '../helpers/test-env';

// The bucket is shared through Redis: two clients (two processes) draw from the same tokens.
describe('TokenBucket (real Redis)', () => {
  const url = testConfig().env.REDIS_URL;
  const a = new Redis(redisOptions(url));
  const b = new Redis(redisOptions(url));
  const key = () => `${process.env[TEST_PREFIX_ENV]}:bucket:${randomUUID()}`;
  afterAll(() => Promise.all([a.quit(), b.quit()]));

  it('allows the burst across clients, then refuses with a retry time', async () => {
    const k = key();
    const limits = { ratePerSec: 1, burst: 4 };
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => new TokenBucket(i % 2 ? a : b).take(k, limits)),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(4);
    const refused = results.filter((r) => !r.allowed);
    expect(refused).toHaveLength(2);
    for (const r of refused) {
      expect(r.retryAfterMs).toBeGreaterThan(0);
      expect(r.retryAfterMs).toBeLessThanOrEqual(1000);
    }
  });

  it('refills at the configured rate', async () => {
    const k = key();
    const bucket = new TokenBucket(a);
    // Slow enough that a busy machine's pause between two calls refills no whole token.
    const limits = { ratePerSec: 2, burst: 2 };
    expect((await bucket.take(k, limits, { cost: 2 })).allowed).toBe(true);
    expect((await bucket.take(k, limits)).allowed).toBe(false);
    await new Promise((r) => setTimeout(r, 1200)); // 2/s → 2.4 tokens, capped at the burst of 2
    expect((await bucket.take(k, limits, { cost: 2 })).allowed).toBe(true);
  });

  it('keeps the reserve for callers without one', async () => {
    const k = key();
    const bucket = new TokenBucket(a);
    const limits = { ratePerSec: 0.001, burst: 5 };
    let background = 0;
    while ((await bucket.take(k, limits, { reserve: 3 })).allowed) background++;
    expect(background).toBe(2);
    // The 3 reserved tokens are still there for interactive callers.
    for (let i = 0; i < 3; i++) expect((await bucket.take(k, limits)).allowed).toBe(true);
    expect((await bucket.take(k, limits)).allowed).toBe(false);
  });

  it('acquire waits for a token, and gives up past maxWaitMs', async () => {
    const k = key();
    const bucket = new TokenBucket(a);
    // Slow enough that a busy machine's gap between the two calls cannot refill the bucket.
    const limits = { ratePerSec: 2, burst: 1 };
    await bucket.acquire(k, limits);
    const waited = await bucket.acquire(k, limits);
    expect(waited).toBeGreaterThanOrEqual(200);
    const slow = key();
    const rare = { ratePerSec: 0.01, burst: 1 };
    await bucket.acquire(slow, rare);
    await expect(bucket.acquire(slow, rare, { maxWaitMs: 100 })).rejects.toBeInstanceOf(
      BudgetExhaustedError,
    );
  });
});
