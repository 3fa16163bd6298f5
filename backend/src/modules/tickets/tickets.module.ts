import { DynamicModule, Module } from '@nestjs/common';
import { AccessModule } from '../../common/access/access.module';
import { FileStore } from '../../common/files/file-store';
import { AlertsModule } from '../alerts/alerts.module';
import { BackupsModule } from '../backups/backups.module';
import { BrandingModule } from '../branding/branding.module';
import { FirewallsModule } from '../firewalls/firewalls.module';
import { JobsModule } from '../jobs/jobs.module';
import { TicketInboundMailService } from './ticket-inbound-mail.service';
import { TicketLinksService } from './ticket-links.service';
import { TicketNotifier } from './ticket-notifier.service';
import { TicketSlaService } from './ticket-sla.service';
import { TicketWatchersService } from './ticket-watchers.service';
import { CompanyTicketSlaController, TicketsController } from './tickets.controller';
import { TicketsProcessor } from './tickets.processor';
import { TicketsRepository } from './tickets.repository';
import { TicketsService } from './tickets.service';

/** Support tickets over HTTP; `forWorker()` adds the notification mails and the SLA sweep. */
@Module({
  imports: [AccessModule, JobsModule, BrandingModule, AlertsModule, BackupsModule, FirewallsModule],
  controllers: [TicketsController, CompanyTicketSlaController],
  providers: [
    TicketsRepository,
    TicketsService,
    TicketSlaService,
    TicketWatchersService,
    TicketLinksService,
    TicketInboundMailService,
    TicketNotifier,
    FileStore,
  ],
  exports: [TicketsService, TicketSlaService, TicketNotifier],
})
export class TicketsModule {
  /** Worker process only: this module's job handlers. */
  static forWorker(): DynamicModule {
    return { module: TicketsWorkerModule, imports: [TicketsModule], providers: [TicketsProcessor] };
  }
}

@Module({})
class TicketsWorkerModule {}
