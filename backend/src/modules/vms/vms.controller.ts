import { LiveProxmox } from '../../common/http/rate-limit';
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
  bulkCreateVmSchema,
  changeNicAddressSchema,
  createSnapshotSchema,
  createVmSchema,
  deleteVmQuerySchema,
  migrateVmSchema,
  Permission,
  pciMappingsQuerySchema,
  placementClustersQuerySchema,
  placementResourcesQuerySchema,
  updateVmSchema,
  vmControlSchema,
  vmListQuerySchema,
  vmRrdQuerySchema,
  type BulkVmResult,
  type BulkCreateVmResult,
  type IpAddressView,
  type PciMappingView,
  type PlacementCluster,
  type PlacementResources,
  type VmDetail,
  type VmJobAccepted,
  type VmMigrateTargets,
  type VmPage,
  type VmRrdPoint,
  type VmSnapshot,
} from '@multpanel/contracts';
import type { FastifyReply } from 'fastify';
import { createZodDto } from 'nestjs-zod';
import { CurrentActor, type Actor } from '../../common/auth/actor';
import { Authenticated } from '../../common/auth/auth.decorators';
import { AppError } from '../../common/errors/app-error';
import { VmConfigService } from './vms-config.service';
import { VmLifecycleService } from './vms-lifecycle.service';
import { VmNicAddressService } from './vms-nic-address.service';
import { VmPlacementService } from './vms-placement.service';
import { VmsService } from './vms.service';

