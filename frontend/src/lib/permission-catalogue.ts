import { ALL_PERMISSIONS, Permission } from '@multpanel/contracts/permissions';

/*
 * The one catalogue the SPA shows permissions from (API keys and custom roles): a human label and
 * description per permission (i18n `permissionCatalogue.label|help.<key>`, keys with `.` → `_`), the
 * group it is listed under, and presets. Labels live in features/roles/i18n.en.ts.
 */

/** The i18n key part of a permission: `vm.read` → `vm_read` (i18next splits keys at dots). */
export const permissionKey = (p: Permission): string => p.replace(/\./g, '_');
export const permissionLabelKey = (p: Permission) =>
  `permissionCatalogue.label.${permissionKey(p)}`;
export const permissionHelpKey = (p: Permission) => `permissionCatalogue.help.${permissionKey(p)}`;
/** Keys built here, not written as t('…') in shared code: the phone entry never shows the picker. */
export const PRESETS_TITLE_KEY = 'permissionCatalogue.presets';
export const presetLabelKey = (name: PresetName) => `permissionCatalogue.preset.${name}`;
export const presetHelpKey = (name: PresetName) => `permissionCatalogue.presetHelp.${name}`;
export const groupLabelKey = (group: string) => `permissionCatalogue.group.${group}`;

const P = Permission;

/** Listed in this order; a permission missing here falls into "other" (a test keeps it empty). */
export const PERMISSION_GROUPS: ReadonlyArray<readonly [string, readonly Permission[]]> = [
  [
    'guests',
    [
      P.VmRead,
      P.VmPower,
      P.VmConsole,
      P.VmSnapshot,
      P.VmBackup,
      P.VmUpdate,
      P.VmCreate,
      P.VmDelete,
      P.VmMigrate,
      P.VmTemplate,
      P.VmGrantManage,
      P.GuestImport,
    ],
  ],
  ['backups', [P.BackupHistoryRead, P.BackupScheduleManage]],
  ['monitoring', [P.MonitoringRead, P.MonitoringFleet, P.AlertAcknowledge, P.AlertManage]],
  ['network', [P.IpamRead, P.IpamAllocate, P.IpamManage, P.FirewallRead, P.FirewallManage]],
  ['firewallAdmin', [P.FirewallRegister]],
  ['deployments', [P.DeploymentRead, P.DeploymentManage]],
  ['tickets', [P.TicketRead, P.TicketCreate, P.TicketManage]],
  [
    'company',
    [
      P.CompanyRead,
      P.CompanyUpdate,
      P.CompanyCreate,
      P.CompanyDelete,
      P.CompanySuspend,
      P.CompanyAssignSales,
      P.CompanyRequire2fa,
      P.BrandingManage,
      P.IdentityProviderManage,
      P.QuotaRequest,
      P.QuotaDecide,
    ],
  ],
  [
    'people',
    [
      P.UserRead,
      P.UserCreate,
      P.UserUpdate,
      P.UserDelete,
      P.UserSessionsManage,
      P.RoleManage,
      P.ActivityRead,
    ],
  ],
  [
    'platform',
    [
      P.ClusterRead,
      P.ClusterManage,
      P.ClusterOwn,
      P.PveExplore,
      P.NodeConsole,
      P.EsxiManage,
      P.SystemJobs,
      P.SystemUpdate,
      P.SystemCertificates,
      P.PlatformSettings,
    ],
  ],
  ['account', [P.ProfileManage, P.ApiKeyManage]],
];

const grouped = new Set(PERMISSION_GROUPS.flatMap(([, list]) => list));
/** Permissions no group lists (kept empty by permission-catalogue.test.ts). */
export const UNGROUPED: readonly Permission[] = ALL_PERMISSIONS.filter((p) => !grouped.has(p));

/** `held` in catalogue order, grouped; empty groups are left out. */
export function groupPermissions(
  held: readonly Permission[],
): Array<[group: string, list: Permission[]]> {
  const own = new Set(held);
  const groups = PERMISSION_GROUPS.map(
    ([group, list]) => [group, list.filter((p) => own.has(p))] as [string, Permission[]],
  );
  if (UNGROUPED.some((p) => own.has(p)))
    groups.push(['other', UNGROUPED.filter((p) => own.has(p))]);
  return groups.filter(([, list]) => list.length > 0);
}

export type PresetName = 'readOnly' | 'operateGuests' | 'everything';

/**
 * Presets: a starting point the user can still change. Each is cut down to what the caller holds
 * (a key or role never exceeds its creator); "everything" is all of it.
 */
const PRESETS: Record<Exclude<PresetName, 'everything'>, readonly Permission[]> = {
  // Everything that only reads: dashboards, inventories and histories, no change anywhere.
  readOnly: [
    P.VmRead,
    P.BackupHistoryRead,
    P.MonitoringRead,
    P.IpamRead,
    P.FirewallRead,
    P.DeploymentRead,
    P.TicketRead,
    P.CompanyRead,
    P.UserRead,
    P.ActivityRead,
    P.ClusterRead,
  ],
  // Day-to-day operation of existing guests: power, console, snapshots and backups.
  operateGuests: [
    P.VmRead,
    P.VmPower,
    P.VmConsole,
    P.VmSnapshot,
    P.VmBackup,
    P.BackupHistoryRead,
    P.MonitoringRead,
  ],
};

export const PRESET_NAMES: readonly PresetName[] = ['readOnly', 'operateGuests', 'everything'];

export function presetPermissions(name: PresetName, held: readonly Permission[]): Permission[] {
  if (name === 'everything') return [...held];
  const wanted = new Set(PRESETS[name]);
  return held.filter((p) => wanted.has(p));
}
