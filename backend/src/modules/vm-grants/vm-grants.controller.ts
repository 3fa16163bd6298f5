import { Body, Controller, Get, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission, vmGrantsSchema, type VmGrantEntry } from '@multpanel/contracts';
import { createZodDto } from 'nestjs-zod';
import { CurrentActor, type Actor } from '../../common/auth/actor';
import { Authenticated } from '../../common/auth/auth.decorators';
import { VmGrantsService } from './vm-grants.service';

const id = new ParseUUIDPipe({ version: undefined });

class VmGrantsDto extends createZodDto(vmGrantsSchema) {}

@ApiTags('vms')
@Controller('vms/:id/grants')
export class VmGrantsController {
  constructor(private readonly grants: VmGrantsService) {}

  @Get()
  @Authenticated({ permission: Permission.VmGrantManage })
  @ApiOperation({ summary: 'Per-VM rights of the company\'s "user" accounts' })
  list(@Param('id', id) vmId: string, @CurrentActor() actor: Actor): Promise<VmGrantEntry[]> {
    return this.grants.list(actor, vmId);
  }

  @Put()
  @Authenticated({ permission: Permission.VmGrantManage })
  @ApiOperation({ summary: 'Replace the per-VM rights' })
  replace(
    @Param('id', id) vmId: string,
    @Body() body: VmGrantsDto,
    @CurrentActor() actor: Actor,
  ): Promise<VmGrantEntry[]> {
    return this.grants.replace(actor, vmId, body);
  }
}
