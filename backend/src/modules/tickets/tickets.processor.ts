import { Injectable } from '@nestjs/common';
import type { JobPayloads } from '@multpanel/contracts';
import { OnJob } from '../jobs/job.decorators';
import { TicketNotifier } from './ticket-notifier.service';
import { TicketSlaService } from './ticket-sla.service';

/** Worker only: ticket mails and the SLA breach sweep. */
@Injectable()
export class TicketsProcessor {
  constructor(
    private readonly notifier: TicketNotifier,
    private readonly sla: TicketSlaService,
  ) {}

  @OnJob('tickets.notify')
  notify(payload: JobPayloads['tickets.notify']): Promise<{ sent: number }> {
    return this.notifier.deliver(payload);
  }

  @OnJob('tickets.sla-check')
  slaCheck(): Promise<{ breached: number }> {
    return this.sla.sweep();
  }
}
