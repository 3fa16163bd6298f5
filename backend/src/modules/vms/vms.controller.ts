import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  bulkVmSchema,
  createSnapshotSchema,
  createVmSchema,
  deleteVmQuerySchema,
  migrateVmSchema,
  Permission,
  pciMappingsQuerySchema,
  updateVmSchema,
  vmControlSchema,
  vmListQuerySchema,
  vmRrdQuerySchema,
  type BulkVmResult,
  type PciMappingView,
  type VmDetail,
  type VmJobAccepted,
  type VmMigrateTargets,
  type VmPage,
  type VmRrdPoint,
  type VmSnapshot,
} from '@multpanel/contracts';
import type { FastifyReply } from 'fastify';
import { createZodDto } from 'nestjs-zod';
import { Authenticated, CurrentPrincipal, CurrentScope } from '../../common/auth/auth.decorators';
import type { Principal, Scope } from '../../common/auth/scope';
import { AppError } from '../../common/errors/app-error';
import { VmsService } from './vms.service';

class VmListQueryDto extends createZodDto(vmListQuerySchema) {}
class CreateVmDto extends createZodDto(createVmSchema) {}
class UpdateVmDto extends createZodDto(updateVmSchema) {}
class VmControlDto extends createZodDto(vmControlSchema) {}
class DeleteVmQueryDto extends createZodDto(deleteVmQuerySchema) {}
class CreateSnapshotDto extends createZodDto(createSnapshotSchema) {}
class MigrateVmDto extends createZodDto(migrateVmSchema) {}
class BulkVmDto extends createZodDto(bulkVmSchema) {}
class VmRrdQueryDto extends createZodDto(vmRrdQuerySchema) {}
class PciMappingsQueryDto extends createZodDto(pciMappingsQuerySchema) {}

const id = new ParseUUIDPipe({ version: undefined });

function idempotencyKey(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  if (!/^[\w.:-]{1,191}$/.test(v))
    throw new AppError('VALIDATION_FAILED', 'Idempotency-Key: 1-191 characters [A-Za-z0-9_.:-]');
  return v;
}

@ApiTags('vms')
@Controller('vms')
export class VmsController {
  constructor(private readonly vms: VmsService) {}

  @Get()
  @Authenticated({ permission: Permission.VmRead })
  @ApiOperation({ summary: 'Guests the caller may see (server-side paging, sorting, filters)' })
  list(@Query() q: VmListQueryDto, @CurrentScope() scope: Scope): Promise<VmPage> {
    return this.vms.list(scope, q);
  }

  @Post()
  @HttpCode(202)
  @Authenticated({ permission: Permission.VmCreate })
  @ApiOperation({ summary: 'Create a VM or container (a job); honours Idempotency-Key' })
  create(
    @Body() body: CreateVmDto,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentPrincipal() p: Principal,
    @CurrentScope() scope: Scope,
  ): Promise<VmJobAccepted> {
    return this.vms.create(p, scope, body, idempotencyKey(key));
  }

  @Get('placement/pci-mappings')
  @Authenticated({ permission: Permission.VmCreate })
  @ApiOperation({
    summary: 'PCI mappings of a cluster the caller may create guests on (GPU passthrough)',
  })
  pciMappings(
    @Query() q: PciMappingsQueryDto,
    @CurrentScope() scope: Scope,
  ): Promise<PciMappingView[]> {
    return this.vms.pciMappings(scope, q);
  }

  @Post('bulk')
  @HttpCode(200)
  @Authenticated({ permission: Permission.VmRead })
  @ApiOperation({ summary: 'Power, snapshot or tag many guests; one result per guest' })
  bulk(
    @Body() body: BulkVmDto,
    @CurrentPrincipal() p: Principal,
    @CurrentScope() scope: Scope,
  ): Promise<BulkVmResult> {
    return this.vms.bulk(p, scope, body);
  }

  @Get(':id')
  @Authenticated({ permission: Permission.VmRead })
  get(
    @Param('id', id) vmId: string,
    @CurrentPrincipal() p: Principal,
    @CurrentScope() scope: Scope,
  ): Promise<VmDetail> {
    return this.vms.get(p, scope, vmId);
  }

  @Get(':id/rrd')
  @Authenticated({ permission: Permission.VmRead })
  rrd(
    @Param('id', id) vmId: string,
    @Query() q: VmRrdQueryDto,
    @CurrentPrincipal() p: Principal,
    @CurrentScope() scope: Scope,
  ): Promise<VmRrdPoint[]> {
    return this.vms.rrd(p, scope, vmId, q.timeframe);
  }

