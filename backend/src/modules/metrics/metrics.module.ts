import { Module } from '@nestjs/common';
import { SharedCache } from '../../common/redis/shared-cache';
import { FleetMetricsRepository } from './fleet-metrics.repository';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

@Module({
  controllers: [MetricsController],
  providers: [MetricsService, FleetMetricsRepository, SharedCache],
  exports: [MetricsService],
})
export class MetricsModule {}
