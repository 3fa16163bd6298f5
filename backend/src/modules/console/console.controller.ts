import { Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission, type ConsoleSession } from '@multpanel/contracts';
import { LiveProxmox } from '../../common/http/rate-limit';
import { Authenticated, CurrentPrincipal, CurrentScope } from '../../common/auth/auth.decorators';
import type { Principal, Scope } from '../../common/auth/scope';
import { ReqMeta, type RequestMeta } from '../../common/http/request-meta';
import { ConsoleService } from './console.service';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('console')
@Controller()
export class ConsoleController {
  constructor(private readonly consoles: ConsoleService) {}

  @Post('vms/:id/console')
  @LiveProxmox()
  @HttpCode(200)
  @Authenticated({ permission: Permission.VmConsole })
  @ApiOperation({
    summary: 'One-time token for the VM screen (QEMU) or container shell (LXC) WebSocket',
  })
  openGuest(
    @Param('id', uuid) id: string,
    @CurrentPrincipal() principal: Principal,
    @CurrentScope() scope: Scope,
    @ReqMeta() meta: RequestMeta,
  ): Promise<ConsoleSession> {
    return this.consoles.openGuestConsole(principal, scope, id, meta.ip);
  }

  @Post('clusters/:id/nodes/:node/console')
  @LiveProxmox()
  @HttpCode(200)
  @Authenticated({ permission: Permission.ClusterManage })
  @ApiOperation({ summary: 'One-time token for a node shell (platform operators only)' })
  openNode(
    @Param('id', uuid) clusterId: string,
    @Param('node') node: string,
    @CurrentPrincipal() principal: Principal,
    @ReqMeta() meta: RequestMeta,
  ): Promise<ConsoleSession> {
    return this.consoles.openNodeShell(principal, clusterId, node, meta.ip);
  }
}
