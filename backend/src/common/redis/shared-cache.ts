import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Logger } from '@nestjs/common';
import { RedisService } from './redis.service';

/** How long a caller that lost the race waits for the winner's figures before computing its own. */
const WAIT_FOR_WINNER_MS = 5_000;
const POLL_MS = 25;

/**
 * Figures that are expensive to compute and may be a few seconds old (dashboards, metrics), kept in
 * Redis so every API process shares them: per key and interval one caller computes (it holds a
 * SET NX lock), the others wait for its result. Redis trouble falls back to computing (logged), so a
 * cache outage costs CPU, never an error. Values go through JSON: plain data only.
 */
@Injectable()
export class SharedCache {
  private readonly logger = new Logger('SharedCache');
  /** Callers in this process asking the same key at once share one Redis round trip. */
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(private readonly redis: RedisService) {}

  get<T>(parts: string[], ttlMs: number, compute: () => Promise<T>): Promise<T> {
    const key = this.redis.key('cache', ...parts);
    const pending = this.inFlight.get(key) as Promise<T> | undefined;
    if (pending) return pending;
    const p = this.read(key, ttlMs, compute).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, p);
    return p;
  }

  private async read<T>(key: string, ttlMs: number, compute: () => Promise<T>): Promise<T> {
    const r = this.redis.client;
    let locked: boolean;
    try {
      const hit = await r.get(key);
      if (hit !== null) return JSON.parse(hit) as T;
      // The lock outlives a slow computation's wait so a second caller does not start another.
      locked = (await r.set(`${key}:lock`, '1', 'PX', WAIT_FOR_WINNER_MS, 'NX')) === 'OK';
    } catch (err) {
      this.logger.warn(`cache ${key} not read: ${(err as Error).message}`);
      return compute();
    }
    if (!locked) {
      const won = await this.waitFor<T>(key);
      if (won !== undefined) return won;
      return compute();
    }
    try {
      const value = await compute();
      await r
        .set(key, JSON.stringify(value), 'PX', ttlMs)
        .catch((err: Error) => this.logger.warn(`cache ${key} not written: ${err.message}`));
      return value;
    } finally {
      await r.del(`${key}:lock`).catch(() => undefined);
    }
  }

  private async waitFor<T>(key: string): Promise<T | undefined> {
    const until = Date.now() + WAIT_FOR_WINNER_MS;
    while (Date.now() < until) {
      await sleep(POLL_MS);
      const [hit, lock] = await Promise.all([
        this.redis.client.get(key).catch(() => null),
        this.redis.client.exists(`${key}:lock`).catch(() => 0),
      ]);
      if (hit !== null) return JSON.parse(hit) as T;
      if (lock === 0) break; // the winner failed or its value was written just now: look once more
    }
    const last = await this.redis.client.get(key).catch(() => null);
    return last === null ? undefined : (JSON.parse(last) as T);
  }
}
