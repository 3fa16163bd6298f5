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
import { CurrentActor, type Actor } from '../../common/auth/actor';
import { Authenticated } from '../../common/auth/auth.decorators';
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
  get(@Param('id', id) companyId: string, @CurrentActor() actor: Actor): Promise<CompanyQuota> {
    return this.quotas.get(actor, companyId);
  }

  @Post('quota-requests')
  @Authenticated({ permission: Permission.QuotaRequest })
  @ApiOperation({ summary: 'Ask for a quota increase' })
  request(
    @Body() body: QuotaRequestCreateDto,
    @CurrentActor() actor: Actor,
  ): Promise<QuotaRequestDto> {
    return this.quotas.request(actor, body);
  }

  @Get('quota-requests')
  @Authenticated({ permission: Permission.QuotaRequest })
  list(
    @Query() q: QuotaRequestListQueryDto,
    @CurrentActor() actor: Actor,
  ): Promise<QuotaRequestPage> {
    return this.quotas.list(actor, q);
  }

  @Post('quota-requests/:id/approve')
  @HttpCode(200)
  @Authenticated({ permission: Permission.QuotaDecide })
  approve(
    @Param('id', id) reqId: string,
    @Body() body: QuotaRequestDecisionDto,
    @CurrentActor() actor: Actor,
  ): Promise<QuotaRequestDto> {
    return this.quotas.decide(actor, reqId, true, body?.note);
  }

  @Post('quota-requests/:id/decline')
  @HttpCode(200)
  @Authenticated({ permission: Permission.QuotaDecide })
  decline(
    @Param('id', id) reqId: string,
    @Body() body: QuotaRequestDecisionDto,
    @CurrentActor() actor: Actor,
  ): Promise<QuotaRequestDto> {
    return this.quotas.decide(actor, reqId, false, body?.note);
  }

  @Post('quota-requests/:id/cancel')
  @HttpCode(200)
  @Authenticated({ permission: Permission.QuotaRequest })
  @ApiOperation({ summary: 'Withdraw your own pending quota request' })
  cancel(@Param('id', id) reqId: string, @CurrentActor() actor: Actor): Promise<QuotaRequestDto> {
    return this.quotas.cancel(actor, reqId);
  }
}
