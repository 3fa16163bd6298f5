import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppLogger } from './common/logging/app-logger';
import { AppConfig } from './config/app-config';
import { ConfigError } from './config/env.schema';
import { lockOverrides } from './modules/jobs/jobs-worker.options';
import { WorkerModule } from './worker.module';

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
  const app = await NestFactory.createApplicationContext(
    WorkerModule.forRoot(config, {
      ...lockOverrides(config.env.JOB_LOCK_SECONDS),
      every: { 'monitoring.collect': config.env.MONITORING_COLLECT_SECONDS * 1000 },
    }),
    {
      bufferLogs: true,
    },
  );
  app.useLogger(app.get(AppLogger));
  app.enableShutdownHooks();
  app.get(AppLogger).log('worker started');
}

void bootstrap();
