import { Injectable } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error';
import type { StorageEntry } from '../../common/proxmox';
import { ClusterConnectionService } from '../clusters/cluster-connection.service';

const hasBackup = (content: string | undefined) => (content ?? '').split(',').includes('backup');

/** Where backups may go: Proxmox storages with content `backup` (dir, NFS, CIFS, PBS …), read live. */
@Injectable()
export class BackupStoragesService {
  constructor(private readonly connections: ClusterConnectionService) {}

  /**
   * 400 unless `storage` holds backups on at least one of the clusters. Only reachable clusters are
   * asked: one cluster that does not answer must not block a schedule for the others.
   */
  async requireBackupStorage(clusterIds: string[], storage: string): Promise<void> {
    let unreachable = 0;
    for (const id of clusterIds) {
      try {
        const { api, status } = await this.connections.open(id, 'interactive');
        if (status === 'offline') {
          unreachable++;
          continue;
        }
        const found = (await api.clusterResources('storage')).some(
          (r) => r.storage === storage && hasBackup(r.content),
        );
        if (found) return;
      } catch {
        unreachable++;
      }
    }
    const note = unreachable ? ` (${unreachable} of them did not answer)` : '';
    throw new AppError(
      'VALIDATION_FAILED',
      `storage: no storage "${storage}" with backup content on this company's clusters${note}`,
      [{ path: 'storage', message: `unknown backup storage "${storage}"`, code: 'custom' }],
    );
  }

  /** Enabled backup storages a node sees. */
  async onNode(clusterId: string, node: string): Promise<StorageEntry[]> {
    const { api } = await this.connections.open(clusterId, 'interactive', {
      whenOffline: 'refuse',
    });
    return (await api.storages(node, { content: 'backup', enabled: true })).filter((s) =>
      s.content.includes('backup'),
    );
  }
}
