import { Injectable } from '@nestjs/common';
import {
  normalizeUserCode,
  type DeviceCodeRequest,
  type DeviceCodeResponse,
  type DeviceRequestView,
  type DeviceTokenResponse,
} from '@multpanel/contracts';
import type { Actor } from '../../common/auth/actor';
import { ActivityService } from '../../common/audit/activity.service';
import { AppError } from '../../common/errors/app-error';
import type { RequestMeta } from '../../common/http/request-meta';
import { AppConfig } from '../../config/app-config';
import { ApiKeysService } from './api-keys.service';
import {
  DEVICE_CODE_TTL_SECONDS,
  DEVICE_CODES_PER_IP,
  DEVICE_CODES_WINDOW_SECONDS,
  DEVICE_POLL_INTERVAL_SECONDS,
  hashDeviceCode,
  newDeviceCode,
  newUserCode,
  USER_CODE_MISSES,
  USER_CODE_MISSES_WINDOW_SECONDS,
} from './device-code';
import { DeviceLoginStore, type DeviceRequest } from './device-login.store';

const limited = (seconds: number, what: string) =>
  new AppError('RATE_LIMITED', `Too many ${what}; try again in ${seconds} s`, {
    retryAfterSeconds: seconds,
  });

const gone = () =>
  new AppError(
    'NOT_FOUND',
    'This sign-in code is unknown, expired or already used; run `multpanel login --device` again',
  );

/**
 * `multpanel login --device`: the CLI gets a device code and a short user code, the person approves
 * the user code on the SPA's /device page while signed in, and the CLI's next poll receives an API key
 * with the approver's permissions (once). Requests live ten minutes in Redis; nothing of a pending
 * request is written to the database, and the key's secret exists only in the poll's answer.
 */
@Injectable()
export class DeviceLoginService {
  constructor(
    private readonly store: DeviceLoginStore,
    private readonly keys: ApiKeysService,
    private readonly activity: ActivityService,
    private readonly config: AppConfig,
  ) {}

  async start(input: DeviceCodeRequest, meta: RequestMeta): Promise<DeviceCodeResponse> {
    const perIp = await this.store.count(`ip:${meta.ip ?? 'unknown'}`, DEVICE_CODES_WINDOW_SECONDS);
    if (perIp.n > DEVICE_CODES_PER_IP) throw limited(perIp.ttl, 'sign-in codes from your address');
    const deviceCode = newDeviceCode();
    const hash = hashDeviceCode(deviceCode);
    const now = Date.now();
    for (let attempt = 0; attempt < 5; attempt++) {
      const request: DeviceRequest = {
        userCode: newUserCode(),
        clientName: input.clientName ?? null,
        ip: meta.ip,
        userAgent: meta.userAgent,
        createdAt: new Date(now).toISOString(),
        expiresAt: new Date(now + DEVICE_CODE_TTL_SECONDS * 1000).toISOString(),
        status: 'pending',
      };
      if (!(await this.store.create(hash, request, DEVICE_CODE_TTL_SECONDS))) continue;
      const verificationUri = `${this.config.publicUrl.replace(/\/+$/, '')}/device`;
      return {
        deviceCode,
        userCode: request.userCode,
        verificationUri,
        verificationUriComplete: `${verificationUri}?code=${request.userCode}`,
        expiresIn: DEVICE_CODE_TTL_SECONDS,
        interval: DEVICE_POLL_INTERVAL_SECONDS,
      };
    }
    throw new AppError('CONFLICT', 'Could not draw a free sign-in code; try again');
  }

  /** The CLI's poll: pending, or the key once; faster than the interval → 429. */
  async poll(deviceCode: string, meta: RequestMeta): Promise<DeviceTokenResponse> {
    const hash = hashDeviceCode(deviceCode);
    if (await this.store.pollTooSoon(hash, DEVICE_POLL_INTERVAL_SECONDS)) {
      throw limited(DEVICE_POLL_INTERVAL_SECONDS, 'polls; slow down');
    }
    const grant = await this.store.takeGrant(hash);
    const request = await this.store.byHash(hash);
    if (grant) {
      if (request) await this.store.remove(hash, request.userCode);
      const name = `CLI device login${grant.clientName ? `: ${grant.clientName}` : ''}`;
      const key = await this.keys.issueForDevice(grant, name, meta);
      return {
        status: 'approved',
        apiKey: key.key,
        apiKeyId: key.id,
        user: { email: grant.actor.email, role: grant.role },
      };
    }
    if (!request || request.status === 'approved') throw gone();
    if (request.status === 'denied') {
      await this.store.remove(hash, request.userCode);
      throw new AppError('FORBIDDEN', 'The sign-in request was denied in the browser');
    }
    return { status: 'pending' };
  }

  /** What the approval page shows before the person decides. */
  async show(actor: Actor, userCode: string): Promise<DeviceRequestView> {
    return (await this.find(actor, userCode)).request;
  }

  async decide(actor: Actor, userCode: string, decision: 'approved' | 'denied'): Promise<void> {
    // Only a person in the browser approves: an API key does not mint a key for a device.
    if (actor.principal.via !== 'jwt') {
      throw new AppError('FORBIDDEN', 'Approve device sign-ins while signed in to the panel');
    }
    const { hash, request } = await this.find(actor, userCode);
    if (request.status !== 'pending') {
      throw new AppError('CONFLICT', `This sign-in request was already ${request.status}`);
    }
    const p = actor.principal;
    const grant =
      decision === 'approved'
        ? {
            actor: { userId: p.userId, email: p.email, via: p.via },
            role: p.role,
            companyId: p.companyId,
            permissions: p.permissions,
            clientName: request.clientName,
          }
        : undefined;
    if (!(await this.store.decide(hash, request, decision, grant))) {
      throw new AppError('CONFLICT', 'This sign-in request was already decided or has expired');
    }
    await this.activity.record({
      action: decision === 'approved' ? 'device_login.approve' : 'device_login.deny',
      companyId: p.companyId,
      actor: p,
      resourceType: 'device_login',
      resourceId: request.userCode,
      ip: actor.meta.ip,
      userAgent: actor.meta.userAgent,
      details: { clientName: request.clientName, requestIp: request.ip },
    });
  }

  /**
   * A well-formed code that matches nothing counts against the person (guessing another's code);
   * a malformed one is refused with 400 before it counts.
   */
  private async find(actor: Actor, raw: string) {
    const userCode = normalizeUserCode(raw);
    if (!userCode) {
      throw new AppError('VALIDATION_FAILED', 'A sign-in code looks like BCDF-GHJK', [
        { path: 'userCode', message: 'eight letters, e.g. BCDF-GHJK', code: 'invalid_format' },
      ]);
    }
    const bucket = `miss:${actor.principal.userId}`;
    const misses = await this.store.peek(bucket);
    if (misses.n >= USER_CODE_MISSES) throw limited(misses.ttl, 'unknown sign-in codes');
    const found = await this.store.byUserCode(userCode);
    if (!found) {
      await this.store.count(bucket, USER_CODE_MISSES_WINDOW_SECONDS);
      throw gone();
    }
    return found;
  }
}
