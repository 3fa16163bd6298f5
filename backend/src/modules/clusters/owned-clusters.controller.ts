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
  type ClusterHealthPoint,
  type ClusterNodeView,
  type ClusterStorageView,
  type ClusterTestResult,
  type ClusterView,
  type ProbedFingerprint,
} from '@multpanel/contracts';
import { CurrentActor, type Actor } from '../../common/auth/actor';
import { Authenticated } from '../../common/auth/auth.decorators';
import { LiveProxmox } from '../../common/http/rate-limit';
import {
  CreateOwnedClusterDto,
  ProbeFingerprintDto,
  TestClusterDto,
  UpdateOwnedClusterDto,
} from './clusters.dto';
import { ownedBy } from './cluster-scope';
import { ClusterStatusService } from './cluster-status.service';
import { ClustersService } from './clusters.service';

const uuid = new ParseUUIDPipe({ version: undefined });

/**
 * A company's dedicated clusters, for its admins (cluster.own) and the staff. The staff also reach
 * them through /api/clusters; the cluster's guests are the company's like any other. Same service
 * path as ClustersController, in the company's scope (`ownedBy`): only the routes' paths and the
 * permission the guard checks first differ.
 */
@ApiTags('clusters')
@Controller('companies/:companyId/clusters')
export class OwnedClustersController {
  constructor(
    private readonly clusters: ClustersService,
    private readonly status: ClusterStatusService,
  ) {}

  @Get()
  @Authenticated({ permission: Permission.ClusterOwn })
  @ApiOperation({ summary: "The company's own (dedicated) clusters with health and counts" })
  list(
    @Param('companyId', uuid) companyId: string,
    @CurrentActor() actor: Actor,
  ): Promise<ClusterView[]> {
    return this.clusters.list(actor, ownedBy(companyId));
  }

  @Post()
  @Authenticated({ permission: Permission.ClusterOwn })
  @ApiOperation({
    summary: 'Add a dedicated cluster of the company (company admins: when the company may)',
  })
  create(
    @Param('companyId', uuid) companyId: string,
    @Body() body: CreateOwnedClusterDto,
    @CurrentActor() actor: Actor,
  ): Promise<ClusterView> {
    return this.clusters.create(body, actor, ownedBy(companyId));
  }

  @Post('probe-fingerprint')
  @LiveProxmox()
  @HttpCode(200)
  @Authenticated({ permission: Permission.ClusterOwn })
  @ApiOperation({ summary: "Read an endpoint's certificate fingerprint for a person to confirm" })
  probe(
    @Param('companyId', uuid) companyId: string,
    @Body() body: ProbeFingerprintDto,
    @CurrentActor() actor: Actor,
  ): Promise<ProbedFingerprint> {
    return this.clusters.probe(actor, body.url, ownedBy(companyId));
  }

  @Post('test')
  @LiveProxmox()
  @HttpCode(200)
  @Authenticated({ permission: Permission.ClusterOwn })
  @ApiOperation({ summary: 'Test endpoints and credentials before saving' })
  testUnsaved(
    @Param('companyId', uuid) companyId: string,
    @Body() body: TestClusterDto,
    @CurrentActor() actor: Actor,
  ): Promise<ClusterTestResult> {
    return this.clusters.testUnsaved(actor, body, ownedBy(companyId));
  }

  @Get(':id')
  @Authenticated({ permission: Permission.ClusterOwn })
  get(
    @Param('companyId', uuid) companyId: string,
    @Param('id', uuid) id: string,
    @CurrentActor() actor: Actor,
  ): Promise<ClusterView> {
    return this.clusters.get(actor, id, ownedBy(companyId));
  }

  @Patch(':id')
  @Authenticated({ permission: Permission.ClusterOwn })
  update(
    @Param('companyId', uuid) companyId: string,
    @Param('id', uuid) id: string,
    @Body() body: UpdateOwnedClusterDto,
    @CurrentActor() actor: Actor,
  ): Promise<ClusterView> {
    return this.clusters.update(actor, id, body, ownedBy(companyId));
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated({ permission: Permission.ClusterOwn })
  @ApiOperation({ summary: 'Remove the cluster from the platform (its guests must be released)' })
  async remove(
    @Param('companyId', uuid) companyId: string,
    @Param('id', uuid) id: string,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.clusters.remove(actor, id, ownedBy(companyId));
  }

  @Post(':id/test')
  @LiveProxmox()
  @HttpCode(200)
  @Authenticated({ permission: Permission.ClusterOwn })
  @ApiOperation({ summary: 'Reachability, version, nodes, quorum, latency and token permissions' })
  test(
    @Param('companyId', uuid) companyId: string,
    @Param('id', uuid) id: string,
    @CurrentActor() actor: Actor,
  ): Promise<ClusterTestResult> {
    return this.clusters.test(actor, id, ownedBy(companyId));
  }

  @Post(':id/sync')
  @HttpCode(202)
  @Authenticated({ permission: Permission.ClusterOwn })
  @ApiOperation({ summary: 'Queue a health check and inventory sync now' })
  sync(
    @Param('companyId', uuid) companyId: string,
    @Param('id', uuid) id: string,
    @CurrentActor() actor: Actor,
  ): Promise<{ queued: true }> {
    return this.clusters.requestSync(actor, id, ownedBy(companyId));
  }

  @Get(':id/nodes')
  @Authenticated({ permission: Permission.ClusterOwn })
  @ApiOperation({ summary: 'Nodes from the last inventory sync' })
  nodes(
    @Param('companyId', uuid) companyId: string,
    @Param('id', uuid) id: string,
    @CurrentActor() actor: Actor,
  ): Promise<ClusterNodeView[]> {
    return this.status.nodes(actor, id, ownedBy(companyId));
  }

  @Get(':id/storages')
  @Authenticated({ permission: Permission.ClusterOwn })
  @ApiOperation({ summary: 'Storages per node from the last inventory sync' })
  storages(
    @Param('companyId', uuid) companyId: string,
    @Param('id', uuid) id: string,
    @CurrentActor() actor: Actor,
  ): Promise<ClusterStorageView[]> {
    return this.status.storages(actor, id, ownedBy(companyId));
  }

  @Get(':id/health')
  @Authenticated({ permission: Permission.ClusterOwn })
  @ApiOperation({ summary: 'Health samples of the last 24 hours (chart)' })
  health(
    @Param('companyId', uuid) companyId: string,
    @Param('id', uuid) id: string,
    @CurrentActor() actor: Actor,
  ): Promise<ClusterHealthPoint[]> {
    return this.status.healthHistory(actor, id, ownedBy(companyId));
  }
}
