import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  Permission,
  type SshJobStarted,
  type SshKeysOverview,
  type SshNodeHealthView,
  type SshNodeResult,
} from '@multpanel/contracts';
import { LiveProxmox } from '../../common/http/rate-limit';
import { Authenticated, CurrentPrincipal } from '../../common/auth/auth.decorators';
import type { Principal } from '../../common/auth/scope';
import {
  SshBulkPushDto,
  SshClusterUserDto,
  SshNodeTargetDto,
  SshPushDto,
  SshTestDto,
} from './ssh-keys.dto';
import { SshKeysService } from './ssh-keys.service';

const id = new ParseUUIDPipe({ version: undefined });

@ApiTags('ssh-keys')
@Controller('ssh-keys')
export class SshKeysController {
  constructor(private readonly ssh: SshKeysService) {}

  @Get()
  @Authenticated({ permission: Permission.ClusterManage })
  @ApiOperation({ summary: 'Platform keys (public parts) and the per-node key health matrix' })
  async overview(): Promise<SshKeysOverview> {
    await this.ssh.ensureActiveKey();
    return this.ssh.overview();
  }

  @Post('rotate')
  @HttpCode(202)
  @Authenticated({ permission: Permission.ClusterManage })
  @ApiOperation({ summary: 'Rotate the key on every node (a job): add new, verify, remove old' })
  async rotate(@CurrentPrincipal() actor: Principal): Promise<SshJobStarted> {
    return { job: await this.ssh.startRotate(actor) };
  }
}

@ApiTags('ssh-keys')
@Controller('clusters/:id')
export class ClusterSshController {
  constructor(private readonly ssh: SshKeysService) {}

  @Post('ssh/push')
  @LiveProxmox()
  @HttpCode(200)
  @Authenticated({ permission: Permission.ClusterManage })
  @ApiOperation({ summary: 'Install the active key with a one-time password (never stored)' })
  push(
    @Param('id', id) clusterId: string,
    @Body() body: SshPushDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<SshNodeResult[]> {
    return this.ssh.push(clusterId, body, actor);
  }

  @Post('ssh/test')
  @LiveProxmox()
  @HttpCode(200)
  @Authenticated({ permission: Permission.ClusterManage })
  @ApiOperation({ summary: 'Per node: which platform keys log in, latency, error' })
  test(@Param('id', id) clusterId: string, @Body() body: SshTestDto): Promise<SshNodeResult[]> {
    return this.ssh.test(clusterId, body?.nodes);
  }

  @Put('ssh')
  @Authenticated({ permission: Permission.ClusterManage })
  @ApiOperation({ summary: 'Account the key is installed for on this cluster (default root)' })
  setUser(
    @Param('id', id) clusterId: string,
    @Body() body: SshClusterUserDto,
    @CurrentPrincipal() actor: Principal,
  ) {
    return this.ssh.setClusterUser(clusterId, body.user, actor);
  }

  @Put('nodes/:node/ssh')
  @Authenticated({ permission: Permission.ClusterManage })
  @ApiOperation({ summary: 'SSH host/port of a node (null = node name, port 22)' })
  setTarget(
    @Param('id', id) clusterId: string,
    @Param('node') node: string,
    @Body() body: SshNodeTargetDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<SshNodeHealthView> {
    return this.ssh.setNodeTarget(clusterId, node, body, actor);
  }
}

@ApiTags('ssh-keys')
@Controller('bulk-clusters')
export class BulkSshController {
  constructor(private readonly ssh: SshKeysService) {}

  @Post('push-ssh-keys')
  @HttpCode(202)
  @Authenticated({ permission: Permission.ClusterManage })
  @ApiOperation({ summary: 'Push the key to many clusters (a job with per-node results)' })
  async push(
    @Body() body: SshBulkPushDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<SshJobStarted> {
    return { job: await this.ssh.startBulkPush(body, actor) };
  }
}
