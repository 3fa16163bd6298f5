import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission } from '@multpanel/contracts';
import { CurrentActor, type Actor } from '../../common/auth/actor';
import { Authenticated } from '../../common/auth/auth.decorators';
import {
  CreateSnapshotScheduleDto,
  SnapshotScheduleListQueryDto,
  UpdateSnapshotScheduleDto,
} from './backups.dto';
import { SnapshotSchedulesService } from './snapshot-schedules.service';

@ApiTags('backups')
@Controller('snapshot-schedules')
export class SnapshotSchedulesController {
  constructor(private readonly schedules: SnapshotSchedulesService) {}

  @Get()
  @Authenticated({ permission: Permission.BackupScheduleManage })
  @ApiOperation({ summary: 'Snapshot schedules in the caller’s scope (paged)' })
  list(@CurrentActor() actor: Actor, @Query() q: SnapshotScheduleListQueryDto) {
    return this.schedules.list(actor, q);
  }

  @Get(':id')
  @Authenticated({ permission: Permission.BackupScheduleManage })
  get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.schedules.get(actor, id);
  }

  @Post()
  @Authenticated({ permission: Permission.BackupScheduleManage })
  create(@CurrentActor() actor: Actor, @Body() body: CreateSnapshotScheduleDto) {
    return this.schedules.create(actor, body);
  }

  @Patch(':id')
  @Authenticated({ permission: Permission.BackupScheduleManage })
  update(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: UpdateSnapshotScheduleDto,
  ) {
    return this.schedules.update(actor, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated({ permission: Permission.BackupScheduleManage })
  async remove(@CurrentActor() actor: Actor, @Param('id') id: string) {
    await this.schedules.remove(actor, id);
  }

  @Post(':id/run')
  @HttpCode(202)
  @Authenticated({ permission: Permission.BackupScheduleManage })
  @ApiOperation({
    summary: 'Take the schedule’s snapshot of every covered guest now (one job per guest)',
  })
  run(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.schedules.runNow(actor, id);
  }
}
