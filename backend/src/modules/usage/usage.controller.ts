import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission, usageStatementQuerySchema, type UsageStatement } from '@multpanel/contracts';
import { createZodDto } from 'nestjs-zod';
import { CurrentActor, type Actor } from '../../common/auth/actor';
import { Authenticated } from '../../common/auth/auth.decorators';
import { UsageService } from './usage.service';

class UsageStatementQueryDto extends createZodDto(usageStatementQuerySchema) {}

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
}
