import type { RrdPoint, VmDetail } from '../api/types';
import { percentOf } from './format';

export interface ChartSample {
  time: Date;
  /** Percent, rounded as the summary rounds it. */
  cpu: number | null;
  mem: number | null;
  netin: number | null;
  netout: number | null;
}

/**
 * The charts' points: the rrd history (averaged per bin, so it lags), then the live sample the
 * summary above shows, so the chart's latest CPU and memory are the summary's figures. The live
 * network figures are byte totals, not rates: that point has no network value.
 */
export function chartSamples(
  points: readonly RrdPoint[],
  live: VmDetail['live'],
  now: number = Date.now(),
): ChartSample[] {
  const samples: ChartSample[] = points
    .filter((p) => Number.isFinite(p.time) && p.time * 1000 < now)
    .map((p) => ({
      time: new Date(p.time * 1000),
      cpu: p.cpu === null ? null : percentOf(p.cpu),
      mem: p.mem,
      netin: p.netin,
      netout: p.netout,
    }));
  if (live) {
    samples.push({
      time: new Date(now),
      cpu: percentOf(live.cpu),
      mem: live.mem,
      netin: null,
      netout: null,
    });
  }
  return samples;
}
