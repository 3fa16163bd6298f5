import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { HealthResponse } from '@multpanel/contracts';
import type { Response } from 'express';
import { Public } from '../../common/auth/auth.decorators';
import { HealthService } from './health.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Liveness and dependency status (503 when database or Redis is down)' })
  async get(@Res({ passthrough: true }) res: Response): Promise<HealthResponse> {
    const report = await this.health.report();
    const depsUp = report.checks.database.status === 'up' && report.checks.redis.status === 'up';
    res.status(depsUp ? 200 : 503);
    return report;
  }
}
