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
import { OwnedClustersService } from './owned-clusters.service';

const uuid = new ParseUUIDPipe({ version: undefined });

/**
 * A company's dedicated clusters, for its admins (cluster.own) and the staff. The staff also reach
 * them through /api/clusters; the cluster's guests are the company's like any other.
 */
@ApiTags('clusters')
@Controller('companies/:companyId/clusters')
export class OwnedClustersController {
  constructor(private readonly owned: OwnedClustersService) {}

  @Get()
  @Authenticated({ permission: Permission.ClusterOwn })
  @ApiOperation({ summary: "The company's own (dedicated) clusters with health and counts" })
  list(
    @Param('companyId', uuid) companyId: string,
    @CurrentActor() actor: Actor,
  ): Promise<ClusterView[]> {
    return this.owned.list(actor, companyId);
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
    return this.owned.create(actor, companyId, body);
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
    return this.owned.probe(actor, companyId, body.url);
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
    return this.owned.testUnsaved(actor, companyId, body);
  }

  @Get(':id')
  @Authenticated({ permission: Permission.ClusterOwn })
  get(
    @Param('companyId', uuid) companyId: string,
    @Param('id', uuid) id: string,
    @CurrentActor() actor: Actor,
  ): Promise<ClusterView> {
    return this.owned.get(actor, companyId, id);
  }

  @Patch(':id')
  @Authenticated({ permission: Permission.ClusterOwn })
  update(
    @Param('companyId', uuid) companyId: string,
    @Param('id', uuid) id: string,
    @Body() body: UpdateOwnedClusterDto,
    @CurrentActor() actor: Actor,
  ): Promise<ClusterView> {
    return this.owned.update(actor, companyId, id, body);
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
    await this.owned.remove(actor, companyId, id);
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
    return this.owned.test(actor, companyId, id);
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
    return this.owned.sync(actor, companyId, id);
  }

  @Get(':id/nodes')
  @Authenticated({ permission: Permission.ClusterOwn })
  @ApiOperation({ summary: 'Nodes from the last inventory sync' })
  nodes(
    @Param('companyId', uuid) companyId: string,
    @Param('id', uuid) id: string,
    @CurrentActor() actor: Actor,
  ): Promise<ClusterNodeView[]> {
    return this.owned.nodes(actor, companyId, id);
  }

  @Get(':id/storages')
  @Authenticated({ permission: Permission.ClusterOwn })
  @ApiOperation({ summary: 'Storages per node from the last inventory sync' })
  storages(
    @Param('companyId', uuid) companyId: string,
    @Param('id', uuid) id: string,
    @CurrentActor() actor: Actor,
  ): Promise<ClusterStorageView[]> {
    return this.owned.storages(actor, companyId, id);
  }

  @Get(':id/health')
  @Authenticated({ permission: Permission.ClusterOwn })
  @ApiOperation({ summary: 'Health samples of the last 24 hours (chart)' })
  health(
    @Param('companyId', uuid) companyId: string,
    @Param('id', uuid) id: string,
    @CurrentActor() actor: Actor,
  ): Promise<ClusterHealthPoint[]> {
    return this.owned.health(actor, companyId, id);
  }
}
