import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission } from '@multpanel/contracts';
import { CurrentActor, type Actor } from '../../common/auth/actor';
import { Authenticated } from '../../common/auth/auth.decorators';
import { CompanyDashboardQueryDto } from './dashboard.dto';
import { DashboardService } from './dashboard.service';

@ApiTags('dashboard')
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get('fleet')
  @Authenticated({ permission: Permission.MonitoringFleet })
  @ApiOperation({ summary: "The MSP's fleet at a glance (staff)" })
  fleet(@CurrentActor() actor: Actor) {
    return this.dashboard.fleet(actor);
  }

  @Get('company')
  @Authenticated({ permission: Permission.VmRead })
  @ApiOperation({ summary: "A company's own estate: guests, quota, alerts, usage, backups, jobs" })
  company(@CurrentActor() actor: Actor, @Query() q: CompanyDashboardQueryDto) {
    return this.dashboard.company(actor, q);
  }
}
