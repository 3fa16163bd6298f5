import { Injectable } from '@nestjs/common';
import type { JobRunContext } from '../jobs/job-context';
import { OnJob } from '../jobs/job.decorators';
import { DeploymentRunnerService } from './deployment-runner.service';

/** Worker only: one tracked job runs a deployment (deploy or roll back). */
@Injectable()
export class DeploymentsProcessor {
  constructor(private readonly runner: DeploymentRunnerService) {}

  @OnJob('deployments.run')
  run(ctx: JobRunContext<'deployments.run'>) {
    return this.runner.run(ctx);
  }
}
