import type { z } from 'zod';
import {
  createFirewallChangeSchema,
  createFirewallSchema,
  deployFirewallSchema,
  networkEdgeSchema,
  updateFirewallSchema,
} from './firewalls';
import {
  companyTwoFactorSchema,
  loginSchema,
  platformSettingsSchema,
  setupSchema,
  totpEnrollConfirmSchema,
  totpEnrollSchema,
} from './auth';
import {
  backupNowSchema,
  backupProtectionSchema,
  backupRestoreSchema,
  createBackupScheduleSchema,
  createSnapshotScheduleSchema,
  createDrPairSchema,
  updateDrPairSchema,
  drFailbackSchema,
  drFailoverSchema,
  updateBackupScheduleSchema,
  updateSnapshotScheduleSchema,
} from './backups';
import {
  allocateIpSchema,
  assignVlanSchema,
  changeNicAddressSchema,
  createIpRangeSchema,
  createVlanPoolSchema,
  releaseIpSchema,
  reserveIpSchema,
  updateIpRangeSchema,
} from './ipam';
import {
  acknowledgeAlertSchema,
  createAlertRuleSchema,
  createChannelSchema,
  updateChannelSchema,
  createMaintenanceWindowSchema,
  silenceAlertSchema,
  updateAlertRuleSchema,
} from './alerts';
import { pveApiCallSchema } from './pve-explorer';
import { apiRouteOf } from './api-responses';
import {
  ticketCreateSchema,
  ticketMessageCreateSchema,
  ticketSlaPolicySchema,
  ticketUpdateSchema,
  ticketWatcherAddSchema,
} from './tickets';
import { brandingHostsSchema, brandingUpdateSchema } from './branding';
import {
  acceptEsxiFingerprintSchema,
  createEsxiProjectSchema,
  createEsxiSourceSchema,
  esxiImportPlanSchema,
  runEsxiWaveSchema,
  setEsxiProjectVmsSchema,
  esxiImportSchema,
  updateEsxiSourceSchema,
} from './esxi';
import {
  createDeploymentSchema,
  rollbackDeploymentSchema,
  updateDeploymentSchema,
} from './deployments';
import { assignCustomRoleSchema, createCustomRoleSchema, updateCustomRoleSchema } from './roles';
import { orderHostCertificateSchema, requestCertificateSchema } from './certificates';
import {
  bulkClusterTestSchema,
  clusterCsvImportSchema,
  createClusterSchema,
  createOwnedClusterSchema,
  importGuestsSchema,
  probeFingerprintSchema,
  testClusterInputSchema,
  updateClusterSchema,
  updateOwnedClusterSchema,
} from './clusters';
import {
  changePasswordSchema,
  createApiKeySchema,
  createCompanySchema,
  createUserSchema,
  forgotPasswordSchema,
  inviteUserSchema,
  resetPasswordSchema,
  salespeopleSchema,
  totpCodeSchema,
  updateCompanySchema,
  updateUserSchema,
} from './identity';
import { quotaRequestCreateSchema, quotaRequestDecisionSchema } from './quotas';
import {
  sshBulkPushSchema,
  sshClusterUserSchema,
  sshNodeTargetSchema,
  sshPushSchema,
  sshTestSchema,
} from './ssh-keys';
import { identityProviderInputSchema } from './sso';
import { ldapDirectoryInputSchema, ldapTestSchema } from './ldap';
import { deviceCodeRequestSchema, deviceTokenSchema } from './device-login';
import { passkeyLoginSchema, passkeyRegistrationSchema, passkeyRenameSchema } from './passkeys';
import { executeUpdateSchema } from './system-update';
import { templateScanSchema, updateTemplateSchema } from './templates';
import { usagePriceListSchema } from './usage';
import {
  bulkVmSchema,
  bulkCreateVmSchema,
  createSnapshotSchema,
  createVmSchema,
  migrateVmSchema,
  updateVmSchema,
  vmControlSchema,
  vmGrantsSchema,
} from './vms';

/**
 * Every API route that takes a JSON body, keyed "METHOD /path/:param" (without the /api prefix), with
 * the schema the API validates that body against. The backend's api-bodies agreement spec proves this
 * is exactly what the controllers declare; the SPA's test double validates every request body it
 * receives against it, so a body the API would refuse fails a frontend test.
 */
