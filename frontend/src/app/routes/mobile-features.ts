import { mobileBackupsFeature } from '@/features/backups/routes';
import { mobileConsoleFeature } from '@/features/console/routes';
import { mobileDeploymentsFeature } from '@/features/deployments/routes';
import { mobileHomeFeature } from '@/features/mobile/routes';
import { mobileAlertsFeature } from '@/features/monitoring/routes';
import { mobileProfileFeature } from '@/features/profile/routes';
import { mobileTicketsFeature } from '@/features/tickets/routes';
import { mobileVmsFeature } from '@/features/vms/routes';
import type { FeatureModule } from '@/lib/feature-module';

/**
 * The phone view's registry, apart from the console's (features.ts) so that the phone entry
 * (mobile.html) loads no console-only feature. Paths are relative to `/mobile`.
 */
export const mobileFeatures: FeatureModule[] = [
  mobileHomeFeature,
  mobileVmsFeature,
  mobileBackupsFeature,
  mobileAlertsFeature,
  mobileConsoleFeature,
  mobileTicketsFeature,
  mobileDeploymentsFeature,
  mobileProfileFeature,
];
