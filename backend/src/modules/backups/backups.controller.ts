import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Permission } from '@multpanel/contracts';
import { CurrentActor, type Actor } from '../../common/auth/actor';
import { Authenticated } from '../../common/auth/auth.decorators';
import { BackupRatesService } from './backup-rates.service';
import { BackupRunsService } from './backup-runs.service';
import { BackupSchedulesService } from './backup-schedules.service';
import {
  BackupHistoryQueryDto,
  BackupNowDto,
  BackupProtectionDto,
  BackupRestoreDto,
  BackupScheduleListQueryDto,
  BackupSuccessRatesQueryDto,
  BackupVolumeQueryDto,
  CreateBackupScheduleDto,
  CronPreviewQueryDto,
  NotBackedUpQueryDto,
  RestoreTestReportQueryDto,
  UpdateBackupScheduleDto,
} from './backups.dto';
import { GuestBackupsService } from './guest-backups.service';
import { NotBackedUpService } from './not-backed-up.service';
import { restoreTestReportCsv } from './restore-test-report';
import { RestoreTestsService } from './restore-tests.service';

@ApiTags('backups')
@Controller('backup-schedules')
export class BackupSchedulesController {
  constructor(private readonly schedules: BackupSchedulesService) {}

  @Get()
  @Authenticated({ permission: Permission.BackupScheduleManage })
  @ApiOperation({ summary: 'Backup schedules in the caller’s scope (paged)' })
  list(@CurrentActor() actor: Actor, @Query() q: BackupScheduleListQueryDto) {
    return this.schedules.list(actor, q);
  }

  @Get('preview')
  @Authenticated({ permission: Permission.BackupScheduleManage })
  @ApiOperation({ summary: 'The next run times of a cron expression in a time zone' })
  preview(@Query() q: CronPreviewQueryDto) {
    return this.schedules.preview(q);
  }

  @Get(':id')
  @Authenticated({ permission: Permission.BackupScheduleManage })
  get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.schedules.get(actor, id);
  }

  @Post()
  @Authenticated({ permission: Permission.BackupScheduleManage })
  create(@CurrentActor() actor: Actor, @Body() body: CreateBackupScheduleDto) {
    return this.schedules.create(actor, body);
  }

  @Patch(':id')
  @Authenticated({ permission: Permission.BackupScheduleManage })
  update(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: UpdateBackupScheduleDto,
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
  @ApiOperation({ summary: 'Run the schedule now (one backup job per covered guest)' })
  run(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.schedules.runNow(actor, id);
  }

  @Post(':id/restore-tests')
  @HttpCode(202)
  @Authenticated({ permission: Permission.BackupScheduleManage })
  @ApiOperation({
    summary:
      'Restore-test a backup (newest or random recent, per the schedule) of every covered guest now (one job per guest)',
  })
  restoreTests(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.schedules.restoreTestsNow(actor, id);
  }
}

@ApiTags('backups')
@Controller('restore-tests')
export class RestoreTestsController {
  constructor(private readonly tests: RestoreTestsService) {}

  @Get()
  @Authenticated({ permission: Permission.BackupHistoryRead })
  @ApiOperation({
    summary:
      'Per guest: the newest restore test, and whether a recent backup was proven restorable',
  })
  report(@CurrentActor() actor: Actor, @Query() q: RestoreTestReportQueryDto) {
    return this.tests.report(actor, q);
  }

  @Get('report.csv')
  @Authenticated({ permission: Permission.BackupHistoryRead })
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The restore test report as CSV' })
  async csv(
    @CurrentActor() actor: Actor,
    @Query() q: RestoreTestReportQueryDto,
    @Res() res: FastifyReply,
  ): Promise<void> {
    const report = await this.tests.report(actor, q);
    void res
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header(
        'Content-Disposition',
        `attachment; filename="restore-tests-${report.generatedAt.slice(0, 10)}.csv"`,
      )
      .send(restoreTestReportCsv(report));
  }

