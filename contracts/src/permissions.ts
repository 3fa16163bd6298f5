// Permissions are data: the API guard and the SPA read the same map.

export const ROLES = ['super_admin', 'salesperson', 'company_admin', 'user'] as const;
export type Role = (typeof ROLES)[number];

export const Permission = {
  PlatformSettings: 'platform.settings',
  CompanyRead: 'company.read',
  CompanyCreate: 'company.create',
  CompanyUpdate: 'company.update',
  CompanyDelete: 'company.delete',
  CompanySuspend: 'company.suspend',
  CompanyAssignSales: 'company.assign_sales',
  // A company_admin may require two-factor sign-in for their own company.
  CompanyRequire2fa: 'company.require_2fa',
  UserRead: 'user.read',
  UserCreate: 'user.create',
  UserUpdate: 'user.update',
  UserDelete: 'user.delete',
  UserSessionsManage: 'user.sessions.manage',
  VmGrantManage: 'vm_grant.manage',
  ActivityRead: 'activity.read',
  ClusterRead: 'cluster.read',
  ClusterManage: 'cluster.manage',
  // Add and administer the company's own (dedicated) clusters, when the company may own clusters.
  ClusterOwn: 'cluster.own',
  // The Proxmox API explorer: read the schema, try GETs on clusters one administers (changes:
  // super_admin only).
  PveExplore: 'pve.explore',
  VmRead: 'vm.read',
  VmCreate: 'vm.create',
  VmUpdate: 'vm.update',
  VmDelete: 'vm.delete',
  VmPower: 'vm.power',
  VmConsole: 'vm.console',
  VmSnapshot: 'vm.snapshot',
  VmBackup: 'vm.backup',
  // Move a guest to another node (MSP staff: it names nodes); turn a guest into a template.
  VmMigrate: 'vm.migrate',
  VmTemplate: 'vm.template',
  // Assign guests found on a cluster (no owner yet) to a company the cluster allows.
  GuestImport: 'guest.import',
  // Ask for a quota increase and follow the requests; decide them (the MSP).
  QuotaRequest: 'quota.request',
  QuotaDecide: 'quota.decide',
  // A root shell on a hypervisor node: platform operators only.
  NodeConsole: 'node.console',
  ProfileManage: 'profile.manage',
  ApiKeyManage: 'api_key.manage',
  SystemJobs: 'system.jobs',
  // A company's single sign-on (Entra ID) settings; the platform provider needs PlatformSettings.
  IdentityProviderManage: 'identity_provider.manage',
  // Self-update, TLS certificates and the instances registry (System menu).
  SystemUpdate: 'system.update',
  SystemCertificates: 'system.certificates',
  // Backup schedules of a company (what, when, where, retention) and its backup history.
  BackupScheduleManage: 'backup.schedule.manage',
  BackupHistoryRead: 'backup.history.read',
  // IPAM: see ranges and usage; allocate/reserve/release inside visible ranges; create and edit
  // ranges (salesperson: his companies' ranges; the shared pool: super_admin only).
  IpamRead: 'ipam.read',
  IpamAllocate: 'ipam.allocate',
  IpamManage: 'ipam.manage',
  // Monitoring (issue 20): a company's own figures and alerts; fleet-wide figures (clusters, nodes:
  // the MSP only); alert rules and channels; acknowledging alerts.
  MonitoringRead: 'monitoring.read',
  MonitoringFleet: 'monitoring.fleet',
  AlertManage: 'alert.manage',
  AlertAcknowledge: 'alert.acknowledge',
  // Support tickets: read and open (customers: their own / their company's); work them (MSP staff:
  // assign, internal notes, every status).
  TicketRead: 'ticket.read',
  TicketCreate: 'ticket.create',
  TicketManage: 'ticket.manage',
  // A company's branding (name, logos, colours, mail sender); host names are the MSP's (company.update).
  BrandingManage: 'branding.manage',
  // ESXi / vCenter sources of a company and their discovered inventory (issue 22): MSP staff.
  EsxiManage: 'esxi.manage',
  // Edge firewalls (issue 21): see a company's firewall and its rules; change rules and NAT (company
  // admins on their own firewall); register, re-key and remove firewalls (the MSP).
  FirewallRead: 'firewall.read',
  FirewallManage: 'firewall.manage',
  FirewallRegister: 'firewall.register',
  // Application deployments (issue 24): see them and their releases; create, redeploy, roll back.
  DeploymentRead: 'deployment.read',
  DeploymentManage: 'deployment.manage',
  // Custom roles: define permission sets (company admins: for their company, within their own
  // permissions; platform-wide ones: super_admin) and assign them to users.
  RoleManage: 'role.manage',
} as const;
export type Permission = (typeof Permission)[keyof typeof Permission];
export const ALL_PERMISSIONS: readonly Permission[] = Object.values(Permission);

