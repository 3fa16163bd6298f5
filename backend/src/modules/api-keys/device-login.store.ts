import { Injectable } from '@nestjs/common';
import type { DeviceRequestView, Permission } from '@multpanel/contracts';
import type { Principal } from '../../common/auth/scope';
import { RedisService } from '../../common/redis/redis.service';

/** A device sign-in request while it lives (at most DEVICE_CODE_TTL_SECONDS). */
export type DeviceRequest = DeviceRequestView;

/** What an approval hands the polling CLI: the approver and the permissions its key gets. */
export interface DeviceGrant {
  actor: Pick<Principal, 'userId' | 'email' | 'via'>;
  role: string;
  companyId: string | null;
  permissions: Permission[];
  clientName: string | null;
}

/**
 * Redis keys of the device flow, all expiring with the request: the request (by device-code hash),
 * the user code's pointer to it, the one decision, the grant the CLI takes once, and the poll pace.
 */
@Injectable()
export class DeviceLoginStore {
  constructor(private readonly redis: RedisService) {}

  private k(...parts: string[]) {
    return this.redis.key('device', ...parts);
  }

  /** Stores a new request; false when the user code is already taken (the caller draws another). */
  async create(hash: string, request: DeviceRequest, ttl: number): Promise<boolean> {
    const claimed = await this.redis.client.set(
      this.k('user', request.userCode),
      hash,
      'EX',
      ttl,
      'NX',
    );
    if (claimed !== 'OK') return false;
    await this.redis.client.set(this.k('req', hash), JSON.stringify(request), 'EX', ttl);
    return true;
  }

  async byHash(hash: string): Promise<DeviceRequest | null> {
    const raw = await this.redis.client.get(this.k('req', hash));
    return raw ? (JSON.parse(raw) as DeviceRequest) : null;
  }

  async byUserCode(userCode: string): Promise<{ hash: string; request: DeviceRequest } | null> {
    const hash = await this.redis.client.get(this.k('user', userCode));
    const request = hash ? await this.byHash(hash) : null;
    return hash && request ? { hash, request } : null;
  }

  /**
   * Records the one decision on a request (approve or deny); false when another came first. An
   * approval also stores the grant the CLI's next poll takes.
   */
  async decide(
    hash: string,
    request: DeviceRequest,
    decision: 'approved' | 'denied',
    grant?: DeviceGrant,
  ): Promise<boolean> {
    const r = this.redis.client;
    const ttl = await r.ttl(this.k('req', hash));
    if (ttl <= 0) return false;
    if ((await r.set(this.k('decided', hash), decision, 'EX', ttl, 'NX')) !== 'OK') return false;
    const tx = r.multi();
    if (grant) tx.set(this.k('grant', hash), JSON.stringify(grant), 'EX', ttl);
    tx.set(this.k('req', hash), JSON.stringify({ ...request, status: decision }), 'KEEPTTL');
    await tx.exec();
    return true;
  }

  /** The grant, once: a second poll (or a replayed device code) finds nothing. */
  async takeGrant(hash: string): Promise<DeviceGrant | null> {
    const raw = await this.redis.client.getdel(this.k('grant', hash));
    return raw ? (JSON.parse(raw) as DeviceGrant) : null;
  }

  async remove(hash: string, userCode: string): Promise<void> {
    await this.redis.client.del(
      this.k('req', hash),
      this.k('user', userCode),
      this.k('decided', hash),
      this.k('grant', hash),
    );
  }

  /** True when this poll comes sooner than `interval` seconds after the previous one. */
  async pollTooSoon(hash: string, interval: number): Promise<boolean> {
    return (await this.redis.client.set(this.k('poll', hash), '1', 'EX', interval, 'NX')) !== 'OK';
  }

  /** Counts one event in a fixed window; answers the count and the seconds left in the window. */
  async count(bucket: string, windowSeconds: number): Promise<{ n: number; ttl: number }> {
    const key = this.redis.key('rl', 'device', bucket);
    const [[, n], , [, ttl]] = (await this.redis.client
      .multi()
      .incr(key)
      .expire(key, windowSeconds, 'NX')
      .ttl(key)
      .exec()) as [unknown, number][];
    return { n: Number(n), ttl: Math.max(Number(ttl), 1) };
  }

  async peek(bucket: string): Promise<{ n: number; ttl: number }> {
    const key = this.redis.key('rl', 'device', bucket);
    const [n, ttl] = await Promise.all([this.redis.client.get(key), this.redis.client.ttl(key)]);
    return { n: Number(n ?? 0), ttl: Math.max(ttl, 1) };
  }
}
