import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor';
import { AppError, notFound } from '../../common/errors/app-error';
import { DeploymentRunnerService } from './deployment-runner.service';
import { DeploymentsRepository } from './deployments.repository';

/** The app's own output on request (read over SSH while the caller waits). */
@Injectable()
export class DeploymentAppLogsService {
  constructor(
    private readonly repo: DeploymentsRepository,
    private readonly runner: DeploymentRunnerService,
  ) {}

  async read(actor: Actor, id: string): Promise<{ lines: string[] }> {
    const row = await this.repo.find(actor.scope, id);
    if (!row) throw notFound('Deployment');
    if (!row.currentReleaseId) throw new AppError('CONFLICT', 'The app has not run yet');
    try {
      const text = await this.runner.appLogs(row, 200);
      return { lines: text.split('\n').filter(Boolean) };
    } catch (err) {
      throw new AppError(
        'DEPENDENCY_UNAVAILABLE',
        `Could not read the app's logs: ${(err as Error).message}`,
      );
    }
  }
}
