import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  Permission,
  orderHostCertificateSchema,
  type HostCertificateView,
} from '@multpanel/contracts';
import { createZodDto } from 'nestjs-zod';
import { CurrentActor, type Actor } from '../../common/auth/actor';
import { Authenticated } from '../../common/auth/auth.decorators';
import { HostCertificatesService } from './host-certificates.service';

class OrderHostCertificateDto extends createZodDto(orderHostCertificateSchema) {}

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('branding')
@Controller('companies/:id/branding/certificates')
export class HostCertificatesController {
  constructor(private readonly hosts: HostCertificatesService) {}

  @Get()
  @Authenticated({ permission: Permission.BrandingManage })
  @ApiOperation({ summary: 'The certificate of each of the company’s host names' })
  list(
    @CurrentActor() actor: Actor,
    @Param('id', uuid) id: string,
  ): Promise<HostCertificateView[]> {
    return this.hosts.list(actor, id);
  }

  @Post()
  @HttpCode(202)
  @Authenticated({ permission: Permission.CompanyUpdate })
  @ApiOperation({
    summary:
      'Order a certificate for one host name over ACME (HTTP-01) and install it in Nginx (a job; MSP only)',
  })
  order(
    @CurrentActor() actor: Actor,
    @Param('id', uuid) id: string,
    @Body() body: OrderHostCertificateDto,
  ): Promise<HostCertificateView> {
    return this.hosts.order(actor, id, body);
  }
}