  @Put(':id')
  @Authenticated({ permission: Permission.VmUpdate })
  @ApiOperation({ summary: 'Change a guest: the updated VM, or 202 with a job for a disk resize' })
  async update(
    @Param('id', id) vmId: string,
    @Body() body: UpdateVmDto,
    @CurrentPrincipal() p: Principal,
    @CurrentScope() scope: Scope,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<VmDetail | VmJobAccepted> {
    const out = await this.vms.update(p, scope, vmId, body);
    if ('job' in out) res.status(202);
    return out;
  }

  @Delete(':id')
  @HttpCode(202)
  @Authenticated({ permission: Permission.VmDelete })
  remove(
    @Param('id', id) vmId: string,
    @Query() q: DeleteVmQueryDto,
    @CurrentPrincipal() p: Principal,
    @CurrentScope() scope: Scope,
  ): Promise<VmJobAccepted> {
    return this.vms.remove(p, scope, vmId, q.confirm, q.purge === '1' || q.purge === 'true');
  }

  @Post(':id/control')
  @HttpCode(202)
  @Authenticated({ permission: Permission.VmPower })
  control(
    @Param('id', id) vmId: string,
    @Body() body: VmControlDto,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentPrincipal() p: Principal,
    @CurrentScope() scope: Scope,
  ): Promise<VmJobAccepted> {
    return this.vms.control(p, scope, vmId, body.action, idempotencyKey(key));
  }

  @Get(':id/snapshots')
  @Authenticated({ permission: Permission.VmRead })
  snapshots(
    @Param('id', id) vmId: string,
    @CurrentPrincipal() p: Principal,
    @CurrentScope() scope: Scope,
  ): Promise<VmSnapshot[]> {
    return this.vms.snapshots(p, scope, vmId);
  }

  @Post(':id/snapshots')
  @HttpCode(202)
  @Authenticated({ permission: Permission.VmSnapshot })
  createSnapshot(
    @Param('id', id) vmId: string,
    @Body() body: CreateSnapshotDto,
    @CurrentPrincipal() p: Principal,
    @CurrentScope() scope: Scope,
  ): Promise<VmJobAccepted> {
    return this.vms.createSnapshot(p, scope, vmId, body);
  }

  @Post(':id/snapshots/:name/rollback')
  @HttpCode(202)
  @Authenticated({ permission: Permission.VmSnapshot })
  rollback(
    @Param('id', id) vmId: string,
    @Param('name') name: string,
    @CurrentPrincipal() p: Principal,
    @CurrentScope() scope: Scope,
  ): Promise<VmJobAccepted> {
    return this.vms.rollbackSnapshot(p, scope, vmId, snapName(name));
  }

  @Delete(':id/snapshots/:name')
  @HttpCode(202)
  @Authenticated({ permission: Permission.VmSnapshot })
  deleteSnapshot(
    @Param('id', id) vmId: string,
    @Param('name') name: string,
    @CurrentPrincipal() p: Principal,
    @CurrentScope() scope: Scope,
  ): Promise<VmJobAccepted> {
    return this.vms.deleteSnapshot(p, scope, vmId, snapName(name));
  }

  @Post(':id/migrate')
  @HttpCode(202)
  @Authenticated({ permission: Permission.VmUpdate })
  migrate(
    @Param('id', id) vmId: string,
    @Body() body: MigrateVmDto,
    @CurrentPrincipal() p: Principal,
    @CurrentScope() scope: Scope,
  ): Promise<VmJobAccepted> {
    return this.vms.migrate(p, scope, vmId, body.targetNode, body.online);
  }

  @Get(':id/migrate-targets')
  @Authenticated({ permission: Permission.VmUpdate })
  @ApiOperation({ summary: "Proxmox's migrate precondition: allowed nodes, others with reasons" })
  migrateTargets(
    @Param('id', id) vmId: string,
    @CurrentPrincipal() p: Principal,
    @CurrentScope() scope: Scope,
  ): Promise<VmMigrateTargets> {
    return this.vms.migrateTargets(p, scope, vmId);
  }

  @Post(':id/template')
  @HttpCode(202)
  @Authenticated({ permission: Permission.VmUpdate })
  template(
    @Param('id', id) vmId: string,
    @CurrentPrincipal() p: Principal,
    @CurrentScope() scope: Scope,
  ): Promise<VmJobAccepted> {
    return this.vms.convertToTemplate(p, scope, vmId);
  }
}

function snapName(name: string): string {
  if (!/^[A-Za-z][A-Za-z0-9_-]{0,39}$/.test(name))
    throw new AppError('VALIDATION_FAILED', 'Invalid snapshot name');
  return name;
}
