import type Redis from 'ioredis';

// One token bucket in Redis, shared by every API and worker process: the per-cluster Proxmox request
// budget and the API rate limits both use it. Tokens refill continuously at `ratePerSec` up to `burst`.
// `reserve` keeps that many tokens for more important callers: a background sweep taking with
// reserve 5 never drains the last 5 tokens that interactive requests (reserve 0) may still use.
const TAKE = `
local key = KEYS[1]
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local reserve = tonumber(ARGV[4])
local now = tonumber(ARGV[5])
local state = redis.call('HMGET', key, 't', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil then tokens = burst; at = now end
tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000)
local ok = 0
local wait = 0
if tokens - cost >= reserve then
  tokens = tokens - cost
  ok = 1
else
  wait = math.ceil((cost + reserve - tokens) * 1000 / rate)
end
redis.call('HSET', key, 't', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', key, math.ceil(burst * 1000 / rate) + 1000)
return { ok, wait, tostring(tokens) }
`;

export interface BucketLimits {
  /** Sustained rate in tokens per second (> 0). */
  ratePerSec: number;
  /** Bucket size: how many may be taken at once after a quiet period. */
  burst: number;
}

export interface TakeResult {
  allowed: boolean;
  /** When not allowed: how long until the request could be allowed. */
  retryAfterMs: number;
  /** Tokens left after this call. */
  remaining: number;
}

export class TokenBucket {
  constructor(private readonly redis: Redis) {}

  async take(
    key: string,
    limits: BucketLimits,
    opts: { cost?: number; reserve?: number } = {},
  ): Promise<TakeResult> {
    const [ok, wait, left] = (await this.redis.eval(
      TAKE,
      1,
      key,
      limits.ratePerSec,
      limits.burst,
      opts.cost ?? 1,
      opts.reserve ?? 0,
      Date.now(),
    )) as [number, number, string];
    return { allowed: ok === 1, retryAfterMs: Number(wait), remaining: Number(left) };
  }

  /** Waits (polling at the bucket's own pace) until a token is granted or `signal` aborts. */
  async acquire(
    key: string,
    limits: BucketLimits,
    opts: { cost?: number; reserve?: number; signal?: AbortSignal; maxWaitMs?: number } = {},
  ): Promise<number> {
    const started = Date.now();
    for (;;) {
      const r = await this.take(key, limits, opts);
      if (r.allowed) return Date.now() - started;
      if (opts.signal?.aborted) throw new Error('aborted while waiting for the request budget');
      const waited = Date.now() - started;
      if (opts.maxWaitMs !== undefined && waited + r.retryAfterMs > opts.maxWaitMs) {
        throw new BudgetExhaustedError(key, r.retryAfterMs);
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(5, r.retryAfterMs)));
    }
  }
}

export class BudgetExhaustedError extends Error {
  constructor(
    readonly key: string,
    readonly retryAfterMs: number,
  ) {
    super(`request budget exhausted; retry in ${Math.ceil(retryAfterMs / 1000)} s`);
  }
}
