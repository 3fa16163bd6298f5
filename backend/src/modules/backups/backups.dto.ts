import {
  backupHistoryQuerySchema,
  backupNowSchema,
  backupProtectionSchema,
  backupRestoreSchema,
  backupScheduleListQuerySchema,
  backupVolumeQuerySchema,
  createBackupScheduleSchema,
  createSnapshotScheduleSchema,
  createDrPairSchema,
  drFailbackSchema,
  drFailoverSchema,
  drPairListQuerySchema,
  updateDrPairSchema,
  snapshotScheduleListQuerySchema,
  updateSnapshotScheduleSchema,
  cronPreviewQuerySchema,
  notBackedUpQuerySchema,
  restoreTestReportQuerySchema,
  updateBackupScheduleSchema,
  backupSuccessRatesQuerySchema,
} from '@multpanel/contracts';
import { createZodDto } from 'nestjs-zod';

export class CreateBackupScheduleDto extends createZodDto(createBackupScheduleSchema) {}
export class UpdateBackupScheduleDto extends createZodDto(updateBackupScheduleSchema) {}
export class BackupScheduleListQueryDto extends createZodDto(backupScheduleListQuerySchema) {}
export class CronPreviewQueryDto extends createZodDto(cronPreviewQuerySchema) {}
export class BackupHistoryQueryDto extends createZodDto(backupHistoryQuerySchema) {}
export class BackupNowDto extends createZodDto(backupNowSchema) {}
export class BackupProtectionDto extends createZodDto(backupProtectionSchema) {}
export class BackupVolumeQueryDto extends createZodDto(backupVolumeQuerySchema) {}
export class BackupRestoreDto extends createZodDto(backupRestoreSchema) {}
export class RestoreTestReportQueryDto extends createZodDto(restoreTestReportQuerySchema) {}
export class NotBackedUpQueryDto extends createZodDto(notBackedUpQuerySchema) {}
export class BackupSuccessRatesQueryDto extends createZodDto(backupSuccessRatesQuerySchema) {}
export class CreateSnapshotScheduleDto extends createZodDto(createSnapshotScheduleSchema) {}
export class UpdateSnapshotScheduleDto extends createZodDto(updateSnapshotScheduleSchema) {}
export class SnapshotScheduleListQueryDto extends createZodDto(snapshotScheduleListQuerySchema) {}
export class CreateDrPairDto extends createZodDto(createDrPairSchema) {}
export class UpdateDrPairDto extends createZodDto(updateDrPairSchema) {}
export class DrPairListQueryDto extends createZodDto(drPairListQuerySchema) {}
export class DrFailoverDto extends createZodDto(drFailoverSchema) {}
export class DrFailbackDto extends createZodDto(drFailbackSchema) {}
