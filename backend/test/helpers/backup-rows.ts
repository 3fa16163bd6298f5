import type { BackupSchedule, Prisma } from '../../src/generated/prisma/client';
import type { TestContext } from './test-context';

/**
 * A nightly backup schedule row of `companyId` covering all its guests (snapshot mode, zstd onto
 * `local`), for tests of the history, rates and tenancy that never run it.
 */
export function newBackupScheduleRow(
  ctx: TestContext,
  companyId: string,
  over: Partial<Prisma.BackupScheduleUncheckedCreateInput> = {},
): Promise<BackupSchedule> {
  return ctx.prisma.backupSchedule.create({
    data: {
      companyId,
      name: ctx.unique('backup'),
      selection: { allGuests: true },
      cron: '0 2 * * *',
      timezone: 'UTC',
      storage: 'local',
      mode: 'snapshot',
      compress: 'zstd',
      retention: {},
      ...over,
    },
  });
}
