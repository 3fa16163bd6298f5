import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from './config/app-config';
import { CoreModule } from './core.module';
import { BackupsModule } from './modules/backups/backups.module';
import { AlertsModule } from './modules/alerts/alerts.module';
import { CertificatesModule } from './modules/certificates/certificates.module';
import { ClustersModule } from './modules/clusters/clusters.module';
import { InventoryModule } from './modules/inventory/inventory.module';
import { IpamModule } from './modules/ipam/ipam.module';
import { JobsModule } from './modules/jobs/jobs.module';
import type { JobsWorkerOverrides } from './modules/jobs/jobs-worker.options';
import { MonitoringModule } from './modules/monitoring/monitoring.module';
import { UsageModule } from './modules/usage/usage.module';
import { SshKeysModule } from './modules/ssh-keys/ssh-keys.module';
import { SystemModule } from './modules/system/system.module';
import { TemplatesModule } from './modules/templates/templates.module';
import { TicketsModule } from './modules/tickets/tickets.module';
import { EsxiModule } from './modules/esxi/esxi.module';
import { FirewallsModule } from './modules/firewalls/firewalls.module';
import { DeploymentsModule } from './modules/deployments/deployments.module';
import { VmsModule } from './modules/vms/vms.module';
import { HeartbeatService } from './worker/heartbeat.service';

// The feature modules' worker sides (their job handlers); add new ones here.
export const FEATURE_WORKER_MODULES = [
  SystemModule.forWorker(),
  ClustersModule.forWorker(),
  InventoryModule.forWorker(),
  TemplatesModule.forWorker(),
  VmsModule.forWorker(),
  SshKeysModule.forWorker(),
  CertificatesModule.forWorker(),
  BackupsModule.forWorker(),
  IpamModule.forWorker(),
  MonitoringModule.forWorker(),
  UsageModule.forWorker(),
  AlertsModule.forWorker(),
  TicketsModule.forWorker(),
  EsxiModule.forWorker(),
  DeploymentsModule.forWorker(),
  FirewallsModule.forWorker(),
];

/** The worker process: the job framework, every feature's handlers, and this process's heartbeat. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, jobs: JobsWorkerOverrides = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: [CoreModule.forRoot(config), JobsModule.forWorker(jobs), ...FEATURE_WORKER_MODULES],
      providers: [HeartbeatService],
    };
  }
}
