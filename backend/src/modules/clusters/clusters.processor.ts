import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { JobPayloads } from '@multpanel/contracts';
import { HandlesJob } from '../../common/queue/job-handler.decorator';
import { ClusterHealthService } from './cluster-health.service';
import { ClusterJobsService } from './cluster-jobs.service';
import { ClustersRepository } from './clusters.repository';

/** Worker only: the scheduler tick and the health check. */
@Injectable()
export class ClustersProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger('ClusterJobs');

  constructor(
    private readonly health: ClusterHealthService,
    private readonly jobs: ClusterJobsService,
    private readonly repo: ClustersRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs
      .ensureScheduler()
      .catch((err: Error) => this.logger.warn(`scheduler not registered: ${err.message}`));
  }

  @HandlesJob('cluster.schedule')
  async schedule(): Promise<{ health: number; sync: number }> {
    const now = Date.now();
    let health = 0;
    let sync = 0;
    for (const c of await this.repo.scheduleInfo()) {
      const healthDue =
        !c.lastCheckAt || now - c.lastCheckAt.getTime() >= c.healthIntervalSec * 1000 - 500;
      if (healthDue) {
        await this.jobs.healthCheck(c.id, String(Math.floor(now / (c.healthIntervalSec * 1000))));
        health++;
      }
      // An offline cluster is not synced: its last known inventory stays as it was.
      const syncDue =
        !c.lastSyncAt || now - c.lastSyncAt.getTime() >= c.syncIntervalSec * 1000 - 500;
      if (syncDue && c.status !== 'offline') {
        await this.jobs.sync(c.id, String(Math.floor(now / (c.syncIntervalSec * 1000))));
        sync++;
      }
    }
    return { health, sync };
  }

  @HandlesJob('cluster.health-check')
  async check(payload: JobPayloads['cluster.health-check']) {
    return this.health.check(payload.clusterId);
  }
}
