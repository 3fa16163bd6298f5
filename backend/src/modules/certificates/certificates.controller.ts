import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  Permission,
  type CertificatesOverview,
  type TlsCertificateView,
} from '@multpanel/contracts';
import { Authenticated, CurrentPrincipal } from '../../common/auth/auth.decorators';
import type { Principal } from '../../common/auth/scope';
import { RequestCertificateDto } from './certificates.dto';
import { CertificatesService } from './certificates.service';

@ApiTags('system')
@Controller('system/certificates')
export class CertificatesController {
  constructor(private readonly certificates: CertificatesService) {}

  @Get()
  @Authenticated({ permission: Permission.SystemCertificates })
  @ApiOperation({ summary: 'The certificate Nginx serves, when it renews, and the order history' })
  overview(): Promise<CertificatesOverview> {
    return this.certificates.overview();
  }

  @Post()
  @HttpCode(202)
  @Authenticated({ permission: Permission.SystemCertificates })
  @ApiOperation({
    summary: 'Order a certificate over ACME (HTTP-01) and install it in Nginx (a job)',
  })
  request(
    @Body() body: RequestCertificateDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<TlsCertificateView> {
    return this.certificates.request(body, actor);
  }
}
