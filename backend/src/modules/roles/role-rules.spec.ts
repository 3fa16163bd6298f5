import { Permission as P, ROLE_PERMISSIONS, narrowedPermissions } from '@multpanel/contracts';
import { assignmentBlockers, beyond } from './role-rules';

describe('custom role rules', () => {
  const admin = ROLE_PERMISSIONS.company_admin;

  it('a custom role narrows the built-in role, never widens it', () => {
    expect(narrowedPermissions('company_admin', [P.VmRead])).toEqual([P.VmRead]);
    // cluster.manage is not a company_admin permission: a role naming it adds nothing.
    expect(narrowedPermissions('company_admin', [P.VmRead, P.ClusterManage])).toEqual([P.VmRead]);
    expect(narrowedPermissions('user', null)).toEqual([...ROLE_PERMISSIONS.user]);
    expect(narrowedPermissions('user', ['no.such.permission'])).toEqual([]);
  });

  it('names what lies beyond the holder', () => {
    expect(beyond(admin, [P.VmRead, P.CompanyCreate, P.ClusterManage])).toEqual([
      P.CompanyCreate,
      P.ClusterManage,
    ]);
    expect(beyond(admin, [P.VmRead])).toEqual([]);
  });

  it('a narrowed admin can neither widen a user nor touch a wider one', () => {
    const manager = narrowedPermissions('company_admin', [P.UserUpdate, P.RoleManage, P.VmRead]);
    // Giving a company_admin the built-in set back would exceed the manager's own permissions.
    expect(assignmentBlockers(manager, 'company_admin', [P.VmRead], null)).toContain(P.VmCreate);
    // A full company_admin cannot be narrowed by the manager either (they can do more).
    expect(assignmentBlockers(manager, 'company_admin', null, [P.VmRead])).toContain(P.VmDelete);
    // Within the manager's own: allowed.
    expect(assignmentBlockers(manager, 'company_admin', [P.VmRead], [P.VmRead])).toEqual([]);
    expect(assignmentBlockers(admin, 'user', null, [P.VmRead])).toEqual([]);
  });
});
