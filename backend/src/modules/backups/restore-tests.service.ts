import { Injectable, Logger } from '@nestjs/common';
import type {
  BackupSelection,
  RestoreTestReport,
  RestoreTestPick,
  RestoreTestReportQuery,
  RestoreTestsAccepted,
} from '@multpanel/contracts';
import { AccessService } from '../../common/access/access.service';
import type { Actor } from '../../common/auth/actor';
import { scopeCompanyIds } from '../../common/auth/scope';
import { AppError } from '../../common/errors/app-error';
import type { BackupSchedule, RestoreTest } from '../../generated/prisma/client';
import { BrandingService } from '../branding/branding.service';
import { GuestsService } from '../guests/guests.service';
import { uuidv7 } from '../guests/guests.repository';
import { JobsService } from '../jobs/jobs.service';
import { nextRun } from './backup-cron';
import { toRestoreTestDto } from './backups.mapper';
import { restoreTestReport, restoreTestReportPdf } from './restore-test-report';
import { pickTestBackup, type TestableBackup } from './restore-test-rules';
import { RestoreTestsRepository } from './restore-tests.repository';

/** How far back the report looks for tests (older ones prove nothing anyway). */
const REPORT_DAYS = 90;
const REPORT_ROWS = 50_000;

/**
 * Restore tests: planning (a schedule's covered guests, each with the archive of the schedule its
 * `pick` chooses, one `backups.restore-test` job each), the due check of the schedules' restore-test
 * cron (worker) and the per-company report. The job itself is RestoreTestTasksService's.
 */
@Injectable()
export class RestoreTestsService {
  private readonly logger = new Logger('RestoreTests');

  constructor(
    private readonly repo: RestoreTestsRepository,
    private readonly guests: GuestsService,
    private readonly jobs: JobsService,
    private readonly access: AccessService,
    private readonly branding: BrandingService,
  ) {}

  /** The random source of `pick: random` (tests replace it to make the draw known). */
  random: () => number = Math.random;

  async startForSchedule(s: BackupSchedule, actorId: string | null): Promise<RestoreTestsAccepted> {
    const guests = await this.guests.selected(s.companyId, s.selection as BackupSelection);
    const now = new Date();
    const pick = s.restoreTestPick as RestoreTestPick;
    const archives = await this.repo.testableBackups(
      s.id,
      guests.map((g) => g.id),
      pick === 'random' ? new Date(now.getTime() - s.restoreTestMaxAgeH * 3_600_000) : null,
    );
    const backups = new Map<string, TestableBackup>();
    for (const [guestId, list] of archives) {
      const chosen = pickTestBackup(list, pick, s.restoreTestMaxAgeH, now, this.random);
      if (!chosen) continue;
      backups.set(guestId, chosen.backup);
      if (chosen.fellBack)
        this.logger.log(
          `schedule ${s.id}, guest ${guestId}: no backup younger than ${s.restoreTestMaxAgeH} h, testing the newest (${chosen.backup.volid})`,
        );
    }
    const rows = guests.map((g) => {
      const b = backups.get(g.id);
      const id = uuidv7();
      return {
        id,
        companyId: s.companyId,
        scheduleId: s.id,
        guestId: g.id,
        guestName: g.name,
        clusterId: g.clusterId,
        node: s.restoreTestNode ?? g.node,
        vmid: g.vmid,
        kind: g.kind,
        volid: b?.volid ?? null,
        backupAt: b?.backupAt ?? null,
        ...(b
          ? { status: 'queued', jobId: id }
          : {
              status: 'skipped',
              error: 'No backup of this guest by this schedule to test',
              finishedAt: now,
            }),
      };
    });
    await this.repo.createMany(rows.map(({ kind: _kind, ...r }) => r));
    const planned = rows.filter((r) => r.status === 'queued');
    await this.jobs.startMany(
      'backups.restore-test',
      planned.map((r) => ({
        id: r.id,
        companyId: r.companyId,
        actorId,
        guestId: r.guestId,
        clusterId: r.clusterId,
        node: r.node,
        params: {
          restoreTestId: r.id,
          clusterId: r.clusterId,
          node: r.node,
          volid: r.volid!,
          kind: r.kind,
          bootTimeoutSec: s.restoreTestBootSec,
        },
        message: `Restore test of ${r.guestName ?? r.vmid} from ${r.volid}`,
      })),
    );
    return { planned: planned.length, skipped: rows.length - planned.length };
  }

  /** Worker (with the backups' due check): schedules whose restore tests are due start them. */
  async planDue(now = new Date()): Promise<number> {
    let planned = 0;
    for (;;) {
      const due = await this.repo.dueSchedules(now, 100);
      if (!due.length) return planned;
      for (const s of due) {
        const next = nextRun(s.restoreTestCron!, s.timezone, now);
        if (!(await this.repo.advance(s.id, s.restoreTestNextAt!, next))) continue;
        try {
          await this.startForSchedule(s, null);
          planned++;
        } catch (err) {
          this.logger.error(
            `schedule ${s.id}: restore tests not planned: ${(err as Error).message}`,
          );
        }
      }
    }
  }

  async report(actor: Actor, q: RestoreTestReportQuery): Promise<RestoreTestReport> {
    if (q.companyId) await this.access.requireCompany(actor, q.companyId);
    const guestIds = await this.access.visibleGuestIds(actor);
    const now = new Date();
    const rows: RestoreTest[] = await this.repo.recent(
      actor.scope,
      {
        companyId: q.companyId,
        guestIds,
        since: new Date(now.getTime() - REPORT_DAYS * 86_400_000),
      },
      REPORT_ROWS,
    );
    return restoreTestReport(rows.map(toRestoreTestDto), q.maxAgeHours, now);
  }

  /**
   * One company's report as a PDF under its brand: the company asked for (in scope), or the
   * caller's only one; staff must name it (400).
   */
  async pdf(
    actor: Actor,
    q: RestoreTestReportQuery,
  ): Promise<{ pdf: Uint8Array; fileName: string }> {
    const mine = scopeCompanyIds(actor.scope);
    const companyId = q.companyId ?? (mine?.length === 1 ? mine[0] : undefined);
    if (!companyId)
      throw new AppError('VALIDATION_FAILED', 'companyId: name the company to report on', [
        { path: 'companyId', message: 'name the company to report on', code: 'custom' },
      ]);
    const company = await this.access.requireCompany(actor, companyId);
    const [report, brand] = await Promise.all([
      this.report(actor, { ...q, companyId }),
      this.branding.effective(undefined, companyId),
    ]);
    const pdf = await restoreTestReportPdf(report, {
      brand: brand.productName ?? 'Multpanel',
      companyName: company.name,
    });
    const slug = company.name.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 60) || 'company';
    return { pdf, fileName: `restore-tests-${slug}-${report.generatedAt.slice(0, 10)}.pdf` };
  }
}
