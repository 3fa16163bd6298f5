import BackupOutlined from '@mui/icons-material/BackupOutlined';
import { lazy } from 'react';
import { RequirePermission } from '@/components/require-permission';
import type { FeatureModule } from '@/lib/feature-module';
import { perm } from '@/lib/permission-keys';

const GuestBackupsTab = lazy(async () => ({
  default: (await import('./components/guest-backups-tab')).GuestBackupsTab,
}));

/** Backups area (schedules, history) and the guest page's Backups tab. */
export const backupsFeature: FeatureModule = {
  id: 'backups',
  routes: [
    {
      path: 'backups',
      children: [
        {
          index: true,
          lazy: async () => {
            const { BackupsPage } = await import('./components/backups-page');
            return {
              Component: () => (
                <RequirePermission permission={perm.backupSchedules}>
                  <BackupsPage />
                </RequirePermission>
              ),
            };
          },
        },
        {
          path: 'schedules/new',
          lazy: async () => {
            const { BackupScheduleCreatePage } =
              await import('./components/backup-schedule-create');
            return {
              Component: () => (
                <RequirePermission permission={perm.backupSchedules}>
                  <BackupScheduleCreatePage />
                </RequirePermission>
              ),
            };
          },
        },
        {
          path: 'schedules/:scheduleId/edit',
          lazy: async () => {
            const { BackupScheduleEditPage } = await import('./components/backup-schedule-edit');
            return {
              Component: () => (
                <RequirePermission permission={perm.backupSchedules}>
                  <BackupScheduleEditPage />
                </RequirePermission>
              ),
            };
          },
        },
      ],
    },
  ],
  nav: [
    {
      to: '/backups',
      labelKey: 'backups.nav',
      icon: <BackupOutlined />,
      permission: perm.backupSchedules,
      order: 12,
    },
  ],
  slots: { 'vm.backups': [{ component: GuestBackupsTab, permission: perm.vmsBackup }] },
};
