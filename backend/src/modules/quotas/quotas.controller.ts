import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  Permission,
  quotaRequestCreateSchema,
  quotaRequestDecisionSchema,
  quotaRequestListQuerySchema,
  type CompanyQuota,
  type QuotaRequestDto,
  type QuotaRequestPage,
} from '@multpanel/contracts';
import { createZodDto } from 'nestjs-zod';
import { Authenticated, CurrentPrincipal, CurrentScope } from '../../common/auth/auth.decorators';
import type { Principal, Scope } from '../../common/auth/scope';
import { QuotasService } from './quotas.service';

class QuotaRequestCreateDto extends createZodDto(quotaRequestCreateSchema) {}
class QuotaRequestDecisionDto extends createZodDto(quotaRequestDecisionSchema) {}
class QuotaRequestListQueryDto extends createZodDto(quotaRequestListQuerySchema) {}

const id = new ParseUUIDPipe({ version: undefined });

@ApiTags('quotas')
@Controller()
export class QuotasController {
  constructor(private readonly quotas: QuotasService) {}

  @Get('companies/:id/quota')
  @Authenticated({ permission: Permission.VmRead })
  @ApiOperation({ summary: 'Limits and usage of a company' })
  get(@Param('id', id) companyId: string, @CurrentScope() scope: Scope): Promise<CompanyQuota> {
    return this.quotas.get(scope, companyId);
  }

  @Post('quota-requests')
  @Authenticated({ permission: Permission.VmCreate })
  @ApiOperation({ summary: 'Ask for a quota increase' })
  request(
    @Body() body: QuotaRequestCreateDto,
    @CurrentPrincipal() p: Principal,
    @CurrentScope() scope: Scope,
  ): Promise<QuotaRequestDto> {
    return this.quotas.request(p, scope, body);
  }

  @Get('quota-requests')
  @Authenticated({ permission: Permission.VmRead })
  list(
    @Query() q: QuotaRequestListQueryDto,
    @CurrentScope() scope: Scope,
  ): Promise<QuotaRequestPage> {
    return this.quotas.list(scope, q);
  }

  @Post('quota-requests/:id/approve')
  @HttpCode(200)
  @Authenticated({ permission: Permission.CompanyUpdate })
  approve(
    @Param('id', id) reqId: string,
    @Body() body: QuotaRequestDecisionDto,
    @CurrentPrincipal() p: Principal,
    @CurrentScope() scope: Scope,
  ): Promise<QuotaRequestDto> {
    return this.quotas.decide(p, scope, reqId, true, body?.note);
  }

  @Post('quota-requests/:id/decline')
  @HttpCode(200)
  @Authenticated({ permission: Permission.CompanyUpdate })
  decline(
    @Param('id', id) reqId: string,
    @Body() body: QuotaRequestDecisionDto,
    @CurrentPrincipal() p: Principal,
    @CurrentScope() scope: Scope,
  ): Promise<QuotaRequestDto> {
    return this.quotas.decide(p, scope, reqId, false, body?.note);
  }
}
