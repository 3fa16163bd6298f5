import { DynamicModule, Module } from '@nestjs/common';
import { AccessModule } from '../../common/access/access.module';
import { BrandingModule } from '../branding/branding.module';
import { ClustersModule } from '../clusters/clusters.module';
import { GuestsModule } from '../guests/guests.module';
import { IpamModule } from '../ipam/ipam.module';
import { JobsModule } from '../jobs/jobs.module';
import { QuotasModule } from '../quotas/quotas.module';
import { BackupFeeder } from './backup-feed.service';
import { BackupHoldingsService } from './backup-holdings.service';
import { BackupRatesService } from './backup-rates.service';
import { BackupNotifier } from './backup-notifier.service';
import { BackupRunsService } from './backup-runs.service';
import { BackupSchedulesService } from './backup-schedules.service';
import { BackupStoragesService } from './backup-storages.service';
import {
  BackupHistoryController,
  BackupSchedulesController,
  GuestBackupsController,
  RestoreTestsController,
} from './backups.controller';
import { BackupsProcessor } from './backups.processor';
import { BackupsRepository } from './backups.repository';
import { BackupsTasksService } from './backups-tasks.service';
import { CopyAddressesService } from './copy-addresses.service';
import { DrPairsController } from './dr-pairs.controller';
import { DrPairsRepository } from './dr-pairs.repository';
import { DrPairsService } from './dr-pairs.service';
import { DrTasksService } from './dr-tasks.service';
import { GuestBackupsService } from './guest-backups.service';
import { NotBackedUpService } from './not-backed-up.service';
import { RestoreTestTasksService } from './restore-test-tasks.service';
import { RestoreTestsRepository } from './restore-tests.repository';
import { RestoreTestsService } from './restore-tests.service';
import { SnapshotSchedulesController } from './snapshot-schedules.controller';
import { SnapshotSchedulesRepository } from './snapshot-schedules.repository';
import { SnapshotSchedulesService } from './snapshot-schedules.service';
import { SnapshotTasksService } from './snapshot-tasks.service';

/**
 * Backup schedules, history, a guest's archives, backup now, restore, restore tests, snapshot
 * schedules, DR pairs.
 */
@Module({
  imports: [
    AccessModule,
    BrandingModule,
    ClustersModule,
    GuestsModule,
    IpamModule,
    JobsModule,
    QuotasModule,
  ],
  controllers: [
    BackupSchedulesController,
    BackupHistoryController,
    GuestBackupsController,
    RestoreTestsController,
    SnapshotSchedulesController,
    DrPairsController,
  ],
  providers: [
    BackupFeeder,
    BackupHoldingsService,
    BackupRatesService,
    BackupNotifier,
    CopyAddressesService,
    BackupsRepository,
    BackupRunsService,
    BackupSchedulesService,
    BackupStoragesService,
    GuestBackupsService,
    BackupsTasksService,
    DrPairsRepository,
    DrPairsService,
    DrTasksService,
    NotBackedUpService,
    RestoreTestsRepository,
    RestoreTestsService,
    RestoreTestTasksService,
    SnapshotSchedulesRepository,
    SnapshotSchedulesService,
    SnapshotTasksService,
  ],
  exports: [
    BackupHoldingsService,
    BackupNotifier,
    DrPairsService,
    DrTasksService,
    BackupRunsService,
    BackupsTasksService,
    RestoreTestsService,
    RestoreTestTasksService,
    SnapshotSchedulesService,
    SnapshotTasksService,
  ],
})
export class BackupsModule {
  /** Worker process only: the backup jobs' handlers and the schedules' due check. */
  static forWorker(): DynamicModule {
    return { module: BackupsWorkerModule, imports: [BackupsModule], providers: [BackupsProcessor] };
  }
}

@Module({})
class BackupsWorkerModule {}
