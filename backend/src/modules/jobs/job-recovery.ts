import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { jobSpec } from '@multpanel/contracts';
import { QueueService } from '../../common/queue/queue.service';
import { RedisService } from '../../common/redis/redis.service';
import type { JobFailure, JobState } from './job-context';
import { JobRegistry } from './job-registry';
import { JOBS_WORKER_OPTIONS, type JobsWorkerOptions } from './jobs-worker.options';
import type { JobRow } from './jobs.repository';
import { JobsService } from './jobs.service';

export type RecoveryReason = 'boot' | 'sweep' | 'redis';

const LOG_LINE: Record<RecoveryReason, string> = {
  boot: 'worker restarted: job recovered',
  sweep: 'the queue no longer held this job: recovered',
  redis: 'Redis lost its data: job recovered',
};

// BullMQ states in which nobody will run the job again.
const LOST = new Set(['unknown', 'completed', 'failed']);

/**
 * Tracked jobs the database says are queued or running but BullMQ no longer holds (Redis lost its
 * data, the job was removed, or it stalled too often) are enqueued again under the same id; their
 * stored checkpoints and UPID make the rerun a resume. Runs at worker start, every minute
 * (`jobs.recover`) and when a worker sees Redis come back empty. One pass at a time platform-wide.
 */
@Injectable()
export class JobRecovery {
  private readonly logger = new Logger('JobRecovery');

  constructor(
    private readonly jobs: JobsService,
    private readonly queues: QueueService,
    private readonly redis: RedisService,
    private readonly registry: JobRegistry,
    @Inject(JOBS_WORKER_OPTIONS) private readonly opts: JobsWorkerOptions,
  ) {}

  /** `minAgeMs` leaves alone rows so new that the API may still be enqueueing them. */
  async recover(
    reason: RecoveryReason,
    minAgeMs = 0,
  ): Promise<{ recovered: number; failed: number }> {
    const lock = this.redis.key('jobs', 'recovering');
    const token = randomUUID();
    if ((await this.redis.client.set(lock, token, 'PX', 60_000, 'NX')) !== 'OK') {
      return { recovered: 0, failed: 0 };
    }
    const out = { recovered: 0, failed: 0 };
    try {
      const before = minAgeMs ? new Date(Date.now() - minAgeMs) : undefined;
      for (const job of await this.jobs.active(undefined, before)) {
        const outcome = await this.recoverOne(job, reason);
        if (outcome) out[outcome]++;
      }
    } finally {
      if ((await this.redis.client.get(lock)) === token) await this.redis.client.del(lock);
    }
    if (out.recovered || out.failed) {
      this.logger.log(`${reason}: recovered ${out.recovered}, failed ${out.failed} job(s)`);
    }
    return out;
  }

  private async recoverOne(
    job: JobRow,
    reason: RecoveryReason,
  ): Promise<'recovered' | 'failed' | null> {
    if (!jobSpec(job.type)?.tracked) {
      await this.fail(job, `unknown job type ${job.type}: no worker can run it`);
      return 'failed';
    }
    if (!LOST.has(await this.jobs.queueState(job))) return null;
    if (job.attempts >= this.opts.maxAttempts) {
      await this.fail(job, `gave up after ${job.attempts} interrupted attempts`);
      return 'failed';
    }
    await this.queues.removeTracked(job);
    await this.queues.enqueueTracked(job);
    await this.jobs.log(job.id, [LOG_LINE[reason]]);
    return 'recovered';
  }

  /** As the runner fails a job: its failure hook first (give reservations back), then the row. */
  private async fail(job: JobRow, error: string): Promise<void> {
    const state = ((job.result as { state?: JobState } | null)?.state ?? {}) as JobState;
    await this.registry
      .tracked(job.type)
      ?.onFail?.({ job, params: job.params as unknown as JobFailure['params'], state, error })
      .catch((e: Error) => this.logger.warn(`failure hook of ${job.id}: ${e.message}`));
    await this.jobs.update(
      job.id,
      { status: 'failed', finishedAt: new Date(), error, message: error },
      [`failed: ${error}`],
    );
  }
}
