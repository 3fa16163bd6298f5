import { Injectable } from '@nestjs/common';
import type { JobRunContext } from '../jobs/job-context';
import { OnJob } from '../jobs/job.decorators';
import { FirewallChangesService } from './firewall-changes.service';
import { FirewallDeployRunner } from './firewall-deploy.runner';

/** Worker only: the zero-touch deployment / network edge job and change-set applies. */
@Injectable()
export class FirewallsProcessor {
  constructor(
    private readonly runner: FirewallDeployRunner,
    private readonly changes: FirewallChangesService,
  ) {}

  @OnJob('firewalls.deploy')
  deploy(ctx: JobRunContext<'firewalls.deploy'>) {
    return this.runner.run(ctx);
  }

  @OnJob('firewalls.apply-change')
  applyChange(ctx: JobRunContext<'firewalls.apply-change'>) {
    return this.changes.runJob(ctx);
  }
}
