import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { HealthResponse } from '@multpanel/contracts';
import type { FastifyReply } from 'fastify';
import { Public } from '../../common/auth/auth.decorators';
import { HealthService } from './health.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  // Liveness for process managers and load balancers: answers while the event loop runs, touches
  // no dependency (use GET /api/health for readiness).
  @Get('live')
  @Public()
  @ApiOperation({ summary: 'Liveness: the process answers (no dependency checks)' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get()
  @Public()
  @ApiOperation({ summary: 'Liveness and dependency status (503 when database or Redis is down)' })
  async get(@Res({ passthrough: true }) res: FastifyReply): Promise<HealthResponse> {
    const report = await this.health.report();
    const depsUp = report.checks.database.status === 'up' && report.checks.redis.status === 'up';
    res.status(depsUp ? 200 : 503);
    return report;
  }
}
