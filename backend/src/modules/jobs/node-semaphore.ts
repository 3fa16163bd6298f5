import { setTimeout as delay } from 'node:timers/promises';
import type Redis from 'ioredis';

// Counting semaphore per Proxmox node in Redis, shared by every worker process. Holders are job ids
// with an expiry, so a killed worker's slot frees itself and a resumed job re-enters its own slot.
const ACQUIRE = `
local key = KEYS[1]
local now = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local holder = ARGV[3]
local expires = tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
if redis.call('ZSCORE', key, holder) then
  redis.call('ZADD', key, expires, holder)
  return redis.call('ZCARD', key)
end
if redis.call('ZCARD', key) < limit then
  redis.call('ZADD', key, expires, holder)
  return redis.call('ZCARD', key)
end
return 0
`;

/** How often a waiter looks for holders that hold their slot for nothing. */
const RECLAIM_EVERY_MS = 2000;

export class NodeSemaphore {
  /** Highest number of holders seen per node key by this process (bench/test evidence). */
  readonly maxSeen = new Map<string, number>();

  constructor(
    private readonly redis: Redis,
    private readonly keyOf: (clusterId: string, node: string) => string,
    private readonly limit: number,
    private readonly leaseMs = 5 * 60_000,
  ) {}

  /**
   * Waits for a slot. While the node is full, `orphaned` is asked now and then which holders hold
   * their slot for nothing (see the runner); those are dropped.
   */
  async acquire(
    clusterId: string,
    node: string,
    holder: string,
    signal?: AbortSignal,
    orphaned?: (holders: string[]) => Promise<string[]>,
  ): Promise<void> {
    const key = this.keyOf(clusterId, node);
    let reclaimAt = Date.now() + RECLAIM_EVERY_MS;
    for (let wait = 25; ; wait = Math.min(wait * 2, 500)) {
      if (signal?.aborted) throw new Error('aborted while waiting for a node slot');
      const now = Date.now();
      const n = Number(
        await this.redis.eval(ACQUIRE, 1, key, now, this.limit, holder, now + this.leaseMs),
      );
      if (n > 0) {
        this.maxSeen.set(
          `${clusterId}/${node}`,
          Math.max(this.maxSeen.get(`${clusterId}/${node}`) ?? 0, n),
        );
        return;
      }
      if (orphaned && Date.now() >= reclaimAt) {
        reclaimAt = Date.now() + RECLAIM_EVERY_MS;
        const holders = await this.redis.zrangebyscore(key, Date.now(), '+inf');
        const drop = await orphaned(holders.filter((h) => h !== holder));
        if (drop.length) await this.redis.zrem(key, ...drop);
        if (drop.length) continue;
      }
      await delay(wait);
    }
  }

  async renew(clusterId: string, node: string, holder: string): Promise<void> {
    await this.redis.zadd(this.keyOf(clusterId, node), 'XX', Date.now() + this.leaseMs, holder);
  }

  async release(clusterId: string, node: string, holder: string): Promise<void> {
    await this.redis.zrem(this.keyOf(clusterId, node), holder);
  }
}
