import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { RedisService } from '../common/redis/redis.service';
import {
  HEARTBEAT_INDEX,
  HEARTBEAT_INTERVAL_MS,
  HEARTBEAT_TTL_SECONDS,
  heartbeatKey,
} from '../modules/health/heartbeat';

/** This worker process's heartbeat: its own key with a TTL, listed in an index for /api/health. */
@Injectable()
export class HeartbeatService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Heartbeat');
  private timer?: NodeJS.Timeout;
  /** Unique per process (and per worker context in tests). */
  readonly workerId = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;

  constructor(private readonly redis: RedisService) {}

  onApplicationBootstrap(): void {
    void this.beat();
    this.timer = setInterval(() => void this.beat(), HEARTBEAT_INTERVAL_MS);
    this.timer.unref();
  }

  get key(): string {
    return this.redis.key(...heartbeatKey(this.workerId));
  }

  async beat(): Promise<void> {
    try {
      await this.redis.client
        .multi()
        .set(this.key, new Date().toISOString(), 'EX', HEARTBEAT_TTL_SECONDS)
        .sadd(this.redis.key(...HEARTBEAT_INDEX), this.workerId)
        .exec();
    } catch (err) {
      this.logger.warn(`heartbeat failed: ${(err as Error).message}`);
    }
  }

  /** A worker that stops cleanly leaves the count at once instead of after the TTL. */
  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.redis.client
      .multi()
      .del(this.key)
      .srem(this.redis.key(...HEARTBEAT_INDEX), this.workerId)
      .exec()
      .catch(() => null);
  }
}
