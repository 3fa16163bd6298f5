import { Injectable, Logger } from '@nestjs/common';
import { ClusterConnectionService } from '../clusters/cluster-connection.service';
import { ClustersService } from '../clusters/clusters.service';
import { GuestsService } from '../guests/guests.service';

const hasBackup = (content: string | undefined) => (content ?? '').split(',').includes('backup');

/** Backup bytes per company, and how many clusters could be read (0 of n = not known). */
export interface BackupHoldings {
  bytes: Map<string, number>;
  clustersRead: number;
  clusters: number;
}

/**
 * What each company's backups occupy now, as the backup storages list them (hourly usage
 * snapshot): per cluster one `/cluster/resources?type=storage` read and one content listing per
 * backup storage (a shared one listed once). An archive counts for the company owning its VMID's
 * live guest; archives of guests gone from the inventory are not attributed.
 */
@Injectable()
export class BackupHoldingsService {
  private readonly logger = new Logger('BackupHoldings');

  constructor(
    private readonly clusters: ClustersService,
    private readonly connections: ClusterConnectionService,
    private readonly guests: GuestsService,
  ) {}

  async byCompany(): Promise<BackupHoldings> {
    const bytes = new Map<string, number>();
    const all = await this.clusters.statuses();
    let clustersRead = 0;
    for (const c of all) {
      try {
        if (await this.readCluster(c.id, bytes)) clustersRead++;
      } catch (err) {
        this.logger.warn(`backup storages of ${c.name} not read: ${(err as Error).message}`);
      }
    }
    return { bytes, clustersRead, clusters: all.length };
  }

  private async readCluster(clusterId: string, bytes: Map<string, number>): Promise<boolean> {
    const { api, status } = await this.connections.open(clusterId, 'background');
    if (status === 'offline') return false;
    const owners = new Map(
      (await this.guests.activeOwners(clusterId))
        .filter((o) => o.companyId)
        .map((o) => [o.vmid, o.companyId!]),
    );
    const seenShared = new Set<string>();
    for (const s of await api.clusterResources('storage', { timeoutMs: 15_000 })) {
      if (!s.node || !s.storage || !hasBackup(s.content) || s.status !== 'available') continue;
      if (s.shared) {
        if (seenShared.has(s.storage)) continue;
        seenShared.add(s.storage);
      }
      for (const v of await api.storageContent(s.node, s.storage, { content: 'backup' })) {
        const companyId = v.vmid !== undefined ? owners.get(v.vmid) : undefined;
        if (companyId) bytes.set(companyId, (bytes.get(companyId) ?? 0) + (v.size || 0));
      }
    }
    return true;
  }
}
