import { describe, expect, it } from 'vitest';
import type { RrdPoint } from '../api/types';
import { vmDetail } from '../testing/vm-fixtures';
import { formatBytes, formatPercent } from './format';
import { chartSamples } from './vm-chart-samples';

const GiB = 1024 ** 3;
const point = (time: number, cpu: number, mem: number): RrdPoint => ({
  time,
  cpu,
  mem,
  maxmem: 4 * GiB,
  netin: 10,
  netout: 20,
  diskread: null,
  diskwrite: null,
});

describe('chartSamples', () => {
  it("ends on the live sample, so the chart's latest CPU and memory are the summary's figures", () => {
    const now = 1_800_000_000_000;
    const t = now / 1000;
    // The rrd bins lag (averages): 20 % / 1.6 GiB while the live status says 0 % / 2.8 GiB.
    const history = [point(t - 120, 0.2, 1.6 * GiB), point(t - 60, 0.2, 1.6 * GiB)];
    const live = { ...vmDetail().live!, cpu: 0, mem: 2.8 * GiB };
    const samples = chartSamples(history, live, now);
    const last = samples.at(-1)!;
    // What the summary shows (vm-summary-tab: formatPercent(live.cpu), formatBytes(live.mem))
    // is what the chart's last point shows, with the same unit and rounding.
    expect(`${last.cpu}%`).toBe(formatPercent(live.cpu));
    expect(formatBytes(last.mem)).toBe(formatBytes(live.mem));
    expect(formatBytes(last.mem)).toBe('2.8 GiB');
    expect(last.time.getTime()).toBe(now);
    // Live network figures are totals, not rates: no network value on that point.
    expect([last.netin, last.netout]).toEqual([null, null]);
    expect(samples.map((s) => s.cpu)).toEqual([20, 20, 0]);
  });

  it('rounds history CPU as the summary does and shows no live point for a stopped guest', () => {
    const samples = chartSamples([point(100, 0.12345, GiB)], null, 200_000);
    expect(samples).toHaveLength(1);
    expect(`${samples[0]!.cpu}%`).toBe(formatPercent(0.12345));
  });
});
