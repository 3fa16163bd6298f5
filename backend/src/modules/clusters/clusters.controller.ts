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
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  Permission,
  type ClusterCsvImportResult,
  type ClusterHealthPoint,
  type ClusterNodesLive,
  type ClusterNodeView,
  type ClusterRequestRatePoint,
  type ClusterStorageView,
  type ClusterTestResult,
  type ClusterView,
  type ProbedFingerprint,
} from '@multpanel/contracts';
import { CurrentActor, type Actor } from '../../common/auth/actor';
import { Authenticated } from '../../common/auth/auth.decorators';
import { LiveProxmox } from '../../common/http/rate-limit';
import {
  BulkClusterTestDto,
  ClusterCsvImportDto,
  CreateClusterDto,
  ProbeFingerprintDto,
  TestClusterDto,
  UpdateClusterDto,
} from './clusters.dto';
import { ClusterStatusService } from './cluster-status.service';
import { ClustersService } from './clusters.service';

const id = new ParseUUIDPipe({ version: undefined });

@ApiTags('clusters')
@Controller('clusters')
export class ClustersController {
  constructor(
    private readonly clusters: ClustersService,
    private readonly status: ClusterStatusService,
  ) {}

  @Get()
  @Authenticated({ permission: Permission.ClusterRead })
  @ApiOperation({
    summary: 'Clusters you see (staff: all) with health, request rate and inventory counts',
  })
  list(@CurrentActor() actor: Actor): Promise<ClusterView[]> {
    return this.clusters.list(actor);
  }

  @Post()
  @Authenticated({ permission: Permission.ClusterManage })
  @ApiOperation({ summary: 'Add a cluster (credentials are encrypted at rest)' })
  create(@Body() body: CreateClusterDto, @CurrentActor() actor: Actor): Promise<ClusterView> {
    return this.clusters.create(body, actor);
  }

  @Post('probe-fingerprint')
  @LiveProxmox()
  @HttpCode(200)
  @Authenticated({ permission: Permission.ClusterManage })
  @ApiOperation({ summary: "Read an endpoint's certificate fingerprint for a person to confirm" })
  probe(
    @Body() body: ProbeFingerprintDto,
    @CurrentActor() actor: Actor,
  ): Promise<ProbedFingerprint> {
    return this.clusters.probe(actor, body.url);
  }

  @Post('test')
  @LiveProxmox()
  @HttpCode(200)
  @Authenticated({ permission: Permission.ClusterManage })
  @ApiOperation({ summary: 'Test endpoints and credentials before saving' })
  testUnsaved(
    @Body() body: TestClusterDto,
    @CurrentActor() actor: Actor,
  ): Promise<ClusterTestResult> {
    return this.clusters.testUnsaved(actor, body);
  }

  @Post('import')
  @HttpCode(200)
  @Authenticated({ permission: Permission.ClusterManage })
  @ApiOperation({ summary: 'CSV bulk import; dryRun (default) reports each row without saving' })
  importCsv(
    @Body() body: ClusterCsvImportDto,
    @CurrentActor() actor: Actor,
  ): Promise<ClusterCsvImportResult> {
    return this.clusters.importCsv(body, actor);
  }

  @Get(':id')
  @Authenticated({ permission: Permission.ClusterRead })
  get(@Param('id', id) clusterId: string, @CurrentActor() actor: Actor): Promise<ClusterView> {
    return this.clusters.get(actor, clusterId);
  }

  @Patch(':id')
  @Authenticated({ permission: Permission.ClusterManage })
  update(
    @Param('id', id) clusterId: string,
    @Body() body: UpdateClusterDto,
    @CurrentActor() actor: Actor,
  ): Promise<ClusterView> {
    return this.clusters.update(actor, clusterId, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated({ permission: Permission.ClusterManage })
  async remove(@Param('id', id) clusterId: string, @CurrentActor() actor: Actor): Promise<void> {
    await this.clusters.remove(actor, clusterId);
  }

  @Post(':id/test')
  @LiveProxmox()
  @HttpCode(200)
  @Authenticated({ permission: Permission.ClusterManage })
  @ApiOperation({ summary: 'Reachability, version, nodes, quorum, latency and token permissions' })
  test(
    @Param('id', id) clusterId: string,
    @CurrentActor() actor: Actor,
  ): Promise<ClusterTestResult> {
    return this.clusters.test(actor, clusterId);
  }

  @Post(':id/sync')
  @HttpCode(202)
  @Authenticated({ permission: Permission.ClusterManage })
  @ApiOperation({ summary: 'Queue a health check and inventory sync now' })
  sync(
    @Param('id', id) clusterId: string,
    @CurrentActor() actor: Actor,
  ): Promise<{ queued: true }> {
    return this.clusters.requestSync(actor, clusterId);
  }

  @Get(':id/nodes')
  @Authenticated({ permission: Permission.ClusterRead })
  @ApiOperation({ summary: 'Nodes from the last inventory sync' })
  nodes(
    @Param('id', id) clusterId: string,
    @CurrentActor() actor: Actor,
  ): Promise<ClusterNodeView[]> {
    return this.status.nodes(actor, clusterId);
  }

  @Get(':id/nodes/live')
  @LiveProxmox()
  @Authenticated({ permission: Permission.ClusterManage })
  @ApiOperation({
    summary: 'Nodes with live CPU, memory and uptime; the last known rows when Proxmox is offline',
  })
  liveNodes(
    @Param('id', id) clusterId: string,
    @CurrentActor() actor: Actor,
  ): Promise<ClusterNodesLive> {
    return this.status.liveNodes(actor, clusterId);
  }

  @Get(':id/storages')
  @Authenticated({ permission: Permission.ClusterRead })
  @ApiOperation({ summary: 'Storages per node from the last inventory sync' })
  storages(
    @Param('id', id) clusterId: string,
    @CurrentActor() actor: Actor,
  ): Promise<ClusterStorageView[]> {
    return this.status.storages(actor, clusterId);
  }

  @Get(':id/ceph')
  @LiveProxmox()
  @Authenticated({ permission: Permission.ClusterRead })
  @ApiOperation({ summary: 'Live Ceph status (404 when the cluster has no Ceph)' })
  ceph(@Param('id', id) clusterId: string, @CurrentActor() actor: Actor) {
    return this.status.ceph(actor, clusterId);
  }

  @Get(':id/health')
  @Authenticated({ permission: Permission.ClusterRead })
  @ApiOperation({ summary: 'Health samples of the last 24 hours (chart)' })
  health(
    @Param('id', id) clusterId: string,
    @CurrentActor() actor: Actor,
  ): Promise<ClusterHealthPoint[]> {
    return this.status.healthHistory(actor, clusterId);
  }

  @Get(':id/request-rate')
  @Authenticated({ permission: Permission.ClusterRead })
  @ApiOperation({
    summary: 'Proxmox requests the platform sent per minute over the last hour (all processes)',
  })
  requestRate(
    @Param('id', id) clusterId: string,
    @CurrentActor() actor: Actor,
  ): Promise<ClusterRequestRatePoint[]> {
    return this.status.requestRate(actor, clusterId);
  }
}

@ApiTags('clusters')
@Controller('bulk-clusters')
export class BulkClustersController {
  constructor(private readonly clusters: ClustersService) {}

  @Post('test-connection')
  @LiveProxmox()
  @HttpCode(200)
  @Authenticated({ permission: Permission.ClusterManage })
  @ApiOperation({ summary: 'Test many clusters at once (10 in parallel); one result per cluster' })
  test(@Body() body: BulkClusterTestDto) {
    return this.clusters.bulkTest(body.clusterIds);
  }
}
