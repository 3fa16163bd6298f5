import { Injectable } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error';
import type { StorageEntry } from '../../common/proxmox';
import { ClusterConnectionService } from '../clusters/cluster-connection.service';

const hasBackup = (content: string | undefined) => (content ?? '').split(',').includes('backup');
// storage types every node of a cluster reaches (Proxmox treats them as shared)
const NETWORK_TYPES = new Set(['pbs', 'nfs', 'cifs', 'cephfs', 'glusterfs']);
/** Whether every node reads the storage's backups (not one node's own disk). */
const everyNodeReads = (shared: unknown, type: string | undefined) =>
  Boolean(shared) || NETWORK_TYPES.has(type ?? '');

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

  /**
   * 400 unless the node has `storage` enabled for the guest's disks (`images` for a VM, `rootdir`
   * for a container): a restore onto a missing one would only fail later, as a job.
   */
  async requireDiskStorage(
    clusterId: string,
    node: string,
    kind: 'qemu' | 'lxc',
    storage: string,
  ): Promise<void> {
    const content = kind === 'qemu' ? 'images' : 'rootdir';
    const { api } = await this.connections.open(clusterId, 'interactive', {
      whenOffline: 'refuse',
    });
    const found = (await api.storages(node, { content, enabled: true })).some(
      (s) => s.storage === storage && s.content.includes(content),
    );
    if (!found)
      throw new AppError(
        'VALIDATION_FAILED',
        `storage: node ${node} has no enabled storage "${storage}" for ${kind === 'qemu' ? 'VM disks' : 'container volumes'}`,
        [{ path: 'storage', message: `unknown ${content} storage "${storage}"`, code: 'custom' }],
      );
  }

  /**
   * 400 unless a restore test node reads every archive of the schedule: on one of the clusters the
   * node exists and sees `storage` as shared (a node's own disk holds only what it backed up).
   */
  async requireRestoreTestNode(clusterIds: string[], storage: string, node: string): Promise<void> {
    let seen = false;
    for (const id of clusterIds) {
      try {
        const { api, status } = await this.connections.open(id, 'interactive');
        if (status === 'offline') continue;
        const s = (await api.clusterResources('storage')).find(
          (r) => r.node === node && r.storage === storage && hasBackup(r.content),
        );
        if (s && everyNodeReads(s.shared, s.plugintype)) return;
        seen ||= Boolean(s);
      } catch {
        // a cluster that does not answer confirms nothing
      }
    }
    const why = seen
      ? `storage "${storage}" is ${node}'s own disk there: it holds no other node's backups (leave the node empty to test each guest on its own node)`
      : `no node "${node}" with backup storage "${storage}" on this company's clusters`;
    throw new AppError('VALIDATION_FAILED', `restoreTest.node: ${why}`, [
      { path: 'restoreTest.node', message: why, code: 'custom' },
    ]);
  }

  /** Whether the node's backup storage `storage` is one every node reads (not a node's own disk). */
  async sharedOnNode(clusterId: string, node: string, storage: string): Promise<boolean> {
    const s = (await this.onNode(clusterId, node)).find((x) => x.storage === storage);
    return Boolean(s && everyNodeReads(s.shared, s.type));
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
