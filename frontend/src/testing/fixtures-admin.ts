import type { ActivityView, CustomRoleView } from '@multpanel/contracts';

// Typed builders for the answers of the admin area (activity, roles, SSH keys, leftovers, system
// updates, the PVE API explorer): whole objects as the API sends them, so a test names only the
// fields it is about.

const AT = '2026-01-01T10:00:00.000Z';

export const activityView = (over: Partial<ActivityView> = {}): ActivityView => ({
  id: 'a1',
  createdAt: AT,
  action: 'auth.login',
  result: 'success',
  actorId: null,
  actorEmail: null,
  actorName: null,
  actorType: 'user',
  companyId: null,
  companyName: null,
  resourceType: null,
  resourceId: null,
  resourceName: null,
  ip: null,
  userAgent: null,
  requestId: null,
  details: null,
  ...over,
});

/** A custom role (GET /api/roles): a platform-wide one unless `companyId` is given. */
export const customRoleView = (over: Partial<CustomRoleView> = {}): CustomRoleView => ({
  id: '55555555-5555-4555-8555-555555555555',
  companyId: null,
  name: 'Manager',
  description: null,
  permissions: ['vm.read', 'vm.power'],
  userCount: 2,
  createdAt: AT,
  updatedAt: AT,
  ...over,
});
