import { Injectable } from '@nestjs/common';
import type { JobPayloads } from '@multpanel/contracts';
import { OnJob } from '../jobs/job.decorators';
import { AlertNotifierService } from './alert-notifier.service';

/** Worker only: one notification delivery (retried by the queue on failure). */
@Injectable()
export class AlertsProcessor {
  constructor(private readonly notifier: AlertNotifierService) {}

  @OnJob('alerts.deliver')
  deliver(payload: JobPayloads['alerts.deliver']) {
    return this.notifier.deliver(payload.deliveryId);
  }
}
