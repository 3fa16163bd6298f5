import { Injectable } from '@nestjs/common';
import { SYSTEM_PAYLOAD } from '@multpanel/contracts';
import { QueueService } from '../../common/queue/queue.service';
import { ClustersRepository } from './clusters.repository';

/** Enqueues health checks and inventory syncs with job ids that make duplicates impossible. */
@Injectable()
export class ClusterJobsService {
  constructor(
    private readonly queues: QueueService,
    private readonly repo: ClustersRepository,
  ) {}

  /** Right after a cluster is added or on request: check and sync now. */
  async kick(clusterId: string): Promise<void> {
    const stamp = Date.now();
    await this.healthCheck(clusterId, `now-${stamp}`);
    await this.sync(clusterId, `now-${stamp}`);
  }

  /** `slot` makes the job id deterministic: two schedulers in the same slot enqueue once. */
  healthCheck(clusterId: string, slot: string) {
    return this.queues.enqueue(
      'cluster.health-check',
      { ...SYSTEM_PAYLOAD, clusterId },
      { jobId: `health-${clusterId}-${slot}`, removeOnComplete: { age: 3600, count: 200 } },
    );
  }

  sync(clusterId: string, slot: string) {
    return this.queues.enqueue(
      'cluster.inventory-sync',
      { ...SYSTEM_PAYLOAD, clusterId },
      { jobId: `sync-${clusterId}-${slot}`, removeOnComplete: { age: 3600, count: 200 } },
    );
  }

  /** Worker, `cluster.schedule` (recurring): enqueue the health checks and syncs that are due. */
  async runSchedule(now = Date.now()): Promise<{ health: number; sync: number }> {
    let health = 0;
    let sync = 0;
    for (const c of await this.repo.scheduleInfo()) {
      const healthDue =
        !c.lastCheckAt || now - c.lastCheckAt.getTime() >= c.healthIntervalSec * 1000 - 500;
      if (healthDue) {
        await this.healthCheck(c.id, String(Math.floor(now / (c.healthIntervalSec * 1000))));
        health++;
      }
      // An offline cluster is not synced: its last known inventory stays as it was.
      const syncDue =
        !c.lastSyncAt || now - c.lastSyncAt.getTime() >= c.syncIntervalSec * 1000 - 500;
      if (syncDue && c.status !== 'offline') {
        await this.sync(c.id, String(Math.floor(now / (c.syncIntervalSec * 1000))));
        sync++;
      }
    }
    return { health, sync };
  }
}
