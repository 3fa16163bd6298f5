import { Injectable, Logger } from '@nestjs/common';
import type { JobPayloads } from '@multpanel/contracts';
import { OnJob } from '../jobs/job.decorators';

// Proves the worker runs jobs end to end; also a cheap liveness probe for operators.
@Injectable()
export class SystemProcessor {
  private readonly logger = new Logger('SystemJobs');

  @OnJob('system.ping')
  async ping(payload: JobPayloads['system.ping']): Promise<{ echo: string; at: string }> {
    this.logger.log(`ping from ${payload.actor.type}:${payload.actor.userId ?? '-'}`);
    return { echo: payload.echo, at: new Date().toISOString() };
  }
}
