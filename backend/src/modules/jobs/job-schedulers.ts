import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  JOB_CATALOG,
  QUEUES,
  RECURRING_JOB_NAMES,
  type RecurringJobName,
} from '@multpanel/contracts';
import { QueueService } from '../../common/queue/queue.service';
import { AppConfig } from '../../config/app-config';
import { JobRegistry } from './job-registry';
import { JOBS_WORKER_OPTIONS, type JobsWorkerOptions } from './jobs-worker.options';

/**
 * The catalog's recurring jobs as BullMQ job schedulers. Every worker upserts them at start-up;
 * BullMQ keeps one scheduler per job (id = job name) and one job per period, however many workers
 * there are. Schedulers the catalog no longer names are removed, so a renamed job never runs twice.
 */
@Injectable()
export class JobSchedulers {
  private readonly logger = new Logger('JobSchedulers');

  constructor(
    private readonly queues: QueueService,
    private readonly registry: JobRegistry,
    private readonly config: AppConfig,
    @Inject(JOBS_WORKER_OPTIONS) private readonly opts: JobsWorkerOptions,
  ) {}

  async ensureAll(): Promise<void> {
    if (!this.opts.schedulers) return;
    for (const name of RECURRING_JOB_NAMES) {
      const handler = this.registry.plain(name);
      if (!handler) continue; // a worker with this module registers it
      if (handler.options.scheduleWhen && !handler.options.scheduleWhen(this.config)) {
        await this.queues.removeScheduler(name);
        continue;
      }
      await this.queues.upsertScheduler(name, this.every(name));
    }
    for (const queue of Object.values(QUEUES)) {
      for (const id of await this.queues.schedulerIds(queue)) {
        const known = (RECURRING_JOB_NAMES as string[]).includes(id);
        if (known && JOB_CATALOG[id as RecurringJobName].queue === queue) continue;
        this.logger.log(`removing the scheduler ${id} from ${queue}: not in the job catalog`);
        await this.queues.removeScheduler(id, queue);
      }
    }
  }

  every(name: RecurringJobName): number {
    return this.opts.every[name] ?? JOB_CATALOG[name].every;
  }
}
