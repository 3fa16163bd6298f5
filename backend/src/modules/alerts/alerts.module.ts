import { DynamicModule, Module } from '@nestjs/common';
import { AccessModule } from '../../common/access/access.module';
import { BrandingModule } from '../branding/branding.module';
import { AlertNotifierService } from './alert-notifier.service';
import { AlertRulesService } from './alert-rules.service';
import {
  AlertRulesController,
  AlertsController,
  NotificationChannelsController,
} from './alerts.controller';
import { AlertsEngineService } from './alerts-engine.service';
import { AlertsProcessor } from './alerts.processor';
import { AlertsRepository } from './alerts.repository';
import { AlertsService } from './alerts.service';
import { MaintenanceWindowsController } from './maintenance-windows.controller';
import { MaintenanceWindowsRepository } from './maintenance-windows.repository';
import { MaintenanceWindowsService } from './maintenance-windows.service';

/**
 * Alerts, rules and channels over HTTP. The engine (rule evaluation) is exported for the monitoring
 * worker, which runs it after each collection; `forWorker()` adds the delivery handler.
 */
@Module({
  imports: [AccessModule, BrandingModule],
  controllers: [
    AlertsController,
    AlertRulesController,
    NotificationChannelsController,
    MaintenanceWindowsController,
  ],
  providers: [
    AlertsRepository,
    AlertsService,
    AlertRulesService,
    AlertsEngineService,
    AlertNotifierService,
    MaintenanceWindowsRepository,
    MaintenanceWindowsService,
  ],
  exports: [AlertsEngineService, AlertsService, AlertNotifierService],
})
export class AlertsModule {
  /** Worker process only: this module's job handlers. */
  static forWorker(): DynamicModule {
    return {
      module: AlertsWorkerModule,
      imports: [AlertsModule],
      providers: [AlertsProcessor],
    };
  }
}

@Module({})
class AlertsWorkerModule {}
