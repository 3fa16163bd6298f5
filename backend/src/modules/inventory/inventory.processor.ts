import { Injectable } from '@nestjs/common';
import type { JobPayloads } from '@multpanel/contracts';
import { OnJob } from '../jobs/job.decorators';
import { InventorySyncService } from './inventory-sync.service';

/** Worker only. The job id carries the cluster and time slot, so a sync never runs twice per slot. */
@Injectable()
export class InventoryProcessor {
  constructor(private readonly sync: InventorySyncService) {}

  @OnJob('cluster.inventory-sync')
  run(payload: JobPayloads['cluster.inventory-sync']) {
    return this.sync.sync(payload.clusterId);
  }
}
