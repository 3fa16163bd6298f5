/** Pure statistics for the health job; kept apart so they are unit-testable. */

export interface Sample {
  ok: boolean;
  latencyMs: number | null;
}

export function healthStats(samples: Sample[]): {
  successRate: number | null;
  avgLatencyMs: number | null;
  p95LatencyMs: number | null;
} {
  if (samples.length === 0) return { successRate: null, avgLatencyMs: null, p95LatencyMs: null };
  const ok = samples.filter((s) => s.ok);
  const latencies = ok
    .map((s) => s.latencyMs)
    .filter((v): v is number => typeof v === 'number')
    .sort((a, b) => a - b);
  const avg = latencies.length
    ? Math.round(latencies.reduce((a, b) => a + b, 0) / latencies.length)
    : null;
  const p95 = latencies.length
    ? latencies[Math.min(latencies.length - 1, Math.ceil(latencies.length * 0.95) - 1)]
    : null;
  return {
    successRate: Math.round((ok.length / samples.length) * 10_000) / 10_000,
    avgLatencyMs: avg,
    p95LatencyMs: p95,
  };
}

/**
 * Timeout learned from recent answers: generous multiple of the p95 so a slow-but-alive cluster is
 * not flagged, bounded so a dead one is detected within one check interval.
 */
export function learnedTimeoutMs(recentLatencies: number[], intervalSec: number): number {
  const ceiling = Math.max(2_000, Math.min(15_000, intervalSec * 1000 * 0.8));
  if (recentLatencies.length < 3) return ceiling;
  const sorted = [...recentLatencies].sort((a, b) => a - b);
  const p95 = sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)];
  return Math.round(Math.min(ceiling, Math.max(2_000, p95 * 5)));
}

/** An answer this slow (ms) marks the cluster degraded: usable, but worth a look. */
export const SLOW_ANSWER_MS = 1_500;

/** The timeout of the second try before a cluster is declared offline: the ceiling. */
export function retryTimeoutMs(intervalSec: number): number {
  return learnedTimeoutMs([], intervalSec);
}
