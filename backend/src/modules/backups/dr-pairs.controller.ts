import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission } from '@multpanel/contracts';
import { CurrentActor, type Actor } from '../../common/auth/actor';
import { Authenticated } from '../../common/auth/auth.decorators';
import {
  CreateDrPairDto,
  DrFailbackDto,
  DrFailoverDto,
  DrPairListQueryDto,
  UpdateDrPairDto,
} from './backups.dto';
import { DrPairsService } from './dr-pairs.service';

@ApiTags('backups')
@Controller('dr-pairs')
export class DrPairsController {
  constructor(private readonly pairs: DrPairsService) {}

  @Get()
  @Authenticated({ permission: Permission.BackupScheduleManage })
  @ApiOperation({ summary: 'DR pairs in the caller’s scope (paged)' })
  list(@CurrentActor() actor: Actor, @Query() q: DrPairListQueryDto) {
    return this.pairs.list(actor, q);
  }

  @Get(':id')
  @Authenticated({ permission: Permission.BackupScheduleManage })
  @ApiOperation({ summary: 'A DR pair with each guest’s recovery point and standby' })
  get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.pairs.get(actor, id);
  }

  @Post()
  @Authenticated({ permission: Permission.BackupScheduleManage })
  create(@CurrentActor() actor: Actor, @Body() body: CreateDrPairDto) {
    return this.pairs.create(actor, body);
  }

  @Patch(':id')
  @Authenticated({ permission: Permission.BackupScheduleManage })
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: UpdateDrPairDto) {
    return this.pairs.update(actor, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated({ permission: Permission.BackupScheduleManage })
  async remove(@CurrentActor() actor: Actor, @Param('id') id: string) {
    await this.pairs.remove(actor, id);
  }

  @Post(':id/sync')
  @HttpCode(202)
  @Authenticated({ permission: Permission.BackupScheduleManage })
  @ApiOperation({ summary: 'Make a fresh DR copy of every guest of the pair now (one job each)' })
  sync(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.pairs.syncNow(actor, id);
  }

  @Post(':id/guests/:guestId/failover')
  @HttpCode(202)
  @Authenticated({ permission: Permission.BackupScheduleManage })
  @ApiOperation({
    summary:
      'Start the guest’s standby on the target cluster (confirm: true; force: even if the source guest cannot be stopped)',
  })
  failover(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('guestId') guestId: string,
    @Body() body: DrFailoverDto,
  ) {
    return this.pairs.failover(actor, id, guestId, body.force);
  }

  @Post(':id/guests/:guestId/failback')
  @HttpCode(202)
  @Authenticated({ permission: Permission.BackupScheduleManage })
  @ApiOperation({
    summary:
      'After a fail over: the standby’s state back over the source guest, which runs (confirm)',
  })
  failback(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('guestId') guestId: string,
    @Body() _body: DrFailbackDto,
  ) {
    return this.pairs.failback(actor, id, guestId);
  }
}
