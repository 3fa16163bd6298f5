import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  Permission,
  updateVersionSchema,
  type UpdateChangelog,
  type UpdateCheck,
  type UpdateInfo,
  type UpdateRun,
  type UpdateRunDetail,
  type UpdateStarted,
} from '@multpanel/contracts';
import { Authenticated, CurrentPrincipal } from '../../common/auth/auth.decorators';
import type { Principal } from '../../common/auth/scope';
import { AppError } from '../../common/errors/app-error';
import { ExecuteUpdateDto } from './system-update.dto';
import { SystemUpdateService } from './system-update.service';

const RUN_ID = /^[\w-]{1,64}$/;

@ApiTags('system')
@Controller('system/updates')
export class SystemUpdateController {
  constructor(private readonly updates: SystemUpdateService) {}

  @Get('info')
  @Authenticated({ permission: Permission.SystemUpdate })
  @ApiOperation({ summary: 'Running version and commit, install path, last update, runtimes, PM2' })
  info(): Promise<UpdateInfo> {
    return this.updates.info();
  }

  @Get('check')
  @Authenticated({ permission: Permission.SystemUpdate })
  @ApiOperation({ summary: "Fetch the remote's release tags and list the newer versions" })
  check(): Promise<UpdateCheck> {
    return this.updates.check();
  }

  @Get('changelog/:version')
  @Authenticated({ permission: Permission.SystemUpdate })
  @ApiOperation({ summary: 'CHANGELOG sections between the running and the chosen version' })
  changelog(@Param('version') version: string): Promise<UpdateChangelog> {
    const parsed = updateVersionSchema.safeParse(version);
    if (!parsed.success) throw new AppError('BAD_REQUEST', 'version must look like 1.2.3');
    return this.updates.changelog(parsed.data);
  }

  @Post('execute')
  @HttpCode(202)
  @Authenticated({ permission: Permission.SystemUpdate })
  @ApiOperation({ summary: 'Start an update to a release (409 while another update runs)' })
  execute(
    @Body() body: ExecuteUpdateDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<UpdateStarted> {
    return this.updates.execute(body.version, actor);
  }

  @Post('rollback')
  @HttpCode(202)
  @Authenticated({ permission: Permission.SystemUpdate })
  @ApiOperation({
    summary: 'Return to the release before the last update, with its database backup',
  })
  rollback(@CurrentPrincipal() actor: Principal): Promise<UpdateStarted> {
    return this.updates.rollback(actor);
  }

  @Get('history')
  @Authenticated({ permission: Permission.SystemUpdate })
  @ApiOperation({ summary: 'Updates and rollbacks, newest first' })
  history(): Promise<UpdateRun[]> {
    return this.updates.history();
  }

  @Get('runs/:id')
  @Authenticated({ permission: Permission.SystemUpdate })
  @ApiOperation({ summary: 'One run with its steps and the log lines after `after`' })
  run(@Param('id') id: string, @Query('after') after?: string): Promise<UpdateRunDetail> {
    if (!RUN_ID.test(id)) throw new AppError('NOT_FOUND', 'update run not found');
    const from = Number(after ?? 0);
    return this.updates.run(id, Number.isFinite(from) && from > 0 ? Math.floor(from) : 0);
  }
}
