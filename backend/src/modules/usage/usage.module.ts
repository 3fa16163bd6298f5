import { DynamicModule, Module } from '@nestjs/common';
import { AccessModule } from '../../common/access/access.module';
import { BackupsModule } from '../backups/backups.module';
import { BrandingModule } from '../branding/branding.module';
import { MonitoringModule } from '../monitoring/monitoring.module';
import { UsageController } from './usage.controller';
import { UsageProcessor } from './usage.processor';
import { UsageRepository } from './usage.repository';
import { UsageService } from './usage.service';

/** Usage statements over HTTP; `forWorker()` adds the hourly snapshot. */
@Module({
  imports: [AccessModule, BackupsModule, BrandingModule, MonitoringModule],
  controllers: [UsageController],
  providers: [UsageRepository, UsageService],
  exports: [UsageService],
})
export class UsageModule {
  static forWorker(): DynamicModule {
    return { module: UsageWorkerModule, imports: [UsageModule], providers: [UsageProcessor] };
  }
}

@Module({})
class UsageWorkerModule {}
