import { Injectable } from '@nestjs/common';
import type { JobPayloads } from '@multpanel/contracts';
import { OnJob } from '../jobs/job.decorators';
import { TicketNotifier } from './ticket-notifier.service';

/** Worker only: ticket mails. */
@Injectable()
export class TicketsProcessor {
  constructor(private readonly notifier: TicketNotifier) {}

  @OnJob('tickets.notify')
  notify(payload: JobPayloads['tickets.notify']): Promise<{ sent: number }> {
    return this.notifier.deliver(payload);
  }
}
