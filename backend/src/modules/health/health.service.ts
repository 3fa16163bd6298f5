import { Injectable } from '@nestjs/common';
import type { DependencyCheck, HealthResponse } from '@multpanel/contracts';
import { RedisService } from '../../common/redis/redis.service';
import { AppConfig } from '../../config/app-config';
import { HEARTBEAT_INDEX, HEARTBEAT_TTL_SECONDS, heartbeatKey } from './heartbeat';
import { HealthRepository } from './health.repository';

const STARTED = Date.now();

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

async function check(fn: () => Promise<unknown>): Promise<DependencyCheck> {
  const t0 = performance.now();
  try {
    await withTimeout(fn(), 1500);
    return { status: 'up', latencyMs: Math.round((performance.now() - t0) * 10) / 10 };
  } catch (err) {
    return { status: 'down', error: err instanceof Error ? err.message : String(err) };
  }
}

@Injectable()
export class HealthService {
  constructor(
    private readonly config: AppConfig,
    private readonly repo: HealthRepository,
    private readonly redis: RedisService,
  ) {}

  async report(): Promise<HealthResponse> {
    const [database, redis] = await Promise.all([
      check(() => this.repo.ping()),
      check(() => this.redis.ping(1500)),
    ]);
    let worker: HealthResponse['checks']['worker'] = { status: 'unknown' };
    if (redis.status === 'up') {
      const beats = await this.heartbeats().catch(() => [] as string[]);
      const alive = beats.filter((b) => Date.now() - Date.parse(b) <= HEARTBEAT_TTL_SECONDS * 1000);
      const last = beats.sort().at(-1);
      worker = { status: alive.length ? 'up' : 'down', alive: alive.length };
      if (last) worker.lastHeartbeatAt = last;
    }
    // The API cannot work without its database and Redis; a missing worker only delays jobs.
    const healthy = database.status === 'up' && redis.status === 'up' && worker.status === 'up';
    return {
      status: healthy ? 'ok' : 'degraded',
      version: this.config.version,
      uptimeSeconds: Math.round((Date.now() - STARTED) / 1000),
      checks: { database, redis, worker },
    };
  }

  /** The last beat of every worker whose key is still there; ids whose key expired leave the index. */
  private async heartbeats(): Promise<string[]> {
    const index = this.redis.key(...HEARTBEAT_INDEX);
    const ids = await this.redis.client.smembers(index);
    if (!ids.length) return [];
    const beats = await this.redis.client.mget(
      ids.map((id) => this.redis.key(...heartbeatKey(id))),
    );
    const gone = ids.filter((_, i) => beats[i] === null);
    if (gone.length) await this.redis.client.srem(index, ...gone);
    return beats.filter((b): b is string => b !== null);
  }
}
