import {
  Body,
  Controller,
  Get,
  Header,
  Param,
  ParseUUIDPipe,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  Permission,
  usagePriceListSchema,
  usageStatementQuerySchema,
  type UsagePriceList,
  type UsageStatement,
} from '@multpanel/contracts';
import { createZodDto } from 'nestjs-zod';
import { CurrentActor, type Actor } from '../../common/auth/actor';
import { Authenticated } from '../../common/auth/auth.decorators';
import { UsageService } from './usage.service';

class UsageStatementQueryDto extends createZodDto(usageStatementQuerySchema) {}
class UsagePriceListDto extends createZodDto(usagePriceListSchema) {}

const id = new ParseUUIDPipe({ version: undefined });

@ApiTags('usage')
@Controller('usage')
export class UsageController {
  constructor(private readonly usage: UsageService) {}

  @Get('statements')
  @Authenticated({ permission: Permission.MonitoringRead })
  @ApiOperation({ summary: "A company's usage over one month (from hourly snapshots)" })
  statement(
    @Query() q: UsageStatementQueryDto,
    @CurrentActor() actor: Actor,
  ): Promise<UsageStatement> {
    return this.usage.statement(actor, q);
  }

  @Get('statements.csv')
  @Authenticated({ permission: Permission.MonitoringRead })
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiOperation({ summary: 'The same statement as CSV' })
  async csv(@Query() q: UsageStatementQueryDto, @CurrentActor() actor: Actor): Promise<string> {
    return UsageService.csv(await this.usage.statement(actor, q));
  }

  @Get('statements.pdf')
  @Authenticated({ permission: Permission.MonitoringRead })
  @ApiProduces('application/pdf')
  @ApiOperation({
    summary: 'The same statement as a PDF a customer can be sent (company branding)',
  })
  async pdf(
    @Query() q: UsageStatementQueryDto,
    @CurrentActor() actor: Actor,
    @Res() res: FastifyReply,
  ): Promise<void> {
    const { pdf, fileName } = await this.usage.pdf(actor, q);
    void res
      .header('Content-Type', 'application/pdf')
      .header('Content-Disposition', `attachment; filename="${fileName}"`)
      .send(Buffer.from(pdf));
  }

  @Get('prices/:companyId')
  @Authenticated({ permission: Permission.MonitoringRead })
  @ApiOperation({ summary: "A company's usage price list (null when it has none)" })
  prices(
    @Param('companyId', id) companyId: string,
    @CurrentActor() actor: Actor,
  ): Promise<UsagePriceList | null> {
    return this.usage.prices(actor, companyId);
  }

  @Put('prices/:companyId')
  @Authenticated({ permission: Permission.PlatformSettings })
  @ApiOperation({ summary: "Set a company's usage price list (priced statements)" })
  setPrices(
    @Param('companyId', id) companyId: string,
    @Body() body: UsagePriceListDto,
    @CurrentActor() actor: Actor,
  ): Promise<UsagePriceList> {
    return this.usage.setPrices(actor, companyId, body);
  }
}
