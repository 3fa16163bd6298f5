import { DynamicModule, Module } from '@nestjs/common';
import { AccessModule } from '../../common/access/access.module';
import { AlertsModule } from '../alerts/alerts.module';
import { ClustersModule } from '../clusters/clusters.module';
import { GuestsModule } from '../guests/guests.module';
import { MetricsCollectService } from './metrics-collect.service';
import { MetricsRollupService } from './metrics-rollup.service';
import { MonitoringController } from './monitoring.controller';
import { MonitoringProcessor } from './monitoring.processor';
import { MonitoringRepository } from './monitoring.repository';
import { MonitoringService } from './monitoring.service';

/** Metrics over HTTP; `forWorker()` adds collection and rollups. */
@Module({
  imports: [AccessModule, ClustersModule, GuestsModule],
  controllers: [MonitoringController],
  providers: [MonitoringRepository, MonitoringService, MetricsCollectService, MetricsRollupService],
  exports: [MonitoringService, MetricsCollectService, MetricsRollupService],
})
export class MonitoringModule {
  /** Worker process only: this module's job handlers. */
  static forWorker(): DynamicModule {
    return {
      module: MonitoringWorkerModule,
      imports: [MonitoringModule, AlertsModule],
      providers: [MonitoringProcessor],
    };
  }
}

@Module({})
class MonitoringWorkerModule {}
