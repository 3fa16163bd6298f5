import { Injectable } from '@nestjs/common';
import {
  TIMEFRAME_WINDOW,
  type FleetOverview,
  type MetricSeriesDto,
  type MetricTimeframe,
  type NodeRrdPoint,
  type NodeRrdQuery,
} from '@multpanel/contracts';
import { AccessService } from '../../common/access/access.service';
import type { Actor } from '../../common/auth/actor';
import { notFound } from '../../common/errors/app-error';
import { ClusterConnectionService } from '../clusters/cluster-connection.service';
import { ClustersService } from '../clusters/clusters.service';
import { toNodeRrdPoint, toPointDto } from './monitoring.mapper';
import { MonitoringRepository, type SeriesRef } from './monitoring.repository';

/** A latest point older than this is not shown as current (the cluster stopped answering). */
const FRESH_MS = 5 * 60_000;

/** Reads of the stored aggregates and of Proxmox's node RRD, behind the access layer. */
@Injectable()
export class MonitoringService {
  constructor(
    private readonly repo: MonitoringRepository,
    private readonly access: AccessService,
    private readonly clusters: ClustersService,
    private readonly connections: ClusterConnectionService,
  ) {}

  async clusterMetrics(
    actor: Actor,
    clusterId: string,
    timeframe: MetricTimeframe,
  ): Promise<MetricSeriesDto> {
    const cluster = await this.access.requireCluster(actor, clusterId, 'read');
    const series = await this.repo.findSeries({ kind: 'cluster', clusterId: cluster.id });
    return this.read(series, { kind: 'cluster', clusterId: cluster.id }, timeframe);
  }

  async nodeMetrics(
    actor: Actor,
    clusterId: string,
    node: string,
    timeframe: MetricTimeframe,
  ): Promise<MetricSeriesDto> {
    const series = await this.nodeSeries(actor, clusterId, node);
    return this.read(series, { kind: 'node', clusterId, node }, timeframe);
  }

  /** Proxmox's own history of a node (`/nodes/{node}/rrddata`), read for a person. */
  async nodeRrd(
    actor: Actor,
    clusterId: string,
    node: string,
    q: NodeRrdQuery,
  ): Promise<NodeRrdPoint[]> {
    await this.nodeSeries(actor, clusterId, node);
    const { api } = await this.connections.open(clusterId, 'interactive', {
      whenOffline: 'refuse',
    });
    const rows = await api.nodeRrdData(node, q.timeframe, q.cf);
    return rows.map(toNodeRrdPoint);
  }

  async companyMetrics(
    actor: Actor,
    companyId: string,
    timeframe: MetricTimeframe,
  ): Promise<MetricSeriesDto> {
    const company = await this.access.requireCompany(actor, companyId);
    const series = await this.repo.findSeries({ kind: 'company', companyId: company.id });
    return this.read(series, { kind: 'company', companyId: company.id }, timeframe);
  }

  /** Every visible cluster's and node's latest sample. */
  async fleet(actor: Actor, now = Date.now()): Promise<FleetOverview> {
    const visible = await this.access.visibleClusterIds(actor);
    const clusters = (await this.clusters.statuses()).filter(
      (c) => visible === null || visible.includes(c.id),
    );
    const series = await this.repo.seriesOfClusters(clusters.map((c) => c.id));
    const latest = await this.repo.latest(
      series.map((s) => s.id),
      new Date(now - FRESH_MS),
    );
    return {
      clusters: clusters.map((c) => {
        const own = series.filter((s) => s.clusterId === c.id);
        const top = own.find((s) => s.kind === 'cluster');
        const point = top ? latest.get(top.id) : undefined;
        return {
          clusterId: c.id,
          name: c.name,
          status: c.status,
          collectedAt: point ? point.at.toISOString() : null,
          latest: point ? toPointDto(point) : null,
          nodes: own
            .filter((s) => s.kind === 'node')
            .map((s) => {
              const p = latest.get(s.id);
              return { node: s.node ?? '', latest: p ? toPointDto(p) : null };
            })
            .sort((a, b) => a.node.localeCompare(b.node)),
        };
      }),
    };
  }

  private async nodeSeries(actor: Actor, clusterId: string, node: string): Promise<SeriesRef[]> {
    const cluster = await this.access.requireCluster(actor, clusterId, 'read');
    const series = await this.repo.findSeries({ kind: 'node', clusterId: cluster.id, node });
    if (series.length === 0) throw notFound('Node');
    return series;
  }

  private async read(
    series: SeriesRef[],
    who: { kind: MetricSeriesDto['kind']; clusterId?: string; node?: string; companyId?: string },
    timeframe: MetricTimeframe,
  ): Promise<MetricSeriesDto> {
    const { step, spanMs } = TIMEFRAME_WINDOW[timeframe];
    const points = await this.repo.points(
      series.map((s) => s.id),
      step,
      new Date(Date.now() - spanMs),
    );
    return {
      kind: who.kind,
      clusterId: who.clusterId ?? null,
      node: who.node ?? null,
      companyId: who.companyId ?? null,
      timeframe,
      step,
      points: points.map(toPointDto),
    };
  }
}
