import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { JobRegistry } from './common/queue/job-registry';
import { AppConfig } from './config/app-config';
import { CoreModule } from './core.module';
import { CertificatesModule } from './modules/certificates/certificates.module';
import { CertificatesProcessor } from './modules/certificates/certificates.processor';
import { ClustersModule } from './modules/clusters/clusters.module';
import { ClustersProcessor } from './modules/clusters/clusters.processor';
import { InventoryModule } from './modules/inventory/inventory.module';
import { InventoryProcessor } from './modules/inventory/inventory.processor';
import { SshKeysModule } from './modules/ssh-keys/ssh-keys.module';
import { SshKeysProcessor } from './modules/ssh-keys/ssh-keys.processor';
import { SystemProcessor } from './modules/system/system.processor';
import { VmsWorkerModule } from './modules/vms/vms-worker.module';
import { HeartbeatService } from './worker/heartbeat.service';
import { WorkerRunner } from './worker/worker-runner';

// Processors register here only (never in the API process).
export const PROCESSORS = [
  SystemProcessor,
  ClustersProcessor,
  InventoryProcessor,
  SshKeysProcessor,
  CertificatesProcessor,
];
// Modules whose services the processors use.
export const PROCESSOR_MODULES = [
  ClustersModule,
  InventoryModule,
  VmsWorkerModule.forRoot(),
  SshKeysModule,
  CertificatesModule,
];

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [CoreModule.forRoot(config), DiscoveryModule, ...PROCESSOR_MODULES],
      providers: [JobRegistry, WorkerRunner, HeartbeatService, ...PROCESSORS],
    };
  }
}
