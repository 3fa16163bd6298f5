import {
  Controller,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  ParseUUIDPipe,
  Post,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  Permission,
  type LeftoverRetried,
  type LeftoversOverview,
  type UnlockResult,
} from '@multpanel/contracts';
import { CurrentActor, type Actor } from '../../common/auth/actor';
import { Authenticated } from '../../common/auth/auth.decorators';
import { LiveProxmox } from '../../common/http/rate-limit';
import { LeftoversService } from './leftovers.service';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('leftovers')
@Controller('leftovers')
export class LeftoversController {
  constructor(private readonly leftovers: LeftoversService) {}

  @Get()
  @LiveProxmox()
  @Authenticated({ permission: Permission.SystemJobs })
  @ApiOperation({ summary: 'Stale guest locks and leftovers of failed creates (MSP staff)' })
  overview(): Promise<LeftoversOverview> {
    return this.leftovers.overview();
  }

  @Post('locks/:guestId/unlock')
  @HttpCode(200)
  @LiveProxmox()
  @Authenticated({ permission: Permission.SystemJobs })
  @ApiOperation({ summary: 'Remove a guest lock that no running task holds' })
  unlock(
    @CurrentActor() actor: Actor,
    @Param('guestId', uuid) guestId: string,
  ): Promise<UnlockResult> {
    return this.leftovers.unlock(actor, guestId);
  }

  @Post('removals/:clusterId/:vmid/retry')
  @HttpCode(202)
  @Authenticated({ permission: Permission.SystemJobs })
  @ApiOperation({ summary: 'Try removing a failed create’s leftover now' })
  retry(
    @CurrentActor() actor: Actor,
    @Param('clusterId', uuid) clusterId: string,
    @Param('vmid', ParseIntPipe) vmid: number,
  ): Promise<LeftoverRetried> {
    return this.leftovers.retryLeftover(actor, clusterId, vmid);
  }
}
