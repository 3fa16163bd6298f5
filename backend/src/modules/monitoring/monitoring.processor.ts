import { Injectable } from '@nestjs/common';
import type { JobPayloads } from '@multpanel/contracts';
import { OnJob } from '../jobs/job.decorators';
import { MetricsCollectService } from './metrics-collect.service';
import { MetricsRollupService } from './metrics-rollup.service';

/** Worker only: collection schedule, one cluster's collection, rollups. */
@Injectable()
export class MonitoringProcessor {
  constructor(
    private readonly collector: MetricsCollectService,
    private readonly rollups: MetricsRollupService,
  ) {}

  @OnJob('monitoring.collect')
  schedule() {
    return this.collector.schedule();
  }

  @OnJob('monitoring.collect-cluster')
  async collect(payload: JobPayloads['monitoring.collect-cluster']) {
    const c = await this.collector.collect(payload.clusterId, payload.minute);
    if (!c) return null;
    return c.ok
      ? { ok: true, guests: c.readings.guests.length, fetchMs: c.fetchMs }
      : { ok: false, error: c.error };
  }

  @OnJob('monitoring.rollup')
  rollup() {
    return this.rollups.run();
  }
}
