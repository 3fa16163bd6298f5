import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission } from '@multpanel/contracts';
import { CurrentActor, type Actor } from '../../common/auth/actor';
import { Authenticated } from '../../common/auth/auth.decorators';
import { MetricsQueryDto, NodeRrdQueryDto } from './monitoring.dto';
import { MonitoringService } from './monitoring.service';

@ApiTags('monitoring')
@Controller('monitoring')
export class MonitoringController {
  constructor(private readonly monitoring: MonitoringService) {}

  @Get('fleet')
  @Authenticated({ permission: Permission.MonitoringFleet })
  @ApiOperation({ summary: 'Latest sample of every cluster and node' })
  fleet(@CurrentActor() actor: Actor) {
    return this.monitoring.fleet(actor);
  }

  @Get('clusters/:clusterId/metrics')
  @Authenticated({ permission: Permission.MonitoringFleet })
  @ApiOperation({ summary: 'A cluster’s stored aggregates (CPU, memory, disk, network, disk I/O)' })
  cluster(
    @CurrentActor() actor: Actor,
    @Param('clusterId') clusterId: string,
    @Query() q: MetricsQueryDto,
  ) {
    return this.monitoring.clusterMetrics(actor, clusterId, q.timeframe);
  }

  @Get('clusters/:clusterId/nodes/:node/metrics')
  @Authenticated({ permission: Permission.MonitoringFleet })
  @ApiOperation({ summary: 'A node’s stored aggregates' })
  node(
    @CurrentActor() actor: Actor,
    @Param('clusterId') clusterId: string,
    @Param('node') node: string,
    @Query() q: MetricsQueryDto,
  ) {
    return this.monitoring.nodeMetrics(actor, clusterId, node, q.timeframe);
  }

  @Get('clusters/:clusterId/nodes/:node/rrd')
  @Authenticated({ permission: Permission.MonitoringFleet })
  @ApiOperation({ summary: 'A node’s history as Proxmox keeps it (rrddata)' })
  nodeRrd(
    @CurrentActor() actor: Actor,
    @Param('clusterId') clusterId: string,
    @Param('node') node: string,
    @Query() q: NodeRrdQueryDto,
  ) {
    return this.monitoring.nodeRrd(actor, clusterId, node, q);
  }

  @Get('companies/:companyId/metrics')
  @Authenticated({ permission: Permission.MonitoringRead })
  @ApiOperation({ summary: 'A company’s usage over all its clusters' })
  company(
    @CurrentActor() actor: Actor,
    @Param('companyId') companyId: string,
    @Query() q: MetricsQueryDto,
  ) {
    return this.monitoring.companyMetrics(actor, companyId, q.timeframe);
  }
}
