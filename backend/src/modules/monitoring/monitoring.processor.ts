import { Injectable } from '@nestjs/common';
import type { JobPayloads } from '@multpanel/contracts';
import { AlertsEngineService } from '../alerts/alerts-engine.service';
import { OnJob } from '../jobs/job.decorators';
import { MetricsCollectService } from './metrics-collect.service';
import { MetricsRollupService } from './metrics-rollup.service';

/** Worker only: collection schedule, one cluster's collection, rollups. */
@Injectable()
export class MonitoringProcessor {
  constructor(
    private readonly collector: MetricsCollectService,
    private readonly rollups: MetricsRollupService,
    private readonly alerts: AlertsEngineService,
  ) {}

  @OnJob('monitoring.collect')
  schedule() {
    return this.collector.schedule();
  }

  /** Collect, then judge the alert rules against what was read (or against its absence). */
  @OnJob('monitoring.collect-cluster')
  async collect(payload: JobPayloads['monitoring.collect-cluster']) {
    const c = await this.collector.collect(payload.clusterId, payload.minute);
    if (!c) return null;
    const alerts = await this.alerts.evaluate(this.collector.evaluationInput(c));
    return c.ok
      ? { ok: true, guests: c.readings.guests.length, fetchMs: c.fetchMs, alerts }
      : { ok: false, error: c.error, alerts };
  }

  @OnJob('monitoring.rollup')
  rollup() {
    return this.rollups.run();
  }
}
