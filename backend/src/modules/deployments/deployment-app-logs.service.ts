import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor';
import { AppError, notFound } from '../../common/errors/app-error';
import { DeploymentRunnerService } from './deployment-runner.service';
import { DeploymentsRepository, type DeploymentRow } from './deployments.repository';

/** Longest one app-log stream stays open; the SPA opens a new one when the person still watches. */
export const APP_LOG_STREAM_MAX_MS = 15 * 60_000;

/** The app's own output on request: read once, or followed over SSH while the caller listens. */
@Injectable()
export class DeploymentAppLogsService {
  constructor(
    private readonly repo: DeploymentsRepository,
    private readonly runner: DeploymentRunnerService,
  ) {}

  /** The caller's deployment (scoped: a foreign id is a 404) with a release that ran. */
  async requireStarted(actor: Actor, id: string): Promise<DeploymentRow> {
    const row = await this.repo.find(actor.scope, id);
    if (!row) throw notFound('Deployment');
    if (!row.currentReleaseId) throw new AppError('CONFLICT', 'The app has not run yet');
    return row;
  }

  async read(actor: Actor, id: string): Promise<{ lines: string[] }> {
    const row = await this.requireStarted(actor, id);
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

  /**
   * Follows the app's output until `signal` aborts or APP_LOG_STREAM_MAX_MS pass; the row was
   * checked by `requireStarted` for this caller just before.
   */
  async follow(
    row: DeploymentRow,
    lines: number,
    onLine: (line: string) => void,
    signal: AbortSignal,
  ): Promise<void> {
    const limit = AbortSignal.timeout(APP_LOG_STREAM_MAX_MS);
    await this.runner.followAppLogs(row, lines, onLine, AbortSignal.any([signal, limit]));
  }
}
