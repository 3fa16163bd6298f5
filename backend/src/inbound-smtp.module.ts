import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from './config/app-config';
import { CoreModule } from './core.module';
import { TicketsModule } from './modules/tickets/tickets.module';

/**
 * The inbound SMTP process: replies to ticket mails received on INBOUND_SMTP_PORT. Apart from the
 * API (which stays stateless and HTTP-only) and from the workers (which may run several times).
 */
@Module({})
export class InboundSmtpModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: InboundSmtpModule,
      imports: [CoreModule.forRoot(config), TicketsModule.forInboundSmtp()],
    };
  }
}
