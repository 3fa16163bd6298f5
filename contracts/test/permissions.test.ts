import {
  ALL_PERMISSIONS,
  grantableRoles,
  Permission,
  permissionsForRole,
  ROLE_PERMISSIONS,
  ROLES,
  roleHas,
} from '../src';

describe('role → permission map', () => {
  it('only names permissions that exist', () => {
    const known = new Set<string>(ALL_PERMISSIONS);
    for (const role of ROLES) {
      for (const p of ROLE_PERMISSIONS[role]) expect(known.has(p)).toBe(true);
    }
  });

  it('gives every permission to super_admin and platform settings to nobody else', () => {
    expect([...ROLE_PERMISSIONS.super_admin].sort()).toEqual([...ALL_PERMISSIONS].sort());
    for (const role of ROLES.filter((r) => r !== 'super_admin')) {
      expect(roleHas(role, Permission.PlatformSettings)).toBe(false);
      expect(roleHas(role, Permission.ClusterManage)).toBe(false);
    }
  });

  it('keeps customers away from other companies and cluster administration', () => {
    for (const role of ['company_admin', 'user'] as const) {
      expect(roleHas(role, Permission.CompanyCreate)).toBe(false);
      expect(roleHas(role, Permission.CompanyDelete)).toBe(false);
    }
    expect(roleHas('user', Permission.UserCreate)).toBe(false);
    expect(roleHas('user', Permission.VmCreate)).toBe(false);
  });

  it('keeps per-VM users to their granted guests: no migrate, template, quota or import', () => {
    for (const p of [
      Permission.VmMigrate,
      Permission.VmTemplate,
      Permission.QuotaRequest,
      Permission.GuestImport,
      Permission.QuotaDecide,
    ]) {
      expect(roleHas('user', p)).toBe(false);
    }
    // Migrating moves a guest between nodes, which customers do not see: staff only.
    expect(roleHas('company_admin', Permission.VmMigrate)).toBe(false);
    expect(roleHas('salesperson', Permission.VmMigrate)).toBe(true);
    expect(roleHas('company_admin', Permission.QuotaDecide)).toBe(false);
    expect(roleHas('salesperson', Permission.QuotaDecide)).toBe(true);
    expect(roleHas('salesperson', Permission.GuestImport)).toBe(true);
    for (const role of ROLES.filter((r) => r !== 'super_admin')) {
      expect(roleHas(role, Permission.NodeConsole)).toBe(false);
    }
  });

  it('never lets an actor grant a role holding more than the actor holds', () => {
    for (const actor of ROLES) {
      const held = new Set(ROLE_PERMISSIONS[actor]);
      for (const granted of grantableRoles(actor)) {
        for (const p of ROLE_PERMISSIONS[granted]) expect(held.has(p)).toBe(true);
      }
    }
    expect(grantableRoles('company_admin')).toEqual(
      expect.arrayContaining(['company_admin', 'user']),
    );
    expect(grantableRoles('company_admin')).not.toContain('super_admin');
    expect(grantableRoles('user')).not.toContain('company_admin');
  });

  it('hands out copies, so callers cannot mutate the shared map', () => {
    const perms = permissionsForRole('user');
    perms.push(Permission.PlatformSettings);
    expect(roleHas('user', Permission.PlatformSettings)).toBe(false);
  });
});
