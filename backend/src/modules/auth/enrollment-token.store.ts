import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { RedisService } from '../../common/redis/redis.service';

export const ENROLLMENT_TTL_SECONDS = 600;
// Wrong codes allowed per token before it is burnt (the password must be proven again).
export const ENROLLMENT_MAX_TRIES = 5;

const sha256 = (v: string) => createHash('sha256').update(v).digest('hex');

// Short-lived, single-use proof that a password was right for an account that must enrol 2FA first.
// Only the token's hash is stored, so a Redis dump cannot be replayed.
@Injectable()
export class EnrollmentTokenStore {
  constructor(private readonly redis: RedisService) {}

  keyOf(token: string): string {
    return this.redis.key('totp-enroll', sha256(token));
  }

  async issue(userId: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.redis.client.set(this.keyOf(token), userId, 'EX', ENROLLMENT_TTL_SECONDS);
    return token;
  }

  /** The user the token belongs to, without using it up; null when unknown or expired. */
  peek(token: string): Promise<string | null> {
    return this.redis.client.get(this.keyOf(token));
  }

  /** Uses the token up; only one caller ever gets the user id back (GETDEL is atomic). */
  consume(token: string): Promise<string | null> {
    return this.redis.client.getdel(this.keyOf(token));
  }

  /** Counts a wrong code; burns the token once too many were tried. */
  async failedAttempt(token: string): Promise<void> {
    const key = `${this.keyOf(token)}:tries`;
    const tries = await this.redis.client
      .multi()
      .incr(key)
      .expire(key, ENROLLMENT_TTL_SECONDS)
      .exec();
    if (Number(tries?.[0]?.[1] ?? 0) >= ENROLLMENT_MAX_TRIES) {
      await this.redis.client.del(this.keyOf(token), key);
    }
  }
}
