import { Injectable } from '@nestjs/common';
import type { JobRunContext } from '../jobs/job-context';
import { OnJob } from '../jobs/job.decorators';
import { FirewallDeployRunner } from './firewall-deploy.runner';

/** Worker only: the zero-touch deployment / network edge job. */
@Injectable()
export class FirewallsProcessor {
  constructor(private readonly runner: FirewallDeployRunner) {}

  @OnJob('firewalls.deploy')
  deploy(ctx: JobRunContext<'firewalls.deploy'>) {
    return this.runner.run(ctx);
  }
}
