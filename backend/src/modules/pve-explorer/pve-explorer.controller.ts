import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  Permission,
  type Paged,
  type PveApiCallResult,
  type PveApiEndpointDetail,
  type PveApiEndpointSummary,
  type PveApiTreeNode,
} from '@multpanel/contracts';
import { CurrentActor, type Actor } from '../../common/auth/actor';
import { Authenticated } from '../../common/auth/auth.decorators';
import { LiveProxmox } from '../../common/http/rate-limit';
import { PveApiCallDto, PveApiEndpointQueryDto, PveApiSearchDto } from './pve-explorer.dto';
import { PveExplorerService } from './pve-explorer.service';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('pve-api')
@Controller()
export class PveExplorerController {
  constructor(private readonly explorer: PveExplorerService) {}

  @Get('pve-api/tree')
  @Authenticated({ permission: Permission.PveExplore })
  @ApiOperation({ summary: 'Every Proxmox VE 9.1 API path as a tree, with its methods' })
  tree(): PveApiTreeNode[] {
    return this.explorer.tree();
  }

  @Get('pve-api/endpoints')
  @Authenticated({ permission: Permission.PveExplore })
  @ApiOperation({ summary: 'Search the Proxmox VE 9.1 API by path, handler name or description' })
  search(@Query() q: PveApiSearchDto): Paged<PveApiEndpointSummary> {
    return this.explorer.search(q);
  }

  @Get('pve-api/endpoint')
  @Authenticated({ permission: Permission.PveExplore })
  @ApiOperation({
    summary:
      'One endpoint: description, parameters, return shape and the permission Proxmox checks',
  })
  endpoint(@Query() q: PveApiEndpointQueryDto): PveApiEndpointDetail {
    return this.explorer.endpoint(q.method, q.path);
  }

  @Post('clusters/:id/pve-api/call')
  @LiveProxmox()
  @HttpCode(200)
  @Authenticated({ permission: Permission.PveExplore })
  @ApiOperation({
    summary:
      'Try a documented call on a cluster you administer (GET; changes: super_admin with confirm), audited',
  })
  call(
    @Param('id', uuid) clusterId: string,
    @Body() body: PveApiCallDto,
    @CurrentActor() actor: Actor,
  ): Promise<PveApiCallResult> {
    return this.explorer.call(actor, clusterId, body);
  }
}
