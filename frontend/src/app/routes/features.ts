import { activityFeature } from '@/features/activity/routes';
import { backupsFeature } from '@/features/backups/routes';
import { brandingFeature } from '@/features/branding/routes';
import { clustersFeature } from '@/features/clusters/routes';
import { companiesFeature } from '@/features/companies/routes';
import { consoleFeature } from '@/features/console/routes';
import { dashboardFeature } from '@/features/dashboard/routes';
import { firewallsFeature } from '@/features/firewalls/routes';
import { deploymentsFeature } from '@/features/deployments/routes';
import { esxiFeature } from '@/features/esxi/routes';
import { ipamFeature } from '@/features/ipam/routes';
import { monitoringFeature } from '@/features/monitoring/routes';
import { profileFeature } from '@/features/profile/routes';
import { pveExplorerFeature } from '@/features/pve-explorer/routes';
import { usersFeature } from '@/features/users/routes';
import { jobsFeature } from '@/features/jobs/routes';
import { quotasFeature } from '@/features/quotas/routes';
import { rolesFeature } from '@/features/roles/routes';
import { securityFeature } from '@/features/security/routes';
import { sshKeysFeature } from '@/features/ssh-keys/routes';
import { ssoFeature } from '@/features/sso/routes';
import { systemFeature } from '@/features/system/routes';
import { templatesFeature } from '@/features/templates/routes';
import { ticketsFeature } from '@/features/tickets/routes';
import { usageFeature } from '@/features/usage/routes';
import { vmsFeature } from '@/features/vms/routes';
import type { FeatureModule } from '@/lib/feature-module';

/**
 * The registry: adding a feature to the staff console is one line here (the phone view's is
 * mobile-features.ts). Paths are relative to `/`.
 */
export const consoleFeatures: FeatureModule[] = [
  dashboardFeature,
  vmsFeature,
  consoleFeature,
  jobsFeature,
  backupsFeature,
  monitoringFeature,
  usageFeature,
  quotasFeature,
  ticketsFeature,
  deploymentsFeature,
  esxiFeature,
  companiesFeature,
  clustersFeature,
  ipamFeature,
  firewallsFeature,
  pveExplorerFeature,
  sshKeysFeature,
  templatesFeature,
  usersFeature,
  rolesFeature,
  activityFeature,
  securityFeature,
  ssoFeature,
  brandingFeature,
  systemFeature,
  profileFeature,
];
