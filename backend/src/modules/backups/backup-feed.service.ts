import { Injectable, Logger } from '@nestjs/common';
import type { BackupGuestJobParams } from '@multpanel/contracts';
import { JobsService } from '../jobs/jobs.service';
import { BackupNotifier } from './backup-notifier.service';
import { BackupsRepository, type WaitingResult } from './backups.repository';

/**
 * Jobs a run keeps per node: the per-node limit (4) busy plus the next ones already queued. A run
 * of 10,000 guests is planned as its results and this many jobs per node, not 10,000 jobs.
 */
export const FEED_WINDOW = 6;

/** The run's final statuses, and those worth a mail. */
const RUN_FINAL = new Set(['succeeded', 'failed', 'partial', 'missed']);
const RUN_BAD = new Set(['failed', 'partial', 'missed']);

export type RunJobParams = Omit<BackupGuestJobParams, 'runId' | 'resultId'>;

/**
 * Feeds a run's `backups.guest` jobs per node: each finished guest hands its node's next waiting
 * results a job (`feed`), and the worker's due check tops up every unfinished run (`feedAll`), so
 * a result whose hand-off was lost (worker killed between its result and the feed) still gets one.
 */
@Injectable()
export class BackupFeeder {
  private readonly logger = new Logger('BackupFeed');

  constructor(
    private readonly repo: BackupsRepository,
    private readonly jobs: JobsService,
    private readonly notifier: BackupNotifier,
  ) {}

  /** The job of one result (its id is the result's). */
  static job(
    run: { id: string; companyId: string; actorId: string | null; params: RunJobParams },
    r: Pick<WaitingResult, 'id' | 'guestId' | 'clusterId' | 'node' | 'vmid' | 'guestName'>,
  ) {
    return {
      id: r.id,
      companyId: run.companyId,
      actorId: run.actorId,
      guestId: r.guestId,
      clusterId: r.clusterId,
      node: r.node,
      params: { ...run.params, runId: run.id, resultId: r.id },
      message: `Back up ${r.guestName ?? r.vmid} to ${run.params.storage}`,
    };
  }

  /** Gives the node's waiting results of the run jobs up to the window; answers how many. */
  async feed(runId: string, clusterId: string, node: string): Promise<number> {
    const run = await this.repo.runForFeed(runId);
    if (!run?.jobParams || RUN_FINAL.has(run.status)) return 0;
    const params = run.jobParams as unknown as RunJobParams;
    if (params.notAfter && Date.now() > Date.parse(params.notAfter)) {
      // The window closed: the rest of the node is missed in one statement, not one job each.
      const { count } = await this.repo.missWaiting(
        runId,
        clusterId,
        node,
        `not started before ${params.notAfter}`,
      );
      if (count) await this.settle(runId);
      return 0;
    }
    const owner = { id: runId, companyId: run.companyId, actorId: run.actorId, params };
    const { claimed, pending } = await this.repo.claimWaiting(
      runId,
      clusterId,
      node,
      FEED_WINDOW,
      (tx, rows) =>
        this.jobs.createManyIn(
          tx,
          'backups.guest',
          rows.map((r) => BackupFeeder.job(owner, r)),
        ),
    );
    await this.jobs.enqueueMany(
      'backups.guest',
      [...claimed.map((r) => r.id), ...pending].map((id) => ({
        id,
        companyId: run.companyId,
        actorId: run.actorId,
      })),
    );
    return claimed.length;
  }

  /** Every unfinished run's nodes with waiting results (worker, with the due check). */
  async feedAll(): Promise<number> {
    let fed = 0;
    for (const g of await this.repo.waitingNodes()) {
      try {
        fed += await this.feed(g.runId, g.clusterId, g.node);
      } catch (err) {
        this.logger.warn(`run ${g.runId} ${g.node}: could not feed: ${(err as Error).message}`);
      }
    }
    return fed;
  }

  /** Sets the run's status; the change to a bad final status mails once (row lock). */
  async settle(runId: string): Promise<void> {
    const settled = await this.repo.settleRun(runId);
    if (settled && !RUN_FINAL.has(settled.from) && RUN_BAD.has(settled.to))
      await this.notifier.notifyRun(settled.companyId, runId);
  }
}
