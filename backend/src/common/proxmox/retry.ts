import { setTimeout as delay } from 'node:timers/promises';
import { isPassingFault } from './proxmox.errors';

export interface RetryOptions {
  signal?: AbortSignal;
  /** Give up once this long has passed since the first try (default 60 s). */
  budgetMs?: number;
  /** First back-off; doubles up to 10 s (default 250 ms). */
  baseMs?: number;
}

/**
 * Run a read (or an idempotent call) again with back-off while it fails with a passing fault (5xx,
 * time-out, reset): for the reads around a Proxmox task that must not turn one bad answer into a
 * failed job. Other errors, and the last one after the budget, are thrown.
 */
export async function retryPassingFaults<T>(
  fn: () => Promise<T>,
  opts: RetryOptions = {},
): Promise<T> {
  const until = Date.now() + (opts.budgetMs ?? 60_000);
  const base = opts.baseMs ?? 250;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const wait = Math.min(10_000, base * 2 ** attempt);
      if (opts.signal?.aborted || !isPassingFault(err) || Date.now() + wait > until) throw err;
      await delay(wait, undefined, { signal: opts.signal }).catch(() => undefined);
    }
  }
}
