import { Injectable, Logger } from '@nestjs/common';
import {
  pruneBackupsString,
  type BackupGuestJobParams,
  type BackupHistoryQuery,
  type BackupRetention,
  type BackupRunDetail,
  type BackupRunPage,
  type BackupSelection,
  type BackupTrigger,
  type JobDto,
} from '@multpanel/contracts';
import { AccessService } from '../../common/access/access.service';
import type { Actor } from '../../common/auth/actor';
import { notFound } from '../../common/errors/app-error';
import { PhaseTimer } from '../../common/logging/phase-timer';
import type { BackupSchedule, Prisma } from '../../generated/prisma/client';
import type { SelectedGuest } from '../guests/guests.types';
import { uuidv7 } from '../guests/guests.repository';
import { toJobDto } from '../jobs/jobs.mapper';
import { JobsService } from '../jobs/jobs.service';
import { isUniqueViolation } from '../vms/vms-guest-jobs';
import { nextRun } from './backup-cron';
import { BackupFeeder, FEED_WINDOW } from './backup-feed.service';
import { toResultDto, toRunDto } from './backups.mapper';
import { BackupNotifier } from './backup-notifier.service';
import { BackupsRepository, type WaitingResult } from './backups.repository';

export interface RunRequest {
  companyId: string;
  scheduleId: string | null;
  trigger: BackupTrigger;
  plannedAt: Date;
  actorId: string | null;
  guests: SelectedGuest[];
  job: Omit<BackupGuestJobParams, 'runId' | 'resultId'>;
  /** Record every guest as missed instead of starting jobs (the window had passed). */
  missed?: string;
  /** Started before the guests were selected, so the log line shows the selection too. */
  phases?: PhaseTimer;
}

/**
 * Backup runs: planning a run (run row, one result per guest, the first jobs per node), the due
 * check of the schedules (worker), and the history the API reads.
 */
@Injectable()
export class BackupRunsService {
  private readonly logger = new Logger('BackupRuns');

  constructor(
    private readonly repo: BackupsRepository,
    private readonly jobs: JobsService,
    private readonly access: AccessService,
    private readonly notifier: BackupNotifier,
    private readonly feeder: BackupFeeder,
  ) {}

  /**
   * Creates the run and its results in bulk, and jobs for the first FEED_WINDOW results of each
   * node (a result's job has the result's id); each finishing job feeds its node the next ones
   * (BackupFeeder). Null when this planned run already exists. Answers the first job.
   */
  async start(req: RunRequest): Promise<{ runId: string; firstJob: JobDto | null } | null> {
    const phases = req.phases ?? new PhaseTimer();
    const runId = uuidv7();
    // The guests come ordered by cluster and node: the first FEED_WINDOW of each node get a job.
    const perNode = new Map<string, number>();
    const results = req.guests.map((g) => {
      const id = uuidv7();
      const key = `${g.clusterId}/${g.node}`;
      const nth = perNode.get(key) ?? 0;
      perNode.set(key, nth + 1);
      return {
        id,
        jobId: req.missed || nth >= FEED_WINDOW ? null : id,
        guestId: g.id,
        clusterId: g.clusterId,
        node: g.node,
        vmid: g.vmid,
        guestName: g.name,
        ...(req.missed ? { status: 'missed', error: req.missed } : {}),
      };
    });
    try {
      await this.repo.createRun(
        {
          id: runId,
          companyId: req.companyId,
          scheduleId: req.scheduleId,
          trigger: req.trigger,
          status: req.missed ? 'missed' : results.length ? 'queued' : 'succeeded',
          storage: req.job.storage,
          jobParams: req.job as Prisma.InputJsonValue,
          plannedAt: req.plannedAt,
          actorId: req.actorId,
          finishedAt: req.missed || !results.length ? new Date() : null,
        },
        results,
      );
    } catch (err) {
      if (isUniqueViolation(err)) return null;
      throw err;
    }
    phases.mark('results');
    return this.queueFirst(
      req,
      runId,
      results.length,
      results.filter((r) => r.jobId),
      phases,
    );
  }

