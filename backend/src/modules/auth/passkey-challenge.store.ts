import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { RedisService } from '../../common/redis/redis.service';

export const PASSKEY_CHALLENGE_TTL_SECONDS = 300;

interface Pending {
  challenge: string;
  /** Registration: the account the passkey is for. Sign-in: null (any account's passkey). */
  userId: string | null;
}

/** WebAuthn challenges between the options and the answer: single use, five minutes. */
@Injectable()
export class PasskeyChallengeStore {
  constructor(private readonly redis: RedisService) {}

  private key(kind: 'reg' | 'auth', id: string) {
    return this.redis.key('passkey', kind, id);
  }

  async put(kind: 'reg' | 'auth', pending: Pending): Promise<string> {
    const id = randomBytes(24).toString('base64url');
    await this.redis.client.set(
      this.key(kind, id),
      JSON.stringify(pending),
      'EX',
      PASSKEY_CHALLENGE_TTL_SECONDS,
    );
    return id;
  }

  async take(kind: 'reg' | 'auth', id: string): Promise<Pending | null> {
    const raw = await this.redis.client.getdel(this.key(kind, id));
    return raw ? (JSON.parse(raw) as Pending) : null;
  }
}
