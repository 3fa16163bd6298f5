import { DynamicModule, Module } from '@nestjs/common';
import { AccessModule } from '../../common/access/access.module';
import { FileStore } from '../../common/files/file-store';
import { AlertsModule } from '../alerts/alerts.module';
import { BackupsModule } from '../backups/backups.module';
import { BrandingModule } from '../branding/branding.module';
import { FirewallsModule } from '../firewalls/firewalls.module';
import { JobsModule } from '../jobs/jobs.module';
import { TicketInboundMailService } from './ticket-inbound-mail.service';
import { TicketInboundSmtp } from './ticket-inbound-smtp.service';
import { TicketLinksService } from './ticket-links.service';
import { TicketNotifier } from './ticket-notifier.service';
import { TicketSlaService } from './ticket-sla.service';
import { TicketWatchersService } from './ticket-watchers.service';
import { CompanyTicketSlaController, TicketsController } from './tickets.controller';
import { TicketsProcessor } from './tickets.processor';
import { TicketsRepository } from './tickets.repository';
import { TicketsService } from './tickets.service';

/**
 * Support tickets over HTTP; `forWorker()` adds the notification mails and the SLA sweep,
 * `forInboundSmtp()` the SMTP listener for replies by e-mail (its own process).
 */
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
  exports: [TicketsService, TicketSlaService, TicketNotifier, TicketInboundMailService],
})
export class TicketsModule {
  /** Worker process only: this module's job handlers. */
  static forWorker(): DynamicModule {
    return { module: TicketsWorkerModule, imports: [TicketsModule], providers: [TicketsProcessor] };
  }

  /** The inbound SMTP process only: the listener (listens when INBOUND_SMTP_PORT is set). */
  static forInboundSmtp(): DynamicModule {
    return { module: TicketsSmtpModule, imports: [TicketsModule], providers: [TicketInboundSmtp] };
  }
}

@Module({})
class TicketsWorkerModule {}

@Module({})
class TicketsSmtpModule {}
