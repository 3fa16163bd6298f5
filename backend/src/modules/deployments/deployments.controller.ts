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
  Req,
  Res,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission } from '@multpanel/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentActor, type Actor } from '../../common/auth/actor';
import { Authenticated, Public } from '../../common/auth/auth.decorators';
import { rawBodyOf } from '../../http/json-body';
import { DeploymentAppLogsService } from './deployment-app-logs.service';
import {
  AppLogsStreamQueryDto,
  CreateDeploymentDto,
  DeploymentListQueryDto,
  RollbackDeploymentDto,
  UpdateDeploymentDto,
} from './deployments.dto';
import { DeploymentsService } from './deployments.service';

@ApiTags('deployments')
@Controller('frameworks')
export class FrameworksController {
  constructor(private readonly deployments: DeploymentsService) {}

  @Get()
  @Authenticated({ permission: Permission.DeploymentRead })
  @ApiOperation({ summary: 'Framework presets a deployment can start from' })
  list() {
    return this.deployments.frameworks();
  }
}

@ApiTags('deployments')
@Controller('deployments')
export class DeploymentsController {
  constructor(
    private readonly deployments: DeploymentsService,
    private readonly appLogs: DeploymentAppLogsService,
  ) {}

  @Get()
  @Authenticated({ permission: Permission.DeploymentRead })
  list(@CurrentActor() actor: Actor, @Query() q: DeploymentListQueryDto) {
    return this.deployments.list(actor, q);
  }

  @Get('stats')
  @Authenticated({ permission: Permission.DeploymentRead })
  @ApiOperation({ summary: 'Totals, success rate, median deploy time, per framework and company' })
  stats(@CurrentActor() actor: Actor) {
    return this.deployments.stats(actor);
  }

  @Get(':id')
  @Authenticated({ permission: Permission.DeploymentRead })
  get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.deployments.get(actor, id);
  }

  @Post()
  @Authenticated({ permission: Permission.DeploymentManage })
  @ApiOperation({
    summary: 'Create a deployment (the webhook secret is shown in this answer only)',
  })
  create(@CurrentActor() actor: Actor, @Body() body: CreateDeploymentDto) {
    return this.deployments.create(actor, body);
  }

  @Patch(':id')
  @Authenticated({ permission: Permission.DeploymentManage })
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: UpdateDeploymentDto) {
    return this.deployments.update(actor, id, body);
  }

  @Delete(':id')
  @HttpCode(202)
  @Authenticated({ permission: Permission.DeploymentManage })
  @ApiOperation({
    summary:
      'Delete (a tracked job): stop the app on the guest, remove its releases, then the deployment',
  })
  remove(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.deployments.remove(actor, id);
  }

  @Post(':id/cancel')
  @HttpCode(202)
  @Authenticated({ permission: Permission.DeploymentManage })
  @ApiOperation({
    summary: 'Cancel the running deploy or rollback at its next step (before the switch)',
  })
  cancel(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.deployments.cancel(actor, id);
  }

  @Post(':id/deploy')
  @HttpCode(202)
  @Authenticated({ permission: Permission.DeploymentManage })
  @ApiOperation({ summary: 'Build and start the head of the ref as a new release (a tracked job)' })
  deploy(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.deployments.deploy(actor, id);
  }

  @Post(':id/rollback')
  @HttpCode(202)
  @Authenticated({ permission: Permission.DeploymentManage })
  @ApiOperation({ summary: 'Switch back to a release still on the guest (a tracked job)' })
  rollback(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: RollbackDeploymentDto,
  ) {
    return this.deployments.rollback(actor, id, body.releaseId);
  }

  @Get(':id/releases')
  @Authenticated({ permission: Permission.DeploymentRead })
  releases(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.deployments.releases(actor, id);
  }

  @Get(':id/app-logs')
  @Authenticated({ permission: Permission.DeploymentRead })
  @ApiOperation({ summary: "The app's recent output, read from the guest over SSH" })
  logs(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.appLogs.read(actor, id);
  }

  @Get(':id/app-logs/stream')
  @Authenticated({ permission: Permission.DeploymentRead })
  @ApiOperation({
    summary:
      "The app's output as it comes (text/event-stream: one `data:` JSON string per line; `event: end` or `error` closes it)",
  })
  async streamLogs(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Query() q: AppLogsStreamQueryDto,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    // Checked before the stream opens: a foreign or unknown id answers an ordinary 404.
    const row = await this.appLogs.requireStarted(actor, id);
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      'X-Accel-Buffering': 'no',
      'X-Content-Type-Options': 'nosniff',
    });
    const ac = new AbortController();
    raw.on('close', () => ac.abort());
    const send = (event: string | null, data: unknown) => {
      if (!raw.writableEnded) {
        raw.write(`${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`);
      }
    };
    const beat = setInterval(() => !raw.writableEnded && raw.write(': keep-alive\n\n'), 15_000);
    send('open', { deploymentId: row.id });
    try {
      await this.appLogs.follow(row, q.lines, (line) => send(null, line), ac.signal);
      send('end', {});
    } catch (err) {
      send('error', { message: (err as Error).message });
    } finally {
      clearInterval(beat);
      raw.end();
    }
  }

  @Post(':id/webhook')
  @HttpCode(202)
  @Public()
  @ApiOperation({
    summary:
      'Push webhook (GitHub X-Hub-Signature-256, Gitea X-Gitea-Signature, GitLab X-Gitlab-Token)',
  })
  webhook(@Param('id') id: string, @Req() req: FastifyRequest) {
    return this.deployments.webhook(id, req.headers, rawBodyOf(req.raw), req.body);
  }
}
