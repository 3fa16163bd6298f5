import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { JobRegistry } from './common/queue/job-registry';
import { AppConfig } from './config/app-config';
import { CoreModule } from './core.module';
import { SystemProcessor } from './modules/system/system.processor';
import { HeartbeatService } from './worker/heartbeat.service';
import { WorkerRunner } from './worker/worker-runner';

// Processors register here only (never in the API process).
export const PROCESSORS = [SystemProcessor];

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [CoreModule.forRoot(config), DiscoveryModule],
      providers: [JobRegistry, WorkerRunner, HeartbeatService, ...PROCESSORS],
    };
  }
}
