import { Module } from '@nestjs/common';
import { FleetMetricsRepository } from './fleet-metrics.repository';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

@Module({
  controllers: [MetricsController],
  providers: [MetricsService, FleetMetricsRepository],
  exports: [MetricsService],
})
export class MetricsModule {}
