import { mobileBackupsFeature } from '@/features/backups/mobile-routes';
import { mobileConsoleFeature } from '@/features/console/routes';
import { mobileDeploymentsFeature } from '@/features/deployments/mobile-routes';
import { mobileHomeFeature } from '@/features/mobile/routes';
import { mobileAlertsFeature } from '@/features/monitoring/mobile-routes';
import { mobileProfileFeature } from '@/features/profile/mobile-routes';
import { mobileTicketsFeature } from '@/features/tickets/mobile-routes';
import { mobileVmsFeature } from '@/features/vms/mobile-routes';
import type { FeatureModule } from '@/lib/feature-module';

/**
 * The phone view's registry, apart from the console's (features.ts) so that the phone entry
 * (mobile.html) loads no console-only feature. Paths are relative to `/mobile`. Each feature's phone
 * part lives in its own `mobile-routes.tsx`, so the phone loads none of the console's route tables
 * and menu icons.
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
