import { Module } from '@nestjs/common';
import { AccessModule } from '../../common/access/access.module';
import { SharedCache } from '../../common/redis/shared-cache';
import { QuotasModule } from '../quotas/quotas.module';
import { UsageModule } from '../usage/usage.module';
import { DashboardController } from './dashboard.controller';
import { DashboardRepository } from './dashboard.repository';
import { DashboardService } from './dashboard.service';

/** Role dashboards (issue 20): staff fleet totals and a company's own estate. */
@Module({
  imports: [AccessModule, QuotasModule, UsageModule],
  controllers: [DashboardController],
  providers: [DashboardRepository, DashboardService, SharedCache],
})
export class DashboardModule {}
