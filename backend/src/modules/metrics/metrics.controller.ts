import { timingSafeEqual } from 'node:crypto';
import {
  Controller,
  ForbiddenException,
  Get,
  Req,
  Res,
  UnauthorizedException,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../common/auth/auth.decorators';
import { clientIp, compileTrust, type TrustFn } from '../../common/http/proxy-trust';
import { AppConfig } from '../../config/app-config';
import { MetricsService } from './metrics.service';

const sameSecret = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

@ApiTags('metrics')
@Controller('metrics')
export class MetricsController {
  private readonly trust: TrustFn;
  private readonly allowed?: TrustFn;

  constructor(
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
  ) {
    this.trust = compileTrust(config.env.TRUST_PROXY);
    if (config.env.METRICS_ALLOW) this.allowed = compileTrust(config.env.METRICS_ALLOW);
  }

  // Not a user route: Prometheus authenticates with METRICS_TOKEN or scrapes from METRICS_ALLOW.
  @Get()
  @Public()
  @ApiOperation({
    summary: 'Prometheus metrics (bearer METRICS_TOKEN, or an address in METRICS_ALLOW)',
  })
  async scrape(@Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    const { METRICS_TOKEN: token } = this.config.env;
    const header = req.headers.authorization ?? '';
    const bearer = /^Bearer (.+)$/i.exec(header)?.[1];
    const ip = clientIp(req.raw, this.trust);
    const byAddress = !!(ip && this.allowed?.(ip, 0));
    if (!byAddress) {
      if (token && bearer && !sameSecret(bearer, token))
        throw new UnauthorizedException('Wrong metrics token');
      if (token && !bearer) throw new UnauthorizedException('A metrics bearer token is required');
      if (!token && this.allowed)
        throw new ForbiddenException('Metrics are served only to the addresses in METRICS_ALLOW');
      if (!token)
        throw new ForbiddenException('Metrics are off: set METRICS_TOKEN or METRICS_ALLOW');
    }
    const { contentType, body } = await this.metrics.render();
    await res.header('Content-Type', contentType).header('Cache-Control', 'no-store').send(body);
  }
}
