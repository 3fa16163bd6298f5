import { Injectable } from '@nestjs/common';
import type { JobRunContext } from '../jobs/job-context';
import { OnJob } from '../jobs/job.decorators';
import { SshKeysService } from './ssh-keys.service';

/** Worker only: rotation and bulk push (tracked jobs) and the recurring key-health check. */
@Injectable()
export class SshKeysProcessor {
  constructor(private readonly ssh: SshKeysService) {}

  @OnJob('ssh-keys.rotate')
  rotate(ctx: JobRunContext<'ssh-keys.rotate'>) {
    return this.ssh.runRotate(ctx);
  }

  @OnJob('ssh-keys.push-bulk')
  pushBulk(ctx: JobRunContext<'ssh-keys.push-bulk'>) {
    return this.ssh.runBulkPush(ctx);
  }

  @OnJob('ssh.key-health')
  health(): Promise<{ nodes: number; failing: number }> {
    return this.ssh.checkAll();
  }
}