class VmListQueryDto extends createZodDto(vmListQuerySchema) {}
class CreateVmDto extends createZodDto(createVmSchema) {}
class UpdateVmDto extends createZodDto(updateVmSchema) {}
class VmControlDto extends createZodDto(vmControlSchema) {}
class DeleteVmQueryDto extends createZodDto(deleteVmQuerySchema) {}
class CreateSnapshotDto extends createZodDto(createSnapshotSchema) {}
class MigrateVmDto extends createZodDto(migrateVmSchema) {}
class BulkVmDto extends createZodDto(bulkVmSchema) {}
class BulkCreateVmDto extends createZodDto(bulkCreateVmSchema) {}
class ChangeNicAddressDto extends createZodDto(changeNicAddressSchema) {}
class VmRrdQueryDto extends createZodDto(vmRrdQuerySchema) {}
class PciMappingsQueryDto extends createZodDto(pciMappingsQuerySchema) {}
class PlacementClustersQueryDto extends createZodDto(placementClustersQuerySchema) {}
class PlacementResourcesQueryDto extends createZodDto(placementResourcesQuerySchema) {}

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
  constructor(
    private readonly vms: VmsService,
    private readonly placement: VmPlacementService,
    private readonly config: VmConfigService,
    private readonly nicAddresses: VmNicAddressService,
    private readonly lifecycle: VmLifecycleService,
  ) {}

  @Get()
  @Authenticated({ permission: Permission.VmRead })
  @ApiOperation({ summary: 'Guests the caller may see (server-side paging, sorting, filters)' })
  list(@Query() q: VmListQueryDto, @CurrentActor() actor: Actor): Promise<VmPage> {
    return this.vms.list(actor, q);
  }

  @Post()
  @HttpCode(202)
  @Authenticated({ permission: Permission.VmCreate })
  @ApiOperation({ summary: 'Create a VM or container (a job); honours Idempotency-Key' })
  create(
    @Body() body: CreateVmDto,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentActor() actor: Actor,
  ): Promise<VmJobAccepted> {
    return this.placement.create(actor, body, idempotencyKey(key));
  }

  @Post('bulk-create')
  @HttpCode(202)
  @Authenticated({ permission: Permission.VmCreate })
  @ApiOperation({
    summary: 'Create N guests from one form (<name>-1..N), a job and own IPAM addresses each',
  })
  bulkCreate(
    @Body() body: BulkCreateVmDto,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentActor() actor: Actor,
  ): Promise<BulkCreateVmResult> {
    return this.placement.bulkCreate(actor, body, idempotencyKey(key));
  }

  @Get('placement/pci-mappings')
  @LiveProxmox()
  @Authenticated({ permission: Permission.VmCreate })
  @ApiOperation({
    summary: 'PCI mappings of a cluster the caller may create guests on (GPU passthrough)',
  })
  pciMappings(
    @Query() q: PciMappingsQueryDto,
    @CurrentActor() actor: Actor,
  ): Promise<PciMappingView[]> {
    return this.placement.pciMappings(actor, q);
  }

  @Get('placement/clusters')
  @Authenticated({ permission: Permission.VmCreate })
  @ApiOperation({ summary: 'Clusters a company may create guests on (the wizard picker)' })
  placementClusters(
    @Query() q: PlacementClustersQueryDto,
    @CurrentActor() actor: Actor,
  ): Promise<PlacementCluster[]> {
    return this.placement.placementClusters(actor, q.companyId);
  }

  @Get('placement/resources')
  @LiveProxmox()
  @Authenticated({ permission: Permission.VmCreate })
  @ApiOperation({
    summary: 'Nodes, guest storages and bridges of a cluster the caller may create guests on',
  })
  placementResources(
    @Query() q: PlacementResourcesQueryDto,
    @CurrentActor() actor: Actor,
  ): Promise<PlacementResources> {
    return this.placement.placementResources(actor, q);
  }

  @Post('bulk')
  @HttpCode(200)
  @Authenticated({ permission: Permission.VmRead })
  @ApiOperation({ summary: 'Power, snapshot or tag many guests; one result per guest' })
  bulk(@Body() body: BulkVmDto, @CurrentActor() actor: Actor): Promise<BulkVmResult> {
    return this.lifecycle.bulk(actor, body);
  }

  @Get(':id')
  @LiveProxmox()
  @Authenticated({ permission: Permission.VmRead })
  get(@Param('id', id) vmId: string, @CurrentActor() actor: Actor): Promise<VmDetail> {
    return this.vms.get(actor, vmId);
  }

  @Get(':id/rrd')
  @LiveProxmox()
  @Authenticated({ permission: Permission.VmRead })
  rrd(
    @Param('id', id) vmId: string,
    @Query() q: VmRrdQueryDto,
    @CurrentActor() actor: Actor,
  ): Promise<VmRrdPoint[]> {
    return this.vms.rrd(actor, vmId, q.timeframe);
  }

  @Put(':id')
  @Authenticated({ permission: Permission.VmUpdate })
  @ApiOperation({ summary: 'Change a guest: the updated VM, or 202 with a job for a disk resize' })
  async update(
    @Param('id', id) vmId: string,
    @Body() body: UpdateVmDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<VmDetail | VmJobAccepted> {
    const out = await this.config.update(actor, vmId, body);
    if ('job' in out) res.status(202);
    return out;
  }

  @Put(':id/nics/:nic/address')
  @Authenticated({ permission: Permission.IpamManage })
  @ApiOperation({
    summary:
      "Staff: move a NIC to another IPAM address (a chosen one or the range's next free); the old one is released",
  })
  changeNicAddress(
    @Param('id', id) vmId: string,
    @Param('nic') nic: string,
    @Body() body: ChangeNicAddressDto,
    @CurrentActor() actor: Actor,
  ): Promise<IpAddressView[]> {
    if (!/^\d{1,2}$/.test(nic) || Number(nic) > 31) {
      throw new AppError('VALIDATION_FAILED', 'Invalid input: nic: a NIC number 0..31', [
        { path: 'nic', message: 'a NIC number 0..31', code: 'custom' },
      ]);
    }
    return this.nicAddresses.change(actor, vmId, Number(nic), body);
  }

  @Delete(':id')
  @HttpCode(202)
  @Authenticated({ permission: Permission.VmDelete })
  remove(
    @Param('id', id) vmId: string,
    @Query() q: DeleteVmQueryDto,
    @CurrentActor() actor: Actor,
  ): Promise<VmJobAccepted> {
    return this.lifecycle.remove(actor, vmId, q.confirm, q.purge === '1' || q.purge === 'true');
  }

  @Post(':id/control')
  @HttpCode(202)
  @Authenticated({ permission: Permission.VmPower })
  control(
    @Param('id', id) vmId: string,
    @Body() body: VmControlDto,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentActor() actor: Actor,
  ): Promise<VmJobAccepted> {
    return this.lifecycle.control(actor, vmId, body.action, idempotencyKey(key));
  }

  @Get(':id/snapshots')
  @LiveProxmox()
  @Authenticated({ permission: Permission.VmRead })
  snapshots(@Param('id', id) vmId: string, @CurrentActor() actor: Actor): Promise<VmSnapshot[]> {
    return this.vms.snapshots(actor, vmId);
  }

  @Post(':id/snapshots')
  @HttpCode(202)
  @Authenticated({ permission: Permission.VmSnapshot })
  createSnapshot(
    @Param('id', id) vmId: string,
    @Body() body: CreateSnapshotDto,
    @CurrentActor() actor: Actor,
  ): Promise<VmJobAccepted> {
    return this.lifecycle.createSnapshot(actor, vmId, body);
  }

  @Post(':id/snapshots/:name/rollback')
  @HttpCode(202)
  @Authenticated({ permission: Permission.VmSnapshot })
  rollback(
    @Param('id', id) vmId: string,
    @Param('name') name: string,
    @CurrentActor() actor: Actor,
  ): Promise<VmJobAccepted> {
    return this.lifecycle.rollbackSnapshot(actor, vmId, snapName(name));
  }

  @Delete(':id/snapshots/:name')
  @HttpCode(202)
  @Authenticated({ permission: Permission.VmSnapshot })
  deleteSnapshot(
    @Param('id', id) vmId: string,
    @Param('name') name: string,
    @CurrentActor() actor: Actor,
  ): Promise<VmJobAccepted> {
    return this.lifecycle.deleteSnapshot(actor, vmId, snapName(name));
  }

  @Post(':id/migrate')
  @HttpCode(202)
  @Authenticated({ permission: Permission.VmMigrate })
  migrate(
    @Param('id', id) vmId: string,
    @Body() body: MigrateVmDto,
    @CurrentActor() actor: Actor,
  ): Promise<VmJobAccepted> {
    return this.lifecycle.migrate(actor, vmId, body.targetNode, body.online);
  }

  @Get(':id/migrate-targets')
  @LiveProxmox()
  @Authenticated({ permission: Permission.VmMigrate })
  @ApiOperation({ summary: "Proxmox's migrate precondition: allowed nodes, others with reasons" })
  migrateTargets(
    @Param('id', id) vmId: string,
    @CurrentActor() actor: Actor,
  ): Promise<VmMigrateTargets> {
    return this.lifecycle.migrateTargets(actor, vmId);
  }

  @Post(':id/template')
  @HttpCode(202)
  @Authenticated({ permission: Permission.VmTemplate })
  template(@Param('id', id) vmId: string, @CurrentActor() actor: Actor): Promise<VmJobAccepted> {
    return this.lifecycle.convertToTemplate(actor, vmId);
  }
}

function snapName(name: string): string {
  if (!/^[A-Za-z][A-Za-z0-9_-]{0,39}$/.test(name))
    throw new AppError('VALIDATION_FAILED', 'Invalid snapshot name');
  return name;
}
