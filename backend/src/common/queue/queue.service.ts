import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { JOB_QUEUE, type JobName, type JobPayloads, type QueueName } from '@multpanel/contracts';
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

// Producer side: queues are created on first use so the API starts even when Redis is down.
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

  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], opts: JobsOptions = {}) {
    return this.queue(JOB_QUEUE[name]).add(name, payload, {
      removeOnComplete: { age: 86400, count: 1000 },
      removeOnFail: { age: 7 * 86400 },
      ...opts,
    });
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
