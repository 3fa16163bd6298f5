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
  type ClusterStorageView,
  type ClusterTestResult,
  type ClusterView,
  type ProbedFingerprint,
} from '@multpanel/contracts';
import { LiveProxmox } from '../../common/http/rate-limit';
import { Authenticated, CurrentPrincipal } from '../../common/auth/auth.decorators';
import type { Principal } from '../../common/auth/scope';
import {
  BulkClusterTestDto,
  ClusterCsvImportDto,
  CreateClusterDto,
  ProbeFingerprintDto,
  TestClusterDto,
  UpdateClusterDto,
} from './clusters.dto';
import { ClustersService } from './clusters.service';

const id = new ParseUUIDPipe({ version: undefined });

@ApiTags('clusters')
@Controller('clusters')
export class ClustersController {
  constructor(private readonly clusters: ClustersService) {}

  @Get()
  @Authenticated({ permission: Permission.ClusterRead })
  @ApiOperation({ summary: 'All clusters with health and inventory counts' })
  list(): Promise<ClusterView[]> {
    return this.clusters.list();
  }

  @Post()
  @Authenticated({ permission: Permission.ClusterManage })
  @ApiOperation({ summary: 'Add a cluster (credentials are encrypted at rest)' })
  create(
    @Body() body: CreateClusterDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<ClusterView> {
    return this.clusters.create(body, actor);
  }

  @Post('probe-fingerprint')
  @LiveProxmox()
  @HttpCode(200)
  @Authenticated({ permission: Permission.ClusterManage })
  @ApiOperation({ summary: "Read an endpoint's certificate fingerprint for a person to confirm" })
  probe(@Body() body: ProbeFingerprintDto): Promise<ProbedFingerprint> {
    return this.clusters.probe(body.url);
  }

  @Post('test')
  @LiveProxmox()
  @HttpCode(200)
  @Authenticated({ permission: Permission.ClusterManage })
  @ApiOperation({ summary: 'Test endpoints and credentials before saving' })
  testUnsaved(@Body() body: TestClusterDto): Promise<ClusterTestResult> {
    return this.clusters.testUnsaved(body);
  }

  @Post('import')
  @HttpCode(200)
  @Authenticated({ permission: Permission.ClusterManage })
  @ApiOperation({ summary: 'CSV bulk import; dryRun (default) reports each row without saving' })
  importCsv(
    @Body() body: ClusterCsvImportDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<ClusterCsvImportResult> {
    return this.clusters.importCsv(body, actor);
  }

  @Get(':id')
  @Authenticated({ permission: Permission.ClusterRead })
  get(@Param('id', id) clusterId: string): Promise<ClusterView> {
    return this.clusters.get(clusterId);
  }

  @Patch(':id')
  @Authenticated({ permission: Permission.ClusterManage })
  update(
    @Param('id', id) clusterId: string,
    @Body() body: UpdateClusterDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<ClusterView> {
    return this.clusters.update(clusterId, body, actor);
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated({ permission: Permission.ClusterManage })
  async remove(
    @Param('id', id) clusterId: string,
    @CurrentPrincipal() actor: Principal,
  ): Promise<void> {
    await this.clusters.remove(clusterId, actor);
  }

  @Post(':id/test')
  @LiveProxmox()
  @HttpCode(200)
  @Authenticated({ permission: Permission.ClusterManage })
  @ApiOperation({ summary: 'Reachability, version, nodes, quorum, latency and token permissions' })
  test(@Param('id', id) clusterId: string): Promise<ClusterTestResult> {
    return this.clusters.test(clusterId);
  }

  @Post(':id/sync')
  @HttpCode(202)
  @Authenticated({ permission: Permission.ClusterManage })
  @ApiOperation({ summary: 'Queue a health check and inventory sync now' })
  sync(@Param('id', id) clusterId: string): Promise<{ queued: true }> {
    return this.clusters.requestSync(clusterId);
  }

  @Get(':id/nodes')
  @Authenticated({ permission: Permission.ClusterRead })
  @ApiOperation({ summary: 'Nodes from the last inventory sync' })
  nodes(@Param('id', id) clusterId: string): Promise<ClusterNodeView[]> {
    return this.clusters.nodes(clusterId);
  }

  @Get(':id/nodes/live')
  @LiveProxmox()
  @Authenticated({ permission: Permission.ClusterManage })
  @ApiOperation({
    summary: 'Nodes with live CPU, memory and uptime; the last known rows when Proxmox is offline',
  })
  liveNodes(@Param('id', id) clusterId: string): Promise<ClusterNodesLive> {
    return this.clusters.liveNodes(clusterId);
  }

  @Get(':id/storages')
  @Authenticated({ permission: Permission.ClusterRead })
  @ApiOperation({ summary: 'Storages per node from the last inventory sync' })
  storages(@Param('id', id) clusterId: string): Promise<ClusterStorageView[]> {
    return this.clusters.storages(clusterId);
  }

  @Get(':id/ceph')
  @LiveProxmox()
  @Authenticated({ permission: Permission.ClusterRead })
  @ApiOperation({ summary: 'Live Ceph status (404 when the cluster has no Ceph)' })
  ceph(@Param('id', id) clusterId: string) {
    return this.clusters.ceph(clusterId);
  }

  @Get(':id/health')
  @Authenticated({ permission: Permission.ClusterRead })
  @ApiOperation({ summary: 'Health samples of the last 24 hours (chart)' })
  health(@Param('id', id) clusterId: string): Promise<ClusterHealthPoint[]> {
    return this.clusters.healthHistory(clusterId);
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
