import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { VM_QUEUE, type JobActor } from '@multpanel/contracts';
import { Queue } from 'bullmq';
import { bullConnection, bullPrefix } from '../../common/queue/queue.service';
import { AppConfig } from '../../config/app-config';

/** BullMQ payload of a tracked job: the Job row holds everything else. */
export interface TrackedJobPayload {
  jobId: string;
  companyId: string | null;
  actor: JobActor;
}

/**
 * Producer for the `vms` queue. BullMQ job id = Job.id, so enqueueing the same Job twice (a retried
 * request, a recovery pass) never runs it twice.
 */
@Injectable()
export class JobsQueue implements OnModuleDestroy {
  private readonly logger = new Logger('JobsQueue');
  private q?: Queue;

  constructor(private readonly config: AppConfig) {}

  get queue(): Queue {
    if (!this.q) {
      this.q = new Queue(VM_QUEUE, {
        connection: bullConnection(this.config),
        prefix: bullPrefix(this.config),
      });
      this.q.on('error', (err) => this.logger.warn(`queue ${VM_QUEUE}: ${err.message}`));
    }
    return this.q;
  }

  async add(type: string, payload: TrackedJobPayload): Promise<void> {
    await this.queue.add(type, payload, {
      jobId: payload.jobId,
      attempts: 1,
      removeOnComplete: { age: 86400, count: 5000 },
      removeOnFail: { age: 7 * 86400 },
    });
  }

  /** State of the BullMQ job behind a Job row ('unknown' when it no longer exists). */
  async state(jobId: string): Promise<string> {
    const job = await this.queue.getJob(jobId);
    return job ? job.getState() : 'unknown';
  }

  async remove(jobId: string): Promise<void> {
    await this.queue.remove(jobId).catch(() => 0);
  }

  async onModuleDestroy(): Promise<void> {
    await this.q?.close();
  }
}
