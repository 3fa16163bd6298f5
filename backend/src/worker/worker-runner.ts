import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { QUEUES } from '@multpanel/contracts';
import { Worker } from 'bullmq';
import { bullConnection, bullPrefix } from '../common/queue/queue.service';
import { JobRegistry } from '../common/queue/job-registry';
import { AppConfig } from '../config/app-config';

// One BullMQ worker per queue; jobs are dispatched to their @HandlesJob method by name.
@Injectable()
export class WorkerRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Worker');
  private readonly workers: Worker[] = [];

  constructor(
    private readonly config: AppConfig,
    private readonly registry: JobRegistry,
  ) {}

  onApplicationBootstrap(): void {
    const missing = this.registry.missing();
    if (missing.length) throw new Error(`No handler for jobs: ${missing.join(', ')}`);
    for (const queue of Object.values(QUEUES)) {
      const worker = new Worker(
        queue,
        async (job) => {
          const handler = this.registry.get(job.name);
          if (!handler) throw new Error(`No handler for job ${job.name}`);
          return handler(job.data, job);
        },
        {
          connection: bullConnection(this.config),
          prefix: bullPrefix(this.config),
          concurrency: 4,
        },
      );
      worker.on('failed', (job, err) =>
        this.logger.warn(`job ${job?.name}#${job?.id} failed: ${err.message}`),
      );
      worker.on('error', (err) => this.logger.warn(`worker ${queue}: ${err.message}`));
      this.workers.push(worker);
    }
    this.logger.log(`processing queues: ${Object.values(QUEUES).join(', ')}`);
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
  }
}
