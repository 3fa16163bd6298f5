import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { ConsoleKind } from '@multpanel/contracts';
import { SecretsCipher } from '../../common/crypto/secrets-cipher';
import { RedisService } from '../../common/redis/redis.service';

const CIPHER_CONTEXT = 'console.token';

export type ConsoleTarget =
  | { kind: 'qemu' | 'lxc'; clusterId: string; node: string; vmid: number; guestId: string }
  | { kind: 'node'; clusterId: string; node: string };

/** Everything the relay needs; lives only in Redis, encrypted, for the token's few seconds. */
export interface ConsoleTokenRecord {
  userId: string;
  ip: string | null;
  companyId: string | null;
  title: string;
  mode: ConsoleKind;
  target: ConsoleTarget;
  /** The Proxmox ticket: never sent to the browser. */
  pve: { user: string; ticket: string; port: number; password?: string };
  expiresAt: number;
}

/**
 * One-time console tokens in Redis (so any API process can serve the WebSocket). The key is the
 * token's SHA-256 and the value is encrypted, so a Redis dump holds neither a usable token nor a
 * readable Proxmox ticket. GETDEL makes the consume atomic: a token works exactly once.
 */
@Injectable()
export class ConsoleTokenStore {
  constructor(
    private readonly redis: RedisService,
    private readonly cipher: SecretsCipher,
  ) {}

  async issue(record: ConsoleTokenRecord, ttlMs: number): Promise<string> {
    const token = `ct_${randomBytes(32).toString('base64url')}`;
    const value = this.cipher.encrypt(JSON.stringify(record), CIPHER_CONTEXT);
    await this.redis.client.set(this.keyOf(token), value, 'PX', ttlMs);
    return token;
  }

  /**
   * The record without using the token up, so its address can be checked first: a token stolen
   * and tried from elsewhere must not spoil the owner's session. Null when unknown or expired.
   */
  peek(token: string, now = Date.now()): Promise<ConsoleTokenRecord | null> {
    return this.read(token, now, (key) => this.redis.client.get(key));
  }

  /** The record, or null when the token is unknown, expired or already used. */
  consume(token: string, now = Date.now()): Promise<ConsoleTokenRecord | null> {
    return this.read(token, now, (key) => this.redis.client.getdel(key));
  }

  private async read(
    token: string,
    now: number,
    fetch: (key: string) => Promise<string | null>,
  ): Promise<ConsoleTokenRecord | null> {
    if (!/^ct_[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const value = await fetch(this.keyOf(token));
    if (!value) return null;
    const record = JSON.parse(this.cipher.decrypt(value, CIPHER_CONTEXT)) as ConsoleTokenRecord;
    return record.expiresAt > now ? record : null;
  }

  private keyOf(token: string): string {
    return this.redis.key('console', 'token', createHash('sha256').update(token).digest('hex'));
  }
}
