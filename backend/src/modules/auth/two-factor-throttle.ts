import { Injectable, Logger } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error';
import { RedisService } from '../../common/redis/redis.service';
import {
  ACCOUNT_WINDOW_SECONDS,
  IP_FAILURE_LIMIT,
  IP_WINDOW_SECONDS,
  limited,
  lockSeconds,
} from './login-throttle';

/**
 * Wrong second factors (TOTP or recovery codes) counted like wrong passwords, in Redis so every API
 * process shares the counts: per address (10 a minute) and per account (5 free, then a lock of
 * 30 s doubling up to 15 min). A locked account is refused before its password is checked, so
 * the lock does not tell a guesser the password was right. Counters apart from the password's:
 * whoever reaches this step already knows the password.
 */
@Injectable()
export class TwoFactorThrottle {
  private readonly logger = new Logger('TwoFactorThrottle');

  constructor(private readonly redis: RedisService) {}

  private k(...parts: string[]) {
    return this.redis.key('rl', '2fa', ...parts);
  }

  private ipKey(ip: string | null) {
    return this.k('ip', ip ?? 'unknown');
  }

  /** Throws RATE_LIMITED while the address or the account may not try another code. */
  /** `email` null: only the address's count (a passkey sign-in before its account is known). */
  async before(ip: string | null, email: string | null): Promise<void> {
    await this.failOpen(async () => {
      const r = this.redis.client;
      const [ipFailures, ipTtl, lockTtl] = await Promise.all([
        r.get(this.ipKey(ip)),
        r.ttl(this.ipKey(ip)),
        email === null ? Promise.resolve(-2) : r.ttl(this.k('lock', email.toLowerCase())),
      ]);
      if (Number(ipFailures ?? 0) >= IP_FAILURE_LIMIT) {
        throw limited(Math.max(ipTtl, 1), 'wrong verification codes from your address');
      }
      if (lockTtl > 0) throw limited(lockTtl, 'wrong verification codes for this account');
    });
  }

  async failed(ip: string | null, email: string | null): Promise<void> {
    await this.failOpen(async () => {
      const r = this.redis.client;
      if (email === null) {
        await r.multi().incr(this.ipKey(ip)).expire(this.ipKey(ip), IP_WINDOW_SECONDS, 'NX').exec();
        return;
      }
      const account = email.toLowerCase();
      const failKey = this.k('fail', account);
      const replies = (await r
        .multi()
        .incr(this.ipKey(ip))
        .expire(this.ipKey(ip), IP_WINDOW_SECONDS, 'NX')
        .incr(failKey)
        .expire(failKey, ACCOUNT_WINDOW_SECONDS)
        .exec()) as [unknown, number][];
      const lock = lockSeconds(Number(replies[2][1]));
      if (lock > 0) await r.set(this.k('lock', account), '1', 'EX', lock);
    });
  }

  async succeeded(email: string): Promise<void> {
    const account = email.toLowerCase();
    await this.failOpen(() => this.redis.client.del(this.k('fail', account)));
  }

  // As for passwords: Redis trouble must not lock everyone out (the code itself is still checked).
  private async failOpen(fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      if (err instanceof AppError) throw err;
      this.logger.warn(`second-factor limiter unavailable: ${(err as Error).message}`);
    }
  }
}
