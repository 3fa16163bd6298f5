import { Injectable } from '@nestjs/common';
import type {
  ClusterHealthPoint,
  ClusterNodesLive,
  ClusterNodeView,
  ClusterRequestRatePoint,
  ClusterStorageView,
} from '@multpanel/contracts';
import { AccessService, type ClusterNeed } from '../../common/access/access.service';
import type { Actor } from '../../common/auth/actor';
import { AppError, notFound } from '../../common/errors/app-error';
import { ProxmoxError } from '../../common/proxmox';
import { ClusterConnectionService } from './cluster-connection.service';
import { lastKnownNode, mergeLiveNodes } from './cluster-nodes';
import { ClustersRepository, type ClusterRow } from './clusters.repository';
import { PLATFORM_SCOPE, requireClusterInScope, type ClusterScope } from './cluster-scope';

/** A page load must not wait for a struggling cluster: its last known nodes come back instead. */
const LIVE_NODES_TIMEOUT_MS = 5_000;

/**
 * How a cluster is doing: health history, the platform's request rate, nodes (stored and live),
 * storages and Ceph. ClustersService keeps the cluster records themselves.
 */
@Injectable()
export class ClusterStatusService {
  constructor(
    private readonly repo: ClustersRepository,
    private readonly connections: ClusterConnectionService,
    private readonly access: AccessService,
  ) {}

  /** Requests the platform sent the cluster per minute over the last hour. */
  async requestRate(actor: Actor, id: string): Promise<ClusterRequestRatePoint[]> {
    await this.mustFind(actor, id, 'read');
    return this.connections.rates.series(id, 60);
  }

  async healthHistory(
    actor: Actor,
    id: string,
    scope: ClusterScope = PLATFORM_SCOPE,
    hours = 24,
  ): Promise<ClusterHealthPoint[]> {
    await this.mustFind(actor, id, 'read', scope);
    const samples = await this.repo.healthSamplesSince(id, new Date(Date.now() - hours * 3600_000));
    return samples.map((s) => ({
      at: s.at.toISOString(),
      ok: s.ok,
      latencyMs: s.latencyMs,
      error: s.error,
    }));
  }

  /** Nodes from the last sync; a node gone from Proxmox keeps its row with `goneAt`. */
  async nodes(
    actor: Actor,
    id: string,
    scope: ClusterScope = PLATFORM_SCOPE,
  ): Promise<ClusterNodeView[]> {
    await this.mustFind(actor, id, 'read', scope);
    return this.storedNodes(id);
  }

  /**
   * Nodes with their current load, read from Proxmox now and merged with the stored rows (nothing
   * is written). A cluster known to be offline is not asked; one that fails to answer within
   * LIVE_NODES_TIMEOUT_MS gives the stored rows as last known, with the reason.
   */
  async liveNodes(actor: Actor, id: string): Promise<ClusterNodesLive> {
    const row = await this.mustFind(actor, id, 'manage');
    const stored = await this.storedNodes(id);
    const lastKnown = (error: string): ClusterNodesLive => ({
      live: false,
      error,
      readAt: null,
      nodes: stored.map(lastKnownNode),
    });
    if (row.status === 'offline') return lastKnown(row.lastError ?? `${row.name} is offline`);
    try {
      const resources = await this.connections
        .forRow(row, 'interactive')
        .clusterResources('node', { timeoutMs: LIVE_NODES_TIMEOUT_MS, retries: 0 });
      const readAt = new Date();
      return {
        live: true,
        error: null,
        readAt: readAt.toISOString(),
        nodes: mergeLiveNodes(stored, resources, readAt),
      };
    } catch (err) {
      if (err instanceof ProxmoxError) return lastKnown(err.message);
      throw err;
    }
  }

  private async storedNodes(id: string): Promise<ClusterNodeView[]> {
    return (await this.repo.nodes(id)).map((n) => ({
      name: n.name,
      status: n.status,
      maxcpu: n.maxcpu,
      maxmemBytes: n.maxmem === null ? null : Number(n.maxmem),
      maxdiskBytes: n.maxdisk === null ? null : Number(n.maxdisk),
      goneAt: n.goneAt?.toISOString() ?? null,
      updatedAt: n.updatedAt.toISOString(),
    }));
  }

  async storages(
    actor: Actor,
    id: string,
    scope: ClusterScope = PLATFORM_SCOPE,
  ): Promise<ClusterStorageView[]> {
    await this.mustFind(actor, id, 'read', scope);
    return (await this.repo.storages(id)).map((s) => ({
      node: s.node,
      storage: s.storage,
      type: s.type,
      content: s.content ? s.content.split(',') : [],
      shared: s.shared,
      status: s.status,
      usedBytes: s.disk === null ? null : Number(s.disk),
      totalBytes: s.maxdisk === null ? null : Number(s.maxdisk),
      goneAt: s.goneAt?.toISOString() ?? null,
    }));
  }

  /**
   * Live Ceph status (not stored). Proxmox answers a cluster without Ceph with "not found" or a
   * plain 500 about the missing setup: that is a 404 here; an outage is mapped globally (503/504).
   */
  async ceph(
    actor: Actor,
    id: string,
  ): Promise<{ health: string | null; raw: Record<string, unknown> }> {
    const row = await this.mustFind(actor, id, 'read');
    try {
      const raw = await this.connections.forRow(row, 'interactive').cephStatus();
      const health = (raw?.health as { status?: unknown } | undefined)?.status;
      return { health: typeof health === 'string' ? health : null, raw: raw ?? {} };
    } catch (err) {
      const noCeph =
        err instanceof ProxmoxError &&
        (err.code === 'PVE_NOT_FOUND' || (err.code === 'PVE_SERVER' && err.details.status === 500));
      if (noCeph) throw new AppError('NOT_FOUND', `Ceph is not set up on ${row.name}`);
      throw err;
    }
  }

  /** The access layer decides (in `scope`); the full row is then read by id. */
  private async mustFind(
    actor: Actor,
    id: string,
    need: ClusterNeed,
    scope: ClusterScope = PLATFORM_SCOPE,
  ): Promise<ClusterRow> {
    await requireClusterInScope(this.access, actor, id, need, scope);
    const row = await this.repo.findById(id);
    if (!row) throw notFound('Cluster');
    return row;
  }
}