const P = Permission;
const selfService: Permission[] = [P.ProfileManage, P.ApiKeyManage];
const customerAdmin: Permission[] = [
  P.CompanyRead,
  P.CompanyRequire2fa,
  P.UserRead,
  P.UserCreate,
  P.UserUpdate,
  P.UserDelete,
  P.UserSessionsManage,
  P.VmGrantManage,
  P.ActivityRead,
  P.VmRead,
  P.VmCreate,
  P.VmUpdate,
  P.VmDelete,
  P.VmPower,
  P.VmConsole,
  P.VmSnapshot,
  P.VmBackup,
  P.VmTemplate,
  P.QuotaRequest,
  P.IdentityProviderManage,
  P.BackupScheduleManage,
  P.BackupHistoryRead,
  P.IpamRead,
  P.IpamAllocate,
  P.MonitoringRead,
  P.AlertManage,
  P.AlertAcknowledge,
  P.ClusterOwn,
  P.PveExplore,
  P.TicketRead,
  P.TicketCreate,
  P.BrandingManage,
  P.FirewallRead,
  P.FirewallManage,
  P.DeploymentRead,
  P.DeploymentManage,
  P.RoleManage,
  ...selfService,
];

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  super_admin: ALL_PERMISSIONS,
  salesperson: [
    // Moving a guest between nodes is the operator's call (it names nodes): staff only by default.
    P.VmMigrate,
    P.CompanyUpdate,
    P.CompanySuspend,
    P.ClusterRead,
    P.GuestImport,
    P.QuotaDecide,
    P.IpamManage,
    P.TicketManage,
    P.EsxiManage,
    ...customerAdmin,
  ],
  company_admin: customerAdmin,
  // Per-VM rights (VmGrant) narrow these further to the granted guests. No migrate, template,
  // create or quota permissions: those act beyond one granted guest.
  user: [
    P.VmRead,
    P.VmPower,
    P.VmConsole,
    P.VmSnapshot,
    P.VmBackup,
    P.VmUpdate,
    P.TicketRead,
    P.TicketCreate,
    ...selfService,
  ],
};

export function permissionsForRole(role: Role): Permission[] {
  return [...ROLE_PERMISSIONS[role]];
}

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

// Roles an actor may assign: never one whose permissions exceed the actor's own.
export function grantableRoles(actorRole: Role): Role[] {
  return grantableRolesFor(ROLE_PERMISSIONS[actorRole]);
}

/**
 * The same from the permissions a caller actually holds (a custom role narrows them): nobody
 * creates or manages a user whose built-in role could do more than the caller.
 */
export function grantableRolesFor(held: readonly Permission[]): Role[] {
  const own = new Set(held);
  return ROLES.filter((r) => ROLE_PERMISSIONS[r].every((p) => own.has(p)));
}

export const VM_RIGHTS = ['view', 'console', 'power', 'snapshot', 'backup', 'edit'] as const;
export type VmRight = (typeof VM_RIGHTS)[number];