export const API_BODIES = {
  'POST /auth/login': loginSchema,
  'POST /auth/totp/enroll': totpEnrollSchema,
  'POST /auth/totp/enroll/confirm': totpEnrollConfirmSchema,
  'POST /auth/password/change': changePasswordSchema,
  'POST /auth/totp/enable': totpCodeSchema,
  'POST /auth/totp/disable': totpCodeSchema,
  'POST /auth/password/forgot': forgotPasswordSchema,
  'POST /auth/password/reset': resetPasswordSchema,
  'POST /setup': setupSchema,
  'POST /companies': createCompanySchema,
  'PATCH /companies/:id': updateCompanySchema,
  'PUT /companies/:id/require-2fa': companyTwoFactorSchema,
  'PUT /companies/:id/salespeople': salespeopleSchema,
  'POST /users': createUserSchema,
  'POST /users/invite': inviteUserSchema,
  'PATCH /users/:id': updateUserSchema,
  'POST /api-keys': createApiKeySchema,
  'POST /clusters': createClusterSchema,
  'POST /clusters/probe-fingerprint': probeFingerprintSchema,
  'POST /clusters/test': testClusterInputSchema,
  'POST /clusters/import': clusterCsvImportSchema,
  'PATCH /clusters/:id': updateClusterSchema,
  'POST /bulk-clusters/test-connection': bulkClusterTestSchema,
  'POST /guests/import': importGuestsSchema,
  'POST /vms': createVmSchema,
  'POST /vms/bulk': bulkVmSchema,
  'POST /vms/bulk-create': bulkCreateVmSchema,
  'PUT /vms/:id': updateVmSchema,
  'PUT /vms/:id/nics/:nic/address': changeNicAddressSchema,
  'POST /vms/:id/control': vmControlSchema,
  'POST /vms/:id/snapshots': createSnapshotSchema,
  'POST /vms/:id/migrate': migrateVmSchema,
  'POST /clusters/:id/ssh/push': sshPushSchema,
  'POST /clusters/:id/ssh/test': sshTestSchema,
  'PUT /clusters/:id/ssh': sshClusterUserSchema,
  'PUT /clusters/:id/nodes/:node/ssh': sshNodeTargetSchema,
  'POST /bulk-clusters/push-ssh-keys': sshBulkPushSchema,
  'PUT /companies/:id/identity-provider': identityProviderInputSchema,
  'PUT /platform/identity-provider': identityProviderInputSchema,
  'POST /system/updates/execute': executeUpdateSchema,
  'POST /system/certificates': requestCertificateSchema,
  'PUT /platform/settings': platformSettingsSchema,
  'POST /companies/:companyId/clusters': createOwnedClusterSchema,
  'POST /companies/:companyId/clusters/probe-fingerprint': probeFingerprintSchema,
  'POST /companies/:companyId/clusters/test': testClusterInputSchema,
  'PATCH /companies/:companyId/clusters/:id': updateOwnedClusterSchema,
  'POST /backup-schedules': createBackupScheduleSchema,
  'PATCH /backup-schedules/:id': updateBackupScheduleSchema,
  'POST /vms/:id/backups': backupNowSchema,
  'POST /vms/:id/backups/protection': backupProtectionSchema,
  'POST /vms/:id/backups/restore': backupRestoreSchema,
  'POST /snapshot-schedules': createSnapshotScheduleSchema,
  'PATCH /snapshot-schedules/:id': updateSnapshotScheduleSchema,
  'POST /dr-pairs': createDrPairSchema,
  'PATCH /dr-pairs/:id': updateDrPairSchema,
  'POST /dr-pairs/:id/guests/:guestId/failover': drFailoverSchema,
  'POST /dr-pairs/:id/guests/:guestId/failback': drFailbackSchema,
  'POST /ipam/ranges': createIpRangeSchema,
  'PATCH /ipam/ranges/:id': updateIpRangeSchema,
  'POST /ipam/ranges/:id/allocations': allocateIpSchema,
  'POST /ipam/ranges/:id/reservations': reserveIpSchema,
  'POST /ipam/addresses/:id/release': releaseIpSchema,
  'POST /ipam/clusters/:clusterId/vlan-pools': createVlanPoolSchema,
  'POST /ipam/companies/:companyId/vlans': assignVlanSchema,
  'POST /alerts/:id/acknowledge': acknowledgeAlertSchema,
  'POST /alerts/:id/silence': silenceAlertSchema,
  'POST /alert-rules': createAlertRuleSchema,
  'PATCH /alert-rules/:id': updateAlertRuleSchema,
  'POST /maintenance-windows': createMaintenanceWindowSchema,
  'POST /notification-channels': createChannelSchema,
  'PATCH /notification-channels/:id': updateChannelSchema,
  'POST /clusters/:id/pve-api/call': pveApiCallSchema,
  'POST /tickets': ticketCreateSchema,
  'PATCH /tickets/:id': ticketUpdateSchema,
  'POST /tickets/:id/messages': ticketMessageCreateSchema,
  'POST /tickets/:id/watchers': ticketWatcherAddSchema,
  'PUT /tickets/sla-policy': ticketSlaPolicySchema,
  'PUT /companies/:id/ticket-sla': ticketSlaPolicySchema,
  'PUT /branding/platform': brandingUpdateSchema,
  'PUT /companies/:id/branding': brandingUpdateSchema,
  'PUT /companies/:id/branding/hosts': brandingHostsSchema,
  'POST /companies/:id/branding/certificates': orderHostCertificateSchema,
  'POST /esxi-sources': createEsxiSourceSchema,
  'PATCH /esxi-sources/:id': updateEsxiSourceSchema,
  'POST /esxi-sources/:id/accept-certificate': acceptEsxiFingerprintSchema,
  'POST /firewalls': createFirewallSchema,
  'PATCH /firewalls/:id': updateFirewallSchema,
  'POST /firewalls/:id/changes': createFirewallChangeSchema,
  'POST /firewalls/deploy': deployFirewallSchema,
  'POST /firewalls/network-edge': networkEdgeSchema,
  'POST /esxi-sources/:id/vms/:vmId/import-plan': esxiImportPlanSchema,
  'POST /esxi-sources/:id/vms/:vmId/import': esxiImportSchema,
  'POST /esxi-projects': createEsxiProjectSchema,
  'PUT /esxi-projects/:id/vms': setEsxiProjectVmsSchema,
  'POST /esxi-projects/:id/waves/:wave/run': runEsxiWaveSchema,
  'PUT /vms/:id/grants': vmGrantsSchema,
  'POST /quota-requests': quotaRequestCreateSchema,
  'POST /quota-requests/:id/approve': quotaRequestDecisionSchema,
  'POST /quota-requests/:id/decline': quotaRequestDecisionSchema,
  'POST /templates/scan': templateScanSchema,
  'PUT /templates/:id': updateTemplateSchema,
  'POST /deployments': createDeploymentSchema,
  'PATCH /deployments/:id': updateDeploymentSchema,
  'POST /deployments/:id/rollback': rollbackDeploymentSchema,
  'POST /roles': createCustomRoleSchema,
  'PATCH /roles/:id': updateCustomRoleSchema,
  'PUT /users/:id/custom-role': assignCustomRoleSchema,
  'PUT /companies/:id/ldap-directory': ldapDirectoryInputSchema,
  'POST /companies/:id/ldap-directory/test': ldapTestSchema,
  'PUT /platform/ldap-directory': ldapDirectoryInputSchema,
  'POST /platform/ldap-directory/test': ldapTestSchema,
  'POST /auth/passkeys': passkeyRegistrationSchema,
  'PATCH /auth/passkeys/:id': passkeyRenameSchema,
  'POST /auth/passkey-login': passkeyLoginSchema,
  'POST /auth/device/code': deviceCodeRequestSchema,
  'POST /auth/device/token': deviceTokenSchema,
  'PUT /usage/prices/:companyId': usagePriceListSchema,
} as const satisfies Record<string, z.ZodType>;

export type ApiBodyRoute = keyof typeof API_BODIES;

/**
 * The catalogue entry a concrete request hits ("POST", "/quota-requests/0199…/approve"), or null
 * when that route takes no body. A literal segment wins over a parameter (/clusters/test vs /:id).
 */
export function apiBodyRoute(method: string, path: string): ApiBodyRoute | null {
  return apiRouteOf(Object.keys(API_BODIES) as ApiBodyRoute[], method, path);
}
