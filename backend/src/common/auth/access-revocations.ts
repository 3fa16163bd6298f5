import { Injectable, Logger } from '@nestjs/common';
import { RedisService } from '../redis/redis.service';

/** Whose access just ended or changed: one user, one company, one session, or one API key. */
export type RevokedAccess =
  { userId: string } | { companyId: string } | { sessionFamilyId: string } | { apiKeyId: string };

export const ACCESS_REVOKED_CHANNEL = 'access-revoked';

/**
 * Tells every API process, over a Redis channel, that some principals' access ended or changed
 * (logout, suspension, a role, grant or key change), so their live sockets close at once instead
 * of at the next periodic re-check. The database change is the truth: publishing never fails the
 * caller, and a lost message only delays the close until that re-check.
 */
@Injectable()
export class AccessRevocations {
  private readonly logger = new Logger('AccessRevocations');

  constructor(private readonly redis: RedisService) {}

  async publish(...targets: RevokedAccess[]): Promise<void> {
    if (targets.length === 0) return;
    try {
      await this.redis.client.publish(
        this.redis.key(ACCESS_REVOKED_CHANNEL),
        JSON.stringify(targets),
      );
    } catch (err) {
      this.logger.warn(`cannot announce revoked access: ${(err as Error).message}`);
    }
  }
}