  /**
   * The jobs of the run's first results per node, queued round-robin over the nodes (first of each
   * node, then second …) so the worker's slots spread over every node. Answers the first job.
   */
  private async queueFirst(
    req: Pick<RunRequest, 'companyId' | 'actorId' | 'job' | 'missed'>,
    runId: string,
    count: number,
    withJob: WaitingResult[],
    phases: PhaseTimer,
  ): Promise<{ runId: string; firstJob: JobDto | null }> {
    if (req.missed) await this.notifier.notifyRun(req.companyId, runId);
    if (req.missed || !count) return { runId, firstJob: null };
    const perNode = new Map<string, number>();
    const nth = withJob.map((r) => {
      const key = `${r.clusterId}/${r.node}`;
      const n = perNode.get(key) ?? 0;
      perNode.set(key, n + 1);
      return { r, n };
    });
    const first = nth.sort((a, b) => a.n - b.n).map((x) => x.r);
    const owner = { id: runId, companyId: req.companyId, actorId: req.actorId, params: req.job };
    await this.jobs.startMany(
      'backups.guest',
      first.map((r) => BackupFeeder.job(owner, r)),
      phases,
    );
    if (count >= 1000)
      this.logger.log(
        `run ${runId}: ${count} guests, ${first.length} jobs on ${perNode.size} nodes; ${phases}`,
      );
    const job = await this.jobs.findById(withJob[0].id);
    return { runId, firstJob: job ? toJobDto(job) : null };
  }

  /**
   * A schedule's run now (or at its planned time): its guests as they are at this moment, chosen
   * and recorded by the database (createRunFromSelection). Null when this planned run exists.
   */
  async startForSchedule(
    s: BackupSchedule,
    plannedAt: Date,
    trigger: BackupTrigger,
    actorId: string | null,
    missed?: string,
  ): Promise<{ runId: string; firstJob: JobDto | null } | null> {
    const phases = new PhaseTimer();
    const notAfter = new Date(plannedAt.getTime() + s.windowMinutes * 60_000);
    const job: RunRequest['job'] = {
      storage: s.storage,
      mode: s.mode as BackupGuestJobParams['mode'],
      compress: s.compress as BackupGuestJobParams['compress'],
      notesTemplate: s.notesTemplate,
      protected: s.protected,
      pruneBackups: pruneBackupsString(s.retention as BackupRetention),
      notAfter: trigger === 'schedule' ? notAfter.toISOString() : null,
      storageLimit: s.storageLimit,
    };
    const runId = uuidv7();
    let planned: { count: number; withJob: WaitingResult[] };
    try {
      planned = await this.repo.createRunFromSelection(
        {
          id: runId,
          companyId: s.companyId,
          scheduleId: s.id,
          trigger,
          status: missed ? 'missed' : 'queued',
          storage: s.storage,
          jobParams: job as Prisma.InputJsonValue,
          plannedAt,
          actorId,
          finishedAt: missed ? new Date() : null,
        },
        s.selection as BackupSelection,
        { idPrefix: uuidv7().slice(0, 24), window: FEED_WINDOW, missed },
      );
    } catch (err) {
      if (isUniqueViolation(err)) return null;
      throw err;
    }
    phases.mark('results');
    return this.queueFirst(
      { companyId: s.companyId, actorId, job, missed },
      runId,
      planned.count,
      planned.withJob,
      phases,
    );
  }

  /**
   * Worker, every 30 s: each due schedule moves to its next time (compare-and-set, so one worker
   * wins) and its run is planned; a run found more than its window late is recorded as missed.
   */
  async planDue(now = new Date()): Promise<number> {
    let planned = 0;
    for (;;) {
      const due = await this.repo.dueSchedules(now, 100);
      if (!due.length) {
        // Nodes whose hand-off to their next guests was lost (a worker killed in between).
        await this.feeder.feedAll();
        return planned;
      }
      for (const s of due) {
        const at = s.nextRunAt!;
        const next = nextRun(s.cron, s.timezone, now);
        if (!(await this.repo.advanceSchedule(s.id, at, next))) continue;
        const late = now.getTime() - at.getTime() > s.windowMinutes * 60_000;
        try {
          await this.startForSchedule(
            s,
            at,
            'schedule',
            null,
            late
              ? `not started within ${s.windowMinutes} minutes of ${at.toISOString()}`
              : undefined,
          );
          planned++;
        } catch (err) {
          this.logger.error(`schedule ${s.id}: could not plan the run: ${(err as Error).message}`);
        }
      }
    }
  }

  // --- history --------------------------------------------------------------------------------

  async history(actor: Actor, q: BackupHistoryQuery): Promise<BackupRunPage> {
    if (q.companyId) await this.access.requireCompany(actor, q.companyId);
    if (q.guestId) await this.access.requireGuest(actor, q.guestId, 'view');
    const guestIds = await this.access.visibleGuestIds(actor);
    const [rows, total] = await this.repo.runPage(actor.scope, guestIds, q);
    return { items: rows.map(toRunDto), total, page: q.page, pageSize: q.pageSize };
  }

  async detail(actor: Actor, id: string): Promise<BackupRunDetail> {
    const run = await this.repo.run(actor.scope, id);
    if (!run) throw notFound('Backup run');
    const guestIds = await this.access.visibleGuestIds(actor);
    const results = await this.repo.runResults(run.id, guestIds);
    if (guestIds && !results.length) throw notFound('Backup run');
    return { ...toRunDto(run), results: results.map(toResultDto) };
  }
}
