import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission, type InstancesOverview } from '@multpanel/contracts';
import { Authenticated } from '../../common/auth/auth.decorators';
import { InstancesService } from './instances.service';

@ApiTags('system')
@Controller('system/instances')
export class InstancesController {
  constructor(private readonly instances: InstancesService) {}

  @Get()
  @Authenticated({ permission: Permission.SystemUpdate })
  @ApiOperation({
    summary: "The MSP's installations (instances.yml) with their version and health",
  })
  overview(): Promise<InstancesOverview> {
    return this.instances.overview();
  }
}
