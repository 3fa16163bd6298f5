import { lazy } from 'react';
import type { FeatureModule } from '@/lib/feature-module';
import { perm } from '@/lib/permission-keys';

const MobileBackupCard = lazy(async () => ({
  default: (await import('./components/mobile-backup-card')).MobileBackupCard,
}));

/** /mobile: "back up now" and the last backup's status on a granted guest's page. */
export const mobileBackupsFeature: FeatureModule = {
  id: 'mobile-backups',
  routes: [],
  slots: { 'mobile.vm': [{ component: MobileBackupCard, permission: perm.vmsBackup }] },
};
