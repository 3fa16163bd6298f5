import { Injectable, Logger } from '@nestjs/common';
import { EventsPublisher } from '../../common/events/events.publisher';
import { AppError } from '../../common/errors/app-error';
import type { ClusterResource } from '../../common/proxmox';
import {
  ClusterConnectionService,
  type ClusterConnection,
} from '../clusters/cluster-connection.service';
import { ClustersService } from '../clusters/clusters.service';
import { GuestsService } from '../guests/guests.service';
import { diffGuests, guestSnapshot, type GuestSnapshot } from './inventory-diff';
import {
  InventoryRepository,
  type NodeSnapshot,
  type StorageSnapshot,
} from './inventory.repository';

export interface SyncResult {
  clusterId: string;
  ok: boolean;
  error: string | null;
  guests: { created: number; updated: number; gone: number; unchanged: number };
  nodeWrites: number;
  storageWrites: number;
  /** Time spent reading from Proxmox; the rest of durationMs is diffing and writing. */
  fetchMs: number;
  durationMs: number;
}

/**
 * Reads `/cluster/resources` once (nodes, storages and guests in one answer) and applies only the
 * differences. Nothing is written when the read fails, so an unreachable cluster keeps its last
 * known inventory and nothing is marked gone by mistake.
 */
@Injectable()
export class InventorySyncService {
  private readonly logger = new Logger('InventorySync');

  constructor(
    private readonly clusters: ClustersService,
    private readonly connections: ClusterConnectionService,
    private readonly guests: GuestsService,
    private readonly repo: InventoryRepository,
    private readonly events: EventsPublisher,
  ) {}

  async sync(clusterId: string): Promise<SyncResult | null> {
    let conn: ClusterConnection;
    try {
      conn = await this.connections.open(clusterId, 'background');
    } catch (err) {
      if (err instanceof AppError && err.code === 'NOT_FOUND') return null;
      throw err;
    }
    const t0 = performance.now();
    const at = new Date();
    const result: SyncResult = {
      clusterId,
      ok: false,
      error: null,
      guests: { created: 0, updated: 0, gone: 0, unchanged: 0 },
      nodeWrites: 0,
      storageWrites: 0,
      fetchMs: 0,
      durationMs: 0,
    };
    let resources: ClusterResource[];
    try {
      resources = await conn.api.clusterResources(undefined, { timeoutMs: 60_000 });
      result.fetchMs = Math.round(performance.now() - t0);
    } catch (err) {
      result.error = (err as Error).message;
      result.durationMs = Math.round(performance.now() - t0);
      await this.clusters.recordSync(clusterId, { at, error: result.error });
      return result;
    }

    const guests: GuestSnapshot[] = [];
    const nodes: NodeSnapshot[] = [];
    const storages: StorageSnapshot[] = [];
    for (const r of resources) {
      const g = guestSnapshot(r);
      if (g) guests.push(g);
      else if (r.type === 'node' && r.node) {
        nodes.push({
          name: r.node,
          status: r.status ?? 'unknown',
          maxcpu: r.maxcpu ?? null,
          maxmem: r.maxmem ?? null,
          maxdisk: r.maxdisk ?? null,
          level: r.level ?? null,
        });
      } else if (r.type === 'storage' && r.node && r.storage) {
        storages.push({
          node: r.node,
          storage: r.storage,
          type: r.plugintype ?? null,
          content: r.content ?? null,
          shared: r.shared ?? false,
          status: r.status ?? null,
          disk: r.disk ?? null,
          maxdisk: r.maxdisk ?? null,
        });
      }
    }

    // Two syncs of one cluster at once (a worker's schedule and a manual one) can both insert a new
    // guest: the loser diffs again against what the winner wrote, once.
    let diff = diffGuests(guests, await this.guests.activeForSync(clusterId));
    try {
      await this.guests.applySyncDiff(clusterId, diff, at);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      diff = diffGuests(guests, await this.guests.activeForSync(clusterId));
      await this.guests.applySyncDiff(clusterId, diff, at);
    }
    const owner = diff.create.length ? await this.clusters.ownerOf(clusterId) : null;
    if (owner) await this.assignToOwner(clusterId, owner, at);
    result.nodeWrites = await this.repo.applyNodes(clusterId, nodes, at);
    result.storageWrites = await this.repo.applyStorages(clusterId, storages, at);
    result.guests = {
      created: diff.create.length,
      updated: diff.update.length,
      gone: diff.gone.length,
      unchanged: diff.unchanged,
    };
    result.ok = true;
    result.durationMs = Math.round(performance.now() - t0);
    await this.clusters.recordSync(clusterId, { at, error: null });
    if (diff.create.length || diff.update.length || diff.gone.length) {
      await this.events
        .publish({
          type: 'inventory.changed',
          companyId: null,
          payload: { clusterId, ...result.guests },
        })
        .catch((err: Error) =>
          this.logger.warn(`could not publish inventory event: ${err.message}`),
        );
    }
    return result;
  }

  /** Guests found on a company's dedicated cluster are that company's (no import step). */
  private async assignToOwner(clusterId: string, companyId: string, at: Date): Promise<void> {
    const guestIds = await this.guests.assignFreeOnCluster(clusterId, companyId, at);
    if (guestIds.length === 0) return;
    await this.events
      .publish({ type: 'guests.imported', companyId, payload: { companyId, guestIds } })
      .catch((err: Error) => this.logger.warn(`could not publish import event: ${err.message}`));
  }
}

/** MariaDB's duplicate-key error (1062), as Prisma reports it for a raw statement. */
function isDuplicateKey(err: unknown): boolean {
  const e = err as { meta?: { code?: unknown }; message?: unknown };
  return (
    e?.meta?.code === '1062' ||
    (typeof e?.message === 'string' && e.message.includes('Code: `1062`'))
  );
}
