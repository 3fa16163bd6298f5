import { Injectable } from '@nestjs/common';
import type { JobPayloads } from '@multpanel/contracts';
import type { JobFailure, JobRunContext } from '../jobs/job-context';
import { OnJob, OnJobFailed } from '../jobs/job.decorators';
import { BackupNotifier } from './backup-notifier.service';
import { BackupRunsService } from './backup-runs.service';
import { BackupsTasksService } from './backups-tasks.service';
import { DrPairsService } from './dr-pairs.service';
import { DrTasksService } from './dr-tasks.service';
import { RestoreTestTasksService } from './restore-test-tasks.service';
import { RestoreTestsService } from './restore-tests.service';
import { SnapshotSchedulesService } from './snapshot-schedules.service';
import { SnapshotTasksService } from './snapshot-tasks.service';

/** Worker only: routes the backup jobs to the services. */
@Injectable()
export class BackupsProcessor {
  constructor(
    private readonly tasks: BackupsTasksService,
    private readonly runs: BackupRunsService,
    private readonly restoreTests: RestoreTestsService,
    private readonly restoreTestTasks: RestoreTestTasksService,
    private readonly snapshots: SnapshotSchedulesService,
    private readonly snapshotTasks: SnapshotTasksService,
    private readonly notifier: BackupNotifier,
    private readonly dr: DrPairsService,
    private readonly drTasks: DrTasksService,
  ) {}

  @OnJob('backups.schedule-due')
  async planDue() {
    return {
      planned: await this.runs.planDue(),
      restoreTests: await this.restoreTests.planDue(),
      snapshots: await this.snapshots.planDue(),
      dr: await this.dr.planDue(),
    };
  }

  @OnJob('backups.guest')
  backupGuest(ctx: JobRunContext<'backups.guest'>) {
    return this.tasks.backupGuest(ctx);
  }

  @OnJobFailed('backups.guest')
  backupGuestFailed(f: JobFailure<'backups.guest'>) {
    return this.tasks.backupGuestFailed(f);
  }

  @OnJob('backups.restore')
  restore(ctx: JobRunContext<'backups.restore'>) {
    return this.tasks.restore(ctx);
  }

  @OnJobFailed('backups.restore')
  restoreFailed(f: JobFailure<'backups.restore'>) {
    return this.tasks.restoreFailed(f);
  }

  @OnJob('backups.restore-test')
  restoreTest(ctx: JobRunContext<'backups.restore-test'>) {
    return this.restoreTestTasks.run(ctx);
  }

  @OnJobFailed('backups.restore-test')
  restoreTestFailed(f: JobFailure<'backups.restore-test'>) {
    return this.restoreTestTasks.failed(f);
  }

  @OnJob('backups.snapshot')
  snapshot(ctx: JobRunContext<'backups.snapshot'>) {
    return this.snapshotTasks.run(ctx);
  }

  @OnJob('backups.dr-sync')
  drSync(ctx: JobRunContext<'backups.dr-sync'>) {
    return this.drTasks.sync(ctx);
  }

  @OnJobFailed('backups.dr-sync')
  drSyncFailed(f: JobFailure<'backups.dr-sync'>) {
    return this.drTasks.syncFailed(f);
  }

  @OnJob('backups.dr-failover')
  drFailover(ctx: JobRunContext<'backups.dr-failover'>) {
    return this.drTasks.failover(ctx);
  }

  @OnJob('backups.dr-failback')
  drFailback(ctx: JobRunContext<'backups.dr-failback'>) {
    return this.drTasks.failback(ctx);
  }

  @OnJobFailed('backups.dr-failback')
  drFailbackFailed(f: JobFailure<'backups.dr-failback'>) {
    return this.drTasks.failbackFailed(f);
  }

  @OnJob('backups.notify')
  notify(payload: JobPayloads['backups.notify']) {
    return this.notifier.deliver(payload);
  }
}