  @Get('report.pdf')
  @Authenticated({ permission: Permission.BackupHistoryRead })
  @ApiProduces('application/pdf')
  @ApiOperation({
    summary: 'One company’s restore test report as a PDF under its brand (companyId for staff)',
  })
  async pdf(
    @CurrentActor() actor: Actor,
    @Query() q: RestoreTestReportQueryDto,
    @Res() res: FastifyReply,
  ): Promise<void> {
    const { pdf, fileName } = await this.tests.pdf(actor, q);
    void res
      .header('Content-Type', 'application/pdf')
      .header('Content-Disposition', `attachment; filename="${fileName}"`)
      .send(Buffer.from(pdf));
  }
}

@ApiTags('backups')
@Controller('backup-history')
export class BackupHistoryController {
  constructor(
    private readonly runs: BackupRunsService,
    private readonly notBackedUp: NotBackedUpService,
    private readonly rates: BackupRatesService,
  ) {}

  @Get('success-rates')
  @Authenticated({ permission: Permission.BackupHistoryRead })
  @ApiOperation({
    summary: 'Success rates of the guests’ backups per schedule, company or cluster (paged)',
  })
  successRates(@CurrentActor() actor: Actor, @Query() q: BackupSuccessRatesQueryDto) {
    return this.rates.rates(actor, q);
  }

  @Get('not-backed-up')
  @Authenticated({ permission: Permission.BackupHistoryRead })
  @ApiOperation({
    summary:
      'A company’s live guests that no enabled backup schedule and no Proxmox backup job covers (paged)',
  })
  uncovered(@CurrentActor() actor: Actor, @Query() q: NotBackedUpQueryDto) {
    return this.notBackedUp.list(actor, q);
  }

  @Get()
  @Authenticated({ permission: Permission.BackupHistoryRead })
  @ApiOperation({ summary: 'Backup runs, newest first (paged)' })
  list(@CurrentActor() actor: Actor, @Query() q: BackupHistoryQueryDto) {
    return this.runs.history(actor, q);
  }

  @Get(':id')
  @Authenticated({ permission: Permission.BackupHistoryRead })
  @ApiOperation({ summary: 'One run with every guest’s result' })
  get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.runs.detail(actor, id);
  }
}

@ApiTags('backups')
@Controller('vms/:id/backups')
export class GuestBackupsController {
  constructor(private readonly backups: GuestBackupsService) {}

  @Get()
  @Authenticated({ permission: Permission.VmBackup })
  @ApiOperation({ summary: 'The guest’s archives (Proxmox storage content) and last result' })
  list(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.backups.list(actor, id);
  }

  @Post()
  @HttpCode(202)
  @Authenticated({ permission: Permission.VmBackup })
  @ApiOperation({ summary: 'Back up now (a tracked job)' })
  backupNow(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: BackupNowDto) {
    return this.backups.backupNow(actor, id, body);
  }

  @Post('protection')
  @HttpCode(200)
  @Authenticated({ permission: Permission.VmBackup })
  @ApiOperation({ summary: 'Protect or unprotect one archive' })
  protect(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: BackupProtectionDto,
  ) {
    return this.backups.protect(actor, id, body.volid, body.protected);
  }

  @Delete()
  @HttpCode(204)
  @Authenticated({ permission: Permission.VmBackup })
  @ApiOperation({ summary: 'Delete one archive (refused while it is protected)' })
  async remove(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Query() q: BackupVolumeQueryDto,
  ) {
    await this.backups.remove(actor, id, q.volid);
  }

  @Post('restore')
  @HttpCode(202)
  @Authenticated({ permission: Permission.VmBackup })
  @ApiOperation({ summary: 'Restore an archive to a new guest or in place (a tracked job)' })
  restore(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: BackupRestoreDto) {
    return this.backups.restore(actor, id, body);
  }
}
