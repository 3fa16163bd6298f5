import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import {
  JOB_CATALOG,
  jobSpec,
  SYSTEM_PAYLOAD,
  type JobPayloads,
  type PlainJobName,
  type QueueName,
  type RecurringJobName,
  type TrackedJobRef,
} from '@multpanel/contracts';
import { Queue, type JobsOptions } from 'bullmq';
import { AppConfig } from '../../config/app-config';
import { redisOptions } from '../redis/redis.service';

export function bullConnection(config: AppConfig) {
  // BullMQ requires maxRetriesPerRequest: null on its blocking connections.
  return redisOptions(config.env.REDIS_URL, { maxRetriesPerRequest: null });
}

export function bullPrefix(config: AppConfig): string {
  return config.redisKey('bull');
}

/** A tracked job as the producer knows it (a Job row). */
export interface TrackedJobHandle {
  id: string;
  type: string;
  companyId: string | null;
  actorId: string | null;
}

/**
 * Producer side of the job catalog, in the API and the worker. Queues are created on first use so
 * the API starts even when Redis is down. The queue of a job always comes from the catalog.
 */
@Injectable()
export class QueueService implements OnModuleDestroy {
  private readonly logger = new Logger('Queue');
  private readonly queues = new Map<QueueName, Queue>();

  constructor(private readonly config: AppConfig) {}

  queue(name: QueueName): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, {
        connection: bullConnection(this.config),
        prefix: bullPrefix(this.config),
      });
      q.on('error', (err) => this.logger.warn(`queue ${name}: ${err.message}`));
      this.queues.set(name, q);
    }
    return q;
  }

  /** A plain job: the payload is the whole job. */
  async enqueue<N extends PlainJobName>(name: N, payload: JobPayloads[N], opts: JobsOptions = {}) {
    return this.queue(JOB_CATALOG[name].queue).add(name, payload, {
      removeOnComplete: { age: 86400, count: 1000 },
      removeOnFail: { age: 7 * 86400 },
      ...opts,
    });
  }

  /**
   * A tracked job: BullMQ carries only the Job row's id, as its job id too, so enqueueing the same
   * row twice (a retried request, a recovery pass) never runs it twice.
   */
  async enqueueTracked(job: TrackedJobHandle): Promise<void> {
    const { name, data, opts } = this.trackedEntry(job);
    await this.trackedQueue(job.type).add(name, data, opts);
  }

  /** Many tracked jobs of one type in one round trip per 1,000 (a backup night plans thousands). */
  async enqueueTrackedBulk(jobs: TrackedJobHandle[]): Promise<void> {
    for (let i = 0; i < jobs.length; i += 1000) {
      const chunk = jobs.slice(i, i + 1000);
      if (chunk.length)
        await this.trackedQueue(chunk[0].type).addBulk(chunk.map((j) => this.trackedEntry(j)));
    }
  }

  private trackedEntry(job: TrackedJobHandle) {
    const data: TrackedJobRef = {
      jobId: job.id,
      companyId: job.companyId,
      actor: { userId: job.actorId, type: job.actorId ? 'user' : 'system' },
    };
    return {
      name: job.type,
      data,
      opts: {
        jobId: job.id,
        attempts: 1,
        removeOnComplete: { age: 86400, count: 5000 },
        removeOnFail: { age: 7 * 86400 },
      },
    };
  }

  /** State of the BullMQ job behind a Job row ('unknown' when it no longer exists). */
  async trackedState(job: Pick<TrackedJobHandle, 'id' | 'type'>): Promise<string> {
    const bull = await this.trackedQueue(job.type).getJob(job.id);
    return bull ? bull.getState() : 'unknown';
  }

  async removeTracked(job: Pick<TrackedJobHandle, 'id' | 'type'>): Promise<void> {
    await this.trackedQueue(job.type)
      .remove(job.id)
      .catch(() => 0);
  }

  /** Creates or keeps the job scheduler of a recurring job (its id is the job name). */
  async upsertScheduler(name: RecurringJobName, every: number): Promise<void> {
    await this.queue(JOB_CATALOG[name].queue).upsertJobScheduler(
      name,
      { every },
      {
        name,
        data: SYSTEM_PAYLOAD,
        // BullMQ trims a queue's whole completed set to a finishing job's `count`, so a small count here
        // deleted other jobs' results on the same queue a moment after they ended; bound by age instead.
        opts: {
          removeOnComplete: { age: 3600, count: 1000 },
          removeOnFail: { age: 86400, count: 1000 },
        },
      },
    );
  }

  /** Removes a scheduler by id; a recurring job that has nothing left to do may remove its own. */
  async removeScheduler(id: RecurringJobName): Promise<void>;
  async removeScheduler(id: string, queue: QueueName): Promise<void>;
  async removeScheduler(id: string, queue?: QueueName): Promise<void> {
    const q = queue ?? JOB_CATALOG[id as RecurringJobName].queue;
    await this.queue(q).removeJobScheduler(id);
  }

  async schedulerIds(queue: QueueName): Promise<string[]> {
    const all = await this.queue(queue).getJobSchedulers(0, -1);
    return all.map((s) => s.key);
  }

  private trackedQueue(type: string): Queue {
    const spec = jobSpec(type);
    if (!spec?.tracked) throw new Error(`Not a tracked job type: ${type}`);
    return this.queue(spec.queue);
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
