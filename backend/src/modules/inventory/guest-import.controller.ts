import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  Permission,
  type GuestView,
  type ImportGuestsResult,
  type Paged,
} from '@multpanel/contracts';
import { CurrentActor, type Actor } from '../../common/auth/actor';
import { Authenticated } from '../../common/auth/auth.decorators';
import { ImportGuestsDto, UnassignedGuestsQueryDto } from './guest-import.dto';
import { GuestImportService } from './guest-import.service';

/** Guests found on Proxmox that no company owns yet, and their import into a company. */
@ApiTags('inventory')
@Controller('guests')
export class GuestImportController {
  constructor(private readonly guests: GuestImportService) {}

  @Get('unassigned')
  @Authenticated({ permission: Permission.ClusterRead })
  @ApiOperation({ summary: 'Guests found on Proxmox that no company owns yet (clusters you see)' })
  unassigned(
    @Query() query: UnassignedGuestsQueryDto,
    @CurrentActor() actor: Actor,
  ): Promise<Paged<GuestView>> {
    return this.guests.unassigned(actor, query);
  }

  @Post('import')
  @HttpCode(200)
  @Authenticated({ permission: Permission.GuestImport })
  @ApiOperation({
    summary: 'Assign unassigned guests to a company in your scope whose clusters allow it',
  })
  import(@Body() body: ImportGuestsDto, @CurrentActor() actor: Actor): Promise<ImportGuestsResult> {
    return this.guests.import(actor, body);
  }
}
