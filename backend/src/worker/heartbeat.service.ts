import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { RedisService } from '../common/redis/redis.service';
import {
  HEARTBEAT_INTERVAL_MS,
  HEARTBEAT_KEY,
  HEARTBEAT_TTL_SECONDS,
} from '../modules/health/heartbeat';

// The API's health check reads this key; its TTL makes a dead worker disappear on its own.
@Injectable()
export class HeartbeatService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Heartbeat');
  private timer?: NodeJS.Timeout;

  constructor(private readonly redis: RedisService) {}

  onApplicationBootstrap(): void {
    void this.beat();
    this.timer = setInterval(() => void this.beat(), HEARTBEAT_INTERVAL_MS);
    this.timer.unref();
  }

  async beat(): Promise<void> {
    try {
      await this.redis.client.set(
        this.redis.key(...HEARTBEAT_KEY),
        new Date().toISOString(),
        'EX',
        HEARTBEAT_TTL_SECONDS,
      );
    } catch (err) {
      this.logger.warn(`heartbeat failed: ${(err as Error).message}`);
    }
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }
}
