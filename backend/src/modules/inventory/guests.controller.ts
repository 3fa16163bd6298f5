import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  Permission,
  type GuestView,
  type ImportGuestsResult,
  type Paged,
} from '@multpanel/contracts';
import { Authenticated, CurrentPrincipal, CurrentScope } from '../../common/auth/auth.decorators';
import type { Principal, Scope } from '../../common/auth/scope';
import { ImportGuestsDto, UnassignedGuestsQueryDto } from './guests.dto';
import { GuestsService } from './guests.service';

@ApiTags('inventory')
@Controller('guests')
export class GuestsController {
  constructor(private readonly guests: GuestsService) {}

  @Get('unassigned')
  @Authenticated({ permission: Permission.ClusterRead })
  @ApiOperation({ summary: 'Guests found on Proxmox that no company owns yet' })
  unassigned(@Query() query: UnassignedGuestsQueryDto): Promise<Paged<GuestView>> {
    return this.guests.unassigned(query);
  }

  @Post('import')
  @HttpCode(200)
  @Authenticated({ permission: Permission.GuestManage })
  @ApiOperation({ summary: 'Assign unassigned guests to a company in your scope (one or many)' })
  import(
    @Body() body: ImportGuestsDto,
    @CurrentScope() scope: Scope,
    @CurrentPrincipal() actor: Principal,
  ): Promise<ImportGuestsResult> {
    return this.guests.import(scope, body, actor);
  }
}
