import { Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission, type ConsoleSession } from '@multpanel/contracts';
import { CurrentActor, type Actor } from '../../common/auth/actor';
import { Authenticated } from '../../common/auth/auth.decorators';
import { LiveProxmox } from '../../common/http/rate-limit';
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
  openGuest(@Param('id', uuid) id: string, @CurrentActor() actor: Actor): Promise<ConsoleSession> {
    return this.consoles.openGuestConsole(actor, id);
  }

  @Post('clusters/:id/nodes/:node/console')
  @LiveProxmox()
  @HttpCode(200)
  @Authenticated({ permission: Permission.NodeConsole })
  @ApiOperation({ summary: 'One-time token for a node shell (platform operators only)' })
  openNode(
    @Param('id', uuid) clusterId: string,
    @Param('node') node: string,
    @CurrentActor() actor: Actor,
  ): Promise<ConsoleSession> {
    return this.consoles.openNodeShell(actor, clusterId, node);
  }
}
