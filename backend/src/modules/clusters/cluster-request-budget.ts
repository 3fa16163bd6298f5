import { Logger } from '@nestjs/common';
import type { ClusterRequestRate, ClusterRequestRatePoint } from '@multpanel/contracts';
import type Redis from 'ioredis';
import { ProxmoxBusyError, ProxmoxError, type RequestBudget } from '../../common/proxmox';
import {
  BudgetExhaustedError,
  TokenBucket,
  type BucketLimits,
} from '../../common/redis/token-bucket';

/**
 * Who a Proxmox call is for. `interactive`: a person is waiting (API requests, VM jobs they
 * started). `background`: sweeps (inventory sync, health checks, template scans) that yield to
 * interactive calls by leaving half the burst to them.
 */
export type CallMode = 'interactive' | 'background';

export const DEFAULT_BUDGET: BucketLimits = { ratePerSec: 10, burst: 20 };

/** Longest wait for a token before the call gives up with 503 CLUSTER_BUSY. */
export const BUDGET_MAX_WAIT_MS: Record<CallMode, number> = {
  interactive: 10_000,
  background: 5 * 60_000,
};

export function backgroundReserve(limits: BucketLimits): number {
  return Math.floor(limits.burst / 2);
}

const MINUTE_MS = 60_000;
const KEEP_MINUTES = 120;

/** Requests sent per cluster and minute, in Redis so every process adds to the same count. */
export class ClusterRequestRates {
  private readonly logger = new Logger('ClusterRequestRates');

  constructor(
    private readonly redis: Redis,
    private readonly key: (...parts: string[]) => string,
    private readonly now: () => number = Date.now,
  ) {}

  private minuteKey(clusterId: string, minute: number): string {
    return this.key('pve', 'rate', clusterId, String(minute));
  }

  count(clusterId: string, mode: CallMode): void {
    const k = this.minuteKey(clusterId, Math.floor(this.now() / MINUTE_MS));
    this.redis
      .multi()
      .hincrby(k, mode, 1)
      .expire(k, KEEP_MINUTES * 60)
      .exec()
      .catch((err: Error) => this.logger.warn(`could not count a request: ${err.message}`));
  }

  /** The last complete minute and the running one, for each cluster. */
  async current(clusterIds: string[]): Promise<Map<string, ClusterRequestRate>> {
    const minute = Math.floor(this.now() / MINUTE_MS);
    const pipe = this.redis.pipeline();
    for (const id of clusterIds) {
      pipe.hgetall(this.minuteKey(id, minute - 1));
      pipe.hgetall(this.minuteKey(id, minute));
    }
    const res = clusterIds.length ? ((await pipe.exec()) ?? []) : [];
    const out = new Map<string, ClusterRequestRate>();
    clusterIds.forEach((id, i) => {
      const last = modes(res[2 * i]?.[1]);
      const now = modes(res[2 * i + 1]?.[1]);
      out.set(id, {
        lastMinute: last.interactive + last.background,
        interactive: last.interactive,
        background: last.background,
        currentMinute: now.interactive + now.background,
      });
    });
    return out;
  }

  /** Complete minutes, oldest first (the running minute is left out). */
  async series(clusterId: string, minutes = 60): Promise<ClusterRequestRatePoint[]> {
    const last = Math.floor(this.now() / MINUTE_MS) - 1;
    const pipe = this.redis.pipeline();
    const wanted = Array.from({ length: minutes }, (_, i) => last - minutes + 1 + i);
    for (const m of wanted) pipe.hgetall(this.minuteKey(clusterId, m));
    const res = (await pipe.exec()) ?? [];
    return wanted.map((m, i) => ({
      at: new Date(m * MINUTE_MS).toISOString(),
      ...modes(res[i]?.[1]),
    }));
  }
}

function modes(raw: unknown): { interactive: number; background: number } {
  const h = (raw ?? {}) as Record<string, string>;
  return { interactive: Number(h.interactive ?? 0), background: Number(h.background ?? 0) };
}

/**
 * One cluster's request budget as one kind of caller sees it: a token bucket in Redis shared by
 * every API and worker process. Background callers take with a reserve, so the last tokens are
 * always left to interactive ones. If Redis itself fails the call goes ahead (logged): losing the
 * limit for a moment is better than failing every Proxmox call.
 */
export class ClusterRequestBudget implements RequestBudget {
  private static readonly logger = new Logger('ClusterRequestBudget');

  constructor(
    private readonly deps: {
      bucket: TokenBucket;
      rates: ClusterRequestRates;
      key: (...parts: string[]) => string;
    },
    private readonly cluster: { id: string; name: string },
    private readonly limits: BucketLimits,
    private readonly mode: CallMode,
  ) {}

  async acquire(signal?: AbortSignal): Promise<void> {
    try {
      await this.deps.bucket.acquire(this.deps.key('pve', 'budget', this.cluster.id), this.limits, {
        reserve: this.mode === 'background' ? backgroundReserve(this.limits) : 0,
        maxWaitMs: BUDGET_MAX_WAIT_MS[this.mode],
        signal,
      });
    } catch (err) {
      if (err instanceof BudgetExhaustedError) {
        throw new ProxmoxBusyError(err.retryAfterMs, { cluster: this.cluster.name });
      }
      if (signal?.aborted) throw new ProxmoxError('PVE_ABORTED', 'The request was cancelled');
      ClusterRequestBudget.logger.warn(
        `request budget of ${this.cluster.name} not checked: ${(err as Error).message}`,
      );
    }
    this.deps.rates.count(this.cluster.id, this.mode);
  }
}
