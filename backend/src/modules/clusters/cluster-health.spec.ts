import { healthStats, learnedTimeoutMs } from './cluster-health';

describe('cluster health statistics', () => {
  it('computes success rate, average and p95 over successful checks', () => {
    const samples = [
      ...Array.from({ length: 19 }, (_, i) => ({ ok: true, latencyMs: 10 + i })),
      { ok: true, latencyMs: 500 },
      { ok: false, latencyMs: null },
    ];
    const s = healthStats(samples);
    expect(s.successRate).toBeCloseTo(20 / 21, 4);
    expect(s.p95LatencyMs).toBe(28);
    expect(s.avgLatencyMs).toBe(Math.round((19 * 10 + 171 + 500) / 20));
    expect(healthStats([])).toEqual({ successRate: null, avgLatencyMs: null, p95LatencyMs: null });
  });

  it('learns a timeout from recent latencies within sane bounds', () => {
    expect(learnedTimeoutMs([], 30)).toBe(15_000); // nothing learned yet: the ceiling
    expect(learnedTimeoutMs([20, 25, 30, 22], 30)).toBe(2_000); // fast cluster: the floor
    expect(learnedTimeoutMs([800, 900, 1000, 1200], 30)).toBe(6_000);
    expect(learnedTimeoutMs([5000, 6000, 7000], 30)).toBe(15_000);
    expect(learnedTimeoutMs([5000, 6000, 7000], 10)).toBe(8_000); // must fit one interval
  });
});
