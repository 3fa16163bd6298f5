import { Injectable } from '@nestjs/common';
import { METRIC_TIERS } from '@multpanel/contracts';
import { MonitoringRepository } from './monitoring.repository';

const MIN15 = 900_000;
const DAY = 86_400_000;

export interface RollupResult {
  quarter: number;
  daily: number;
  pruned: number;
}

/**
 * `monitoring.rollup` (every 5 minutes): 1-minute points → 15-minute points → daily points, then
 * retention (1 min for 48 h, 15 min for 60 days, 1 day for 2 years). Each run recomputes the
 * current and the previous bucket from the finer tier, so late points are folded in and a missed
 * run is caught up by the next (the finer tier outlives its rollup windows by far).
 */
@Injectable()
export class MetricsRollupService {
  constructor(private readonly repo: MonitoringRepository) {}

  async run(now = Date.now()): Promise<RollupResult> {
    const q = Math.floor(now / MIN15) * MIN15;
    const d = Math.floor(now / DAY) * DAY;
    const quarter = await this.repo.rollup(60, 900, new Date(q - MIN15), new Date(q + MIN15));
    const daily = await this.repo.rollup(900, 86400, new Date(d - DAY), new Date(d + DAY));
    let pruned = 0;
    for (const tier of METRIC_TIERS) {
      pruned += await this.repo.prune(tier.step, new Date(now - tier.keepMs));
    }
    await this.repo.dropEmptySeries();
    return { quarter, daily, pruned };
  }
}
