import { Body, Controller, Get, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission, vmGrantsSchema, type VmGrantEntry } from '@multpanel/contracts';
import { ZodValidationPipe } from 'nestjs-zod';
import { Authenticated, CurrentPrincipal, CurrentScope } from '../../common/auth/auth.decorators';
import type { Principal, Scope } from '../../common/auth/scope';
import { VmGrantsService } from './vm-grants.service';

const id = new ParseUUIDPipe({ version: undefined });

@ApiTags('vms')
@Controller('vms/:id/grants')
export class VmGrantsController {
  constructor(private readonly grants: VmGrantsService) {}

  @Get()
  @Authenticated({ permission: Permission.VmGrantManage })
  @ApiOperation({ summary: 'Per-VM rights of the company\'s "user" accounts' })
  list(
    @Param('id', id) vmId: string,
    @CurrentPrincipal() p: Principal,
    @CurrentScope() scope: Scope,
  ): Promise<VmGrantEntry[]> {
    return this.grants.list(p, scope, vmId);
  }

  @Put()
  @Authenticated({ permission: Permission.VmGrantManage })
  @ApiOperation({ summary: 'Replace the per-VM rights' })
  replace(
    @Param('id', id) vmId: string,
    @Body(new ZodValidationPipe(vmGrantsSchema))
    body: Array<{ userId: string; rights: VmGrantEntry['rights'] }>,
    @CurrentPrincipal() p: Principal,
    @CurrentScope() scope: Scope,
  ): Promise<VmGrantEntry[]> {
    return this.grants.replace(p, scope, vmId, body);
  }
}
