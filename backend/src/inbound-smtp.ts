import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppLogger } from './common/logging/app-logger';
import { AppConfig } from './config/app-config';
import { ConfigError } from './config/env.schema';
import { InboundSmtpModule } from './inbound-smtp.module';

/** `node backend/dist/inbound-smtp.js`: the SMTP listener for replies to ticket mails. */
async function bootstrap(): Promise<void> {
  let config: AppConfig;
  try {
    config = AppConfig.fromProcess();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  if (config.env.INBOUND_SMTP_PORT === undefined) {
    console.error(
      'INBOUND_SMTP_PORT is not set: there is nothing for the inbound SMTP process to do',
    );
    process.exit(1);
  }
  const app = await NestFactory.createApplicationContext(InboundSmtpModule.forRoot(config), {
    bufferLogs: true,
  });
  app.useLogger(app.get(AppLogger));
  app.enableShutdownHooks();
}

void bootstrap();
