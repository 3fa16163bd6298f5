import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Permission } from '@multpanel/contracts';
import { CurrentActor, type Actor } from '../../common/auth/actor';
import { Authenticated } from '../../common/auth/auth.decorators';
import { CreateMaintenanceWindowDto } from './alerts.dto';
import { MaintenanceWindowsService } from './maintenance-windows.service';

@ApiTags('alerts')
@Controller('maintenance-windows')
export class MaintenanceWindowsController {
  constructor(private readonly windows: MaintenanceWindowsService) {}

  @Get()
  @Authenticated({ permission: Permission.AlertManage })
  list(@CurrentActor() actor: Actor) {
    return this.windows.list(actor);
  }

  @Post()
  @Authenticated({ permission: Permission.AlertManage })
  create(@CurrentActor() actor: Actor, @Body() body: CreateMaintenanceWindowDto) {
    return this.windows.create(actor, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated({ permission: Permission.AlertManage })
  remove(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.windows.remove(actor, id);
  }
}
