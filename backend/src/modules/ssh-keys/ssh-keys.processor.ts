import { Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import type { JobActor } from '@multpanel/contracts';
import { HandlesJob } from '../../common/queue/job-handler.decorator';
import { QueueService } from '../../common/queue/queue.service';
import { JobHandlerRegistry } from '../jobs/job-runner';
import { SshKeysService } from './ssh-keys.service';

const SYSTEM: JobActor = { userId: null, type: 'system' };
export const SSH_HEALTH_INTERVAL_MS = 15 * 60_000;

/** Worker only: rotation and bulk push (tracked jobs) and the scheduled key-health check. */
@Injectable()
export class SshKeysProcessor implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('SshKeyJobs');

  constructor(
    private readonly ssh: SshKeysService,
    private readonly registry: JobHandlerRegistry,
    private readonly queues: QueueService,
  ) {}

  onModuleInit(): void {
    this.registry.register('ssh-keys.rotate', { run: (c) => this.ssh.runRotate(c) });
    this.registry.register('ssh-keys.push-bulk', { run: (c) => this.ssh.runBulkPush(c) });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queues
      .queue('clusters')
      .upsertJobScheduler(
        'ssh-key-health',
        { every: SSH_HEALTH_INTERVAL_MS },
        {
          name: 'ssh.key-health',
          data: { companyId: null, actor: SYSTEM },
          opts: { removeOnComplete: { count: 10 }, removeOnFail: { count: 50 } },
        },
      )
      .catch((err: Error) =>
        this.logger.warn(`key-health schedule not registered: ${err.message}`),
      );
  }

  @HandlesJob('ssh.key-health')
  async health(): Promise<{ nodes: number; failing: number }> {
    return this.ssh.checkAll();
  }
}
