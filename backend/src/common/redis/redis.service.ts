import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import Redis, { type RedisOptions } from 'ioredis';
import { AppConfig } from '../../config/app-config';

export function redisOptions(url: string, extra: RedisOptions = {}): RedisOptions {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    ...extra,
  };
}

// One shared command connection; keys go through config.redisKey() so parallel runs never collide.
@Injectable()
export class RedisService implements OnModuleDestroy {
  private readonly logger = new Logger('Redis');
  readonly client: Redis;
  private subscriber?: Redis;

  constructor(private readonly config: AppConfig) {
    this.client = new Redis(
      redisOptions(config.env.REDIS_URL, {
        maxRetriesPerRequest: 2,
        retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
      }),
    );
    this.client.on('error', (err) => this.logger.warn(`redis: ${err.message}`));
  }

  key(...parts: string[]): string {
    return this.config.redisKey(...parts);
  }

  // Dedicated connection for pub/sub (a subscribed connection cannot run other commands).
  getSubscriber(): Redis {
    if (!this.subscriber) {
      this.subscriber = this.client.duplicate();
      this.subscriber.on('error', (err) => this.logger.warn(`redis sub: ${err.message}`));
    }
    return this.subscriber;
  }

  async ping(timeoutMs = 1000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([this.client.ping(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.subscriber?.disconnect();
    this.client.disconnect();
  }
}
