import { Injectable, Logger } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error';
import { RedisService } from '../../common/redis/redis.service';

// Redis-backed so several API processes share the counters.
export const IP_FAILURE_LIMIT = 10; // wrong passwords per IP per minute
export const IP_WINDOW_SECONDS = 60;
export const ACCOUNT_FREE_FAILURES = 5; // then the account locks, doubling each time
export const ACCOUNT_WINDOW_SECONDS = 15 * 60;
export const ACCOUNT_BASE_LOCK_SECONDS = 30;
export const ACCOUNT_MAX_LOCK_SECONDS = 15 * 60;
export const RESET_LIMIT_PER_HOUR = { ip: 10, account: 3 };

export const limited = (seconds: number, what: string) =>
  new AppError('RATE_LIMITED', `Too many ${what}; try again in ${seconds} s`, {
    retryAfterSeconds: seconds,
  });

/** Lock time after `failures` consecutive failures: 0 until the free ones are used, then 30 s, 60 s … 15 min. */
export function lockSeconds(failures: number): number {
  if (failures < ACCOUNT_FREE_FAILURES) return 0;
  const step = failures - ACCOUNT_FREE_FAILURES;
  return Math.min(ACCOUNT_BASE_LOCK_SECONDS * 2 ** Math.min(step, 10), ACCOUNT_MAX_LOCK_SECONDS);
}

@Injectable()
export class LoginThrottle {
  private readonly logger = new Logger('LoginThrottle');

  constructor(private readonly redis: RedisService) {}

  private k(...parts: string[]) {
    return this.redis.key('rl', ...parts);
  }

  async beforeLogin(ip: string | null, email: string): Promise<void> {
    await this.failOpen(async () => {
      const r = this.redis.client;
      const ipKey = this.k('login', 'ip', ip ?? 'unknown');
      const [ipFailures, ipTtl, lockTtl] = await Promise.all([
        r.get(ipKey),
        r.ttl(ipKey),
        r.ttl(this.k('login', 'lock', email)),
      ]);
      if (Number(ipFailures ?? 0) >= IP_FAILURE_LIMIT) {
        throw limited(Math.max(ipTtl, 1), 'failed sign-ins from your address');
      }
      if (lockTtl > 0) throw limited(lockTtl, 'failed sign-ins for this account');
    });
  }

  async loginFailed(ip: string | null, email: string): Promise<void> {
    await this.failOpen(async () => {
      const r = this.redis.client;
      const ipKey = this.k('login', 'ip', ip ?? 'unknown');
      const acctKey = this.k('login', 'fail', email);
      const [[, ipCount], , [, acctCount]] = (await r
        .multi()
        .incr(ipKey)
        .expire(ipKey, IP_WINDOW_SECONDS, 'NX')
        .incr(acctKey)
        .expire(acctKey, ACCOUNT_WINDOW_SECONDS)
        .exec()) as [unknown, number][];
      void ipCount;
      const lock = lockSeconds(Number(acctCount));
      if (lock > 0) await r.set(this.k('login', 'lock', email), '1', 'EX', lock);
    });
  }

  async loginSucceeded(email: string): Promise<void> {
    await this.failOpen(() =>
      this.redis.client.del(this.k('login', 'fail', email), this.k('login', 'lock', email)),
    );
  }

  async checkReset(ip: string | null, email: string | null): Promise<void> {
    await this.failOpen(async () => {
      const checks: [string, number][] = [
        [this.k('reset', 'ip', ip ?? 'unknown'), RESET_LIMIT_PER_HOUR.ip],
      ];
      if (email) checks.push([this.k('reset', 'acct', email), RESET_LIMIT_PER_HOUR.account]);
      for (const [key, limit] of checks) {
        const n = await this.redis.client.incr(key);
        if (n === 1) await this.redis.client.expire(key, 3600);
        if (n > limit)
          throw limited(Math.max(await this.redis.client.ttl(key), 1), 'reset requests');
      }
    });
  }

  // Redis trouble must not lock everyone out of the platform; the database still checks passwords.
  private async failOpen(fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      if (err instanceof AppError) throw err;
      this.logger.warn(`rate limiter unavailable: ${(err as Error).message}`);
    }
  }
}
