import { Permission } from '@multpanel/contracts/permissions';

// Imported from the sub-module so the entry chunk does not pull in the zod schemas of the index.
/**
 * The permissions the SPA gates on, named once. Values come from the shared contracts map, so a
 * renamed permission breaks the build here instead of silently hiding a menu.
 */
export const perm = {
  companiesRead: Permission.CompanyRead,
  companiesCreate: Permission.CompanyCreate,
  companiesUpdate: Permission.CompanyUpdate,
  companiesSuspend: Permission.CompanySuspend,
  companiesAssignSales: Permission.CompanyAssignSales,
  usersRead: Permission.UserRead,
  usersCreate: Permission.UserCreate,
  usersUpdate: Permission.UserUpdate,
  usersDelete: Permission.UserDelete,
  rolesManage: Permission.RoleManage,
  sessionsManage: Permission.UserSessionsManage,
  activityRead: Permission.ActivityRead,
  profileManage: Permission.ProfileManage,
  apiKeysManage: Permission.ApiKeyManage,
  clustersRead: Permission.ClusterRead,
  vmsRead: Permission.VmRead,
  vmsCreate: Permission.VmCreate,
  vmsUpdate: Permission.VmUpdate,
  vmsDelete: Permission.VmDelete,
  vmsPower: Permission.VmPower,
  vmsConsole: Permission.VmConsole,
  vmsSnapshot: Permission.VmSnapshot,
  vmsBackup: Permission.VmBackup,
  backupSchedules: Permission.BackupScheduleManage,
  backupHistory: Permission.BackupHistoryRead,
  vmGrantsManage: Permission.VmGrantManage,
  quotasApprove: Permission.CompanyUpdate,
  platformSettings: Permission.PlatformSettings,
  identityProviderManage: Permission.IdentityProviderManage,
  ipamRead: Permission.IpamRead,
  ipamAllocate: Permission.IpamAllocate,
  ipamManage: Permission.IpamManage,
  monitoringRead: Permission.MonitoringRead,
  monitoringFleet: Permission.MonitoringFleet,
  alertsManage: Permission.AlertManage,
  alertsAcknowledge: Permission.AlertAcknowledge,
  ticketsRead: Permission.TicketRead,
  ticketsCreate: Permission.TicketCreate,
  ticketsManage: Permission.TicketManage,
  brandingManage: Permission.BrandingManage,
} as const;
