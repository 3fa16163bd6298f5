import { Injectable } from '@nestjs/common';
import type { JobPayloads } from '@multpanel/contracts';
import { OnJob } from '../jobs/job.decorators';
import { ClusterHealthService } from './cluster-health.service';
import { ClusterJobsService } from './cluster-jobs.service';

/** Worker only: the schedule tick (recurring, see the job catalog) and the health check. */
@Injectable()
export class ClustersProcessor {
  constructor(
    private readonly health: ClusterHealthService,
    private readonly jobs: ClusterJobsService,
  ) {}

  @OnJob('cluster.schedule')
  schedule() {
    return this.jobs.runSchedule();
  }

  @OnJob('cluster.health-check')
  check(payload: JobPayloads['cluster.health-check']) {
    return this.health.check(payload.clusterId);
  }
}
