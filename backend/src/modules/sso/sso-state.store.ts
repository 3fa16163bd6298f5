import { Injectable } from '@nestjs/common';
import { RedisService } from '../../common/redis/redis.service';

// The transient half of an authorization request (PKCE verifier, nonce), keyed by `state`. Kept in
// Redis so any API process can take the callback, and read with GETDEL so each state works once.

export interface SsoPending {
  providerId: string;
  codeVerifier: string;
  nonce: string;
  email: string;
  /** Started on this company's mapped host: only its users may finish there. */
  portalCompanyId?: string | null;
}

export const SSO_STATE_TTL_SECONDS = 600;

@Injectable()
export class SsoStateStore {
  constructor(private readonly redis: RedisService) {}

  async put(state: string, pending: SsoPending): Promise<void> {
    await this.redis.client.set(
      this.key(state),
      JSON.stringify(pending),
      'EX',
      SSO_STATE_TTL_SECONDS,
    );
  }

  /** The pending request for `state`, consumed; null when unknown, expired or already used. */
  async take(state: string): Promise<SsoPending | null> {
    const raw = await this.redis.client.getdel(this.key(state));
    return raw ? (JSON.parse(raw) as SsoPending) : null;
  }

  private key(state: string): string {
    return this.redis.key('sso', 'state', state);
  }
}
