import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission } from '@multpanel/contracts';
import { CurrentActor, type Actor } from '../../common/auth/actor';
import { LiveProxmox } from '../../common/http/rate-limit';
import { Authenticated } from '../../common/auth/auth.decorators';
import {
  AcceptEsxiFingerprintDto,
  CreateEsxiSourceDto,
  EsxiSourceListQueryDto,
  EsxiImportDto,
  EsxiImportPlanDto,
  EsxiVmListQueryDto,
  UpdateEsxiSourceDto,
} from './esxi.dto';
import { EsxiImportService } from './esxi-import.service';
import { EsxiService } from './esxi.service';

const id = new ParseUUIDPipe({ version: undefined });

@ApiTags('esxi')
@Controller('esxi-sources')
export class EsxiController {
  constructor(
    private readonly esxi: EsxiService,
    private readonly imports: EsxiImportService,
  ) {}

  @Get()
  @Authenticated({ permission: Permission.EsxiManage })
  @ApiOperation({ summary: 'ESXi / vCenter sources in the caller’s scope (paged)' })
  list(@CurrentActor() actor: Actor, @Query() q: EsxiSourceListQueryDto) {
    return this.esxi.list(actor, q);
  }

  @Post()
  @Authenticated({ permission: Permission.EsxiManage })
  @ApiOperation({ summary: 'Add a source for a company (the password is stored encrypted)' })
  create(@CurrentActor() actor: Actor, @Body() body: CreateEsxiSourceDto) {
    return this.esxi.create(actor, body);
  }

  @Get(':id')
  @Authenticated({ permission: Permission.EsxiManage })
  get(@CurrentActor() actor: Actor, @Param('id', id) sourceId: string) {
    return this.esxi.get(actor, sourceId);
  }

  @Patch(':id')
  @Authenticated({ permission: Permission.EsxiManage })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', id) sourceId: string,
    @Body() body: UpdateEsxiSourceDto,
  ) {
    return this.esxi.update(actor, sourceId, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated({ permission: Permission.EsxiManage })
  async remove(@CurrentActor() actor: Actor, @Param('id', id) sourceId: string) {
    await this.esxi.remove(actor, sourceId);
  }

  // Calls the ESXi host while the caller waits: the stricter live-peer rate limit applies.
  @Post(':id/test')
  @LiveProxmox()
  @HttpCode(200)
  @Authenticated({ permission: Permission.EsxiManage })
  @ApiOperation({
    summary:
      'Test the connection: the certificate fingerprint (trusted or not), then version, API type, VM count, latency',
  })
  test(@CurrentActor() actor: Actor, @Param('id', id) sourceId: string) {
    return this.esxi.test(actor, sourceId);
  }

  @Post(':id/accept-certificate')
  @LiveProxmox()
  @HttpCode(200)
  @Authenticated({ permission: Permission.EsxiManage })
  @ApiOperation({
    summary: 'Pin the certificate fingerprint the host presents (the one the test showed)',
  })
  accept(
    @CurrentActor() actor: Actor,
    @Param('id', id) sourceId: string,
    @Body() body: AcceptEsxiFingerprintDto,
  ) {
    return this.esxi.accept(actor, sourceId, body);
  }

  @Post(':id/discover')
  @HttpCode(202)
  @Authenticated({ permission: Permission.EsxiManage })
  @ApiOperation({ summary: 'Discover VMs, datastores and networks (a tracked job)' })
  discover(@CurrentActor() actor: Actor, @Param('id', id) sourceId: string) {
    return this.esxi.startDiscovery(actor, sourceId);
  }

  @Get(':id/vms')
  @Authenticated({ permission: Permission.EsxiManage })
  @ApiOperation({ summary: 'Discovered VMs of a source (paged; search, power state)' })
  vms(
    @CurrentActor() actor: Actor,
    @Param('id', id) sourceId: string,
    @Query() q: EsxiVmListQueryDto,
  ) {
    return this.esxi.vms(actor, sourceId, q);
  }

  @Get(':id/inventory')
  @Authenticated({ permission: Permission.EsxiManage })
  @ApiOperation({ summary: 'Datastores, networks and what the last discovery changed' })
  inventory(@CurrentActor() actor: Actor, @Param('id', id) sourceId: string) {
    return this.esxi.inventory(actor, sourceId);
  }

  // Adds the esxi storage on the cluster if needed and reads import-metadata while the caller waits.
  @Post(':id/vms/:vmId/import-plan')
  @LiveProxmox()
  @HttpCode(200)
  @Authenticated({ permission: Permission.EsxiManage })
  @ApiOperation({
    summary:
      'What Proxmox’s importer would create from a discovered VM on a node (disks, NICs, warnings)',
  })
  importPlan(
    @CurrentActor() actor: Actor,
    @Param('id', id) sourceId: string,
    @Param('vmId', id) vmId: string,
    @Body() body: EsxiImportPlanDto,
  ) {
    return this.imports.plan(actor, sourceId, vmId, body);
  }

  @Post(':id/vms/:vmId/import')
  @LiveProxmox()
  @HttpCode(202)
  @Authenticated({ permission: Permission.EsxiManage })
  @ApiOperation({
    summary:
      'Import a discovered VM through Proxmox’s esxi storage (a tracked job; the new guest belongs to the source’s company)',
  })
  import(
    @CurrentActor() actor: Actor,
    @Param('id', id) sourceId: string,
    @Param('vmId', id) vmId: string,
    @Body() body: EsxiImportDto,
  ) {
    return this.imports.start(actor, sourceId, vmId, body);
  }
}
