import type { IncomingMessage } from 'node:http';
import { CanActivate, ExecutionContext, Injectable, Logger, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../../config/app-config';
import type { RequestStep } from '../../http/request-steps';
import type { AuthedRequest } from '../auth/auth.decorators';
import type { Principal } from '../auth/scope';
import { AppError } from '../errors/app-error';
import { mapError } from '../errors/error-mapper';
import { RedisService } from '../redis/redis.service';
import { TokenBucket, type BucketLimits } from '../redis/token-bucket';

export const LIVE_PROXMOX_KEY = 'mp:live-proxmox';

/**
 * The route calls Proxmox while the caller waits: a stricter per-principal budget applies on top
 * of the general one (RATE_LIMIT_LIVE_*), so one caller cannot turn the API into a Proxmox flood.
 */
export const LiveProxmox = () => SetMetadata(LIVE_PROXMOX_KEY, true);

const API_PATH = /^\/api(?:[/?#]|$)/i;
const WARN_EVERY_MS = 10_000;

const tooMany = (retryAfterMs: number) => {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new AppError('RATE_LIMITED', `Too many requests; try again in ${seconds} s`, {
    retryAfterSeconds: seconds,
  });
};

/**
 * The API's rate limits: token buckets in Redis, so every API process draws from the same ones.
 * Per client address (every /api request, before authentication, so guessing tokens is limited
 * too), per principal (a user, or an API key), and per principal on @LiveProxmox routes. The
 * answer is 429 with Retry-After. Redis trouble lets requests through (logged): the limits protect
 * the platform, they must not take it down.
 */
@Injectable()
export class ApiRateLimiter {
  private readonly logger = new Logger('RateLimit');
  readonly enabled: boolean;
  private readonly buckets: TokenBucket;
  private readonly limits: Record<'ip' | 'principal' | 'live', BucketLimits>;
  private lastWarning = 0;

  constructor(
    private readonly redis: RedisService,
    config: AppConfig,
  ) {
    const e = config.env;
    this.enabled = e.RATE_LIMIT_ENABLED;
    this.buckets = new TokenBucket(redis.client);
    this.limits = {
      ip: { ratePerSec: e.RATE_LIMIT_IP_PER_SEC, burst: e.RATE_LIMIT_IP_BURST },
      principal: {
        ratePerSec: e.RATE_LIMIT_PRINCIPAL_PER_SEC,
        burst: e.RATE_LIMIT_PRINCIPAL_BURST,
      },
      live: { ratePerSec: e.RATE_LIMIT_LIVE_PER_SEC, burst: e.RATE_LIMIT_LIVE_BURST },
    };
  }

  /** The per-address limit as a request step (answers 429 itself: no Nest filter runs there). */
  addressStep(): RequestStep {
    return (req, reply, next) => {
      if (!this.enabled || !API_PATH.test(req.url)) return next();
      this.take('ip', req.ip ?? 'unknown').then(
        () => next(),
        (err: unknown) => {
          const { body } = mapError(err);
          const retry = (body.details as { retryAfterSeconds?: number }).retryAfterSeconds;
          void reply
            .code(body.statusCode)
            .header('retry-after', String(retry))
            .type('application/json; charset=utf-8')
            .send(body);
        },
      );
    };
  }

  /** Throws RATE_LIMITED when the principal (and, on live routes, its live budget) is spent. */
  async checkPrincipal(principal: Principal, live: boolean): Promise<void> {
    if (!this.enabled) return;
    const who = principal.apiKeyId ? `k:${principal.apiKeyId}` : `u:${principal.userId}`;
    await Promise.all([this.take('principal', who), ...(live ? [this.take('live', who)] : [])]);
  }

  private async take(kind: 'ip' | 'principal' | 'live', who: string): Promise<void> {
    let result: Awaited<ReturnType<TokenBucket['take']>>;
    try {
      result = await this.buckets.take(this.redis.key('rl', 'api', kind, who), this.limits[kind]);
    } catch (err) {
      if (Date.now() - this.lastWarning > WARN_EVERY_MS) {
        this.lastWarning = Date.now();
        this.logger.warn(`rate limiter unavailable, not limiting: ${(err as Error).message}`);
      }
      return;
    }
    if (!result.allowed) throw tooMany(result.retryAfterMs);
  }
}

/** Global guard after AuthGuard: the per-principal budgets of authenticated routes. */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limiter: ApiRateLimiter,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http' || !this.limiter.enabled) return true;
    const req = ctx.switchToHttp().getRequest<FastifyRequest & AuthedRequest>();
    const principal = req.principal ?? (req.raw as IncomingMessage & AuthedRequest).principal;
    if (!principal) return true; // public route: the address limit applied
    const live = this.reflector.getAllAndOverride<boolean>(LIVE_PROXMOX_KEY, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    await this.limiter.checkPrincipal(principal, live === true);
    return true;
  }
}
