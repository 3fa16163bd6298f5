import { Injectable, Logger } from '@nestjs/common';
import type { JobPayloads } from '@multpanel/contracts';
import type { Job as BullJob } from 'bullmq';
import { OnJob } from '../jobs/job.decorators';

// Proves the worker runs jobs end to end; also a cheap liveness probe for operators. Each run logs one
// line naming the job and its echo (the scale-out test counts them across workers: each job runs once).
@Injectable()
export class SystemProcessor {
  private readonly logger = new Logger('SystemJobs');

  @OnJob('system.ping')
  async ping(
    payload: JobPayloads['system.ping'],
    job: BullJob<JobPayloads['system.ping']>,
  ): Promise<{ echo: string; at: string; pid: number }> {
    const echo = String(payload.echo).slice(0, 100);
    this.logger.log(
      `ping ${echo} (job ${job.id}) from ${payload.actor.type}:${payload.actor.userId ?? '-'}`,
    );
    return { echo: payload.echo, at: new Date().toISOString(), pid: process.pid };
  }
}
