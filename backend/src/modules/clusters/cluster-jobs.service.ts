import { Injectable } from '@nestjs/common';
import type { JobActor } from '@multpanel/contracts';
import { QueueService } from '../../common/queue/queue.service';

const SYSTEM: JobActor = { userId: null, type: 'system' };

/** Enqueues health checks and inventory syncs with job ids that make duplicates impossible. */
@Injectable()
export class ClusterJobsService {
  constructor(private readonly queues: QueueService) {}

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
      { companyId: null, actor: SYSTEM, clusterId },
      { jobId: `health-${clusterId}-${slot}`, removeOnComplete: { age: 3600, count: 200 } },
    );
  }

  sync(clusterId: string, slot: string) {
    return this.queues.enqueue(
      'cluster.inventory-sync',
      { companyId: null, actor: SYSTEM, clusterId },
      { jobId: `sync-${clusterId}-${slot}`, removeOnComplete: { age: 3600, count: 200 } },
    );
  }

  /** Repeatable tick (worker start-up) that enqueues whatever is due. */
  async ensureScheduler(everyMs = 10_000): Promise<void> {
    await this.queues.queue('clusters').upsertJobScheduler(
      'cluster-schedule',
      { every: everyMs },
      {
        name: 'cluster.schedule',
        data: { companyId: null, actor: SYSTEM },
        opts: { removeOnComplete: { count: 10 }, removeOnFail: { count: 50 } },
      },
    );
  }
}
