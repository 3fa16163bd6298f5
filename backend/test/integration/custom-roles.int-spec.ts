import { Permission as P, ROLE_PERMISSIONS } from '@multpanel/contracts';
import type { Company } from '../../src/generated/prisma/client';
import { expectApiResponse } from '../helpers/api-response';
import { clusterFor, guestAndTemplate } from '../helpers/foreign-resources';
import { TEST_PASSWORD, TestContext, type LoggedIn } from '../helpers/test-context';

// Issue 25, custom roles: permission sets the MSP defines platform-wide and company admins define
// for their company (never beyond their own); assigned to users they narrow the built-in role,
// and the access layer enforces them on the next request.
// A company "manager": users and roles, and everything a plain user may do, nothing else.
const MANAGER = [
  P.UserRead,
  P.UserCreate,
  P.UserUpdate,
  P.RoleManage,
  ...ROLE_PERMISSIONS.user.filter((p) => p !== P.UserRead),
];

describe('custom roles', () => {
  let ctx: TestContext;
  let acme: Company;
  let globex: Company;
  let staff: LoggedIn;
  let acmeAdmin: LoggedIn;
  let globexAdmin: LoggedIn;
  let acmeGuestId: string;
  let globexGuestName: string;
  const http = () => ctx.http;

  beforeAll(async () => {
    ctx = await TestContext.create();
    acme = await ctx.newCompany();
    globex = await ctx.newCompany();
    staff = await ctx.login(await ctx.newUser({ role: 'super_admin' }));
    acmeAdmin = await ctx.login(await ctx.newUser({ role: 'company_admin', companyId: acme.id }));
    globexAdmin = await ctx.login(
      await ctx.newUser({ role: 'company_admin', companyId: globex.id }),
    );
    const { cluster, node } = await clusterFor(ctx, [acme.id, globex.id], 'roles');
    acmeGuestId = (await guestAndTemplate(ctx, acme.id, cluster.id, node.name)).guest.id;
    const g = await guestAndTemplate(ctx, globex.id, cluster.id, node.name);
    globexGuestName = g.guest.name ?? '';
  });
  afterAll(() => ctx?.close());

  const createRole = (auth: LoggedIn, body: Record<string, unknown>) =>
    http().post('/api/roles').set(auth.auth).send(body);

  it('a company admin defines a viewer for their company; it narrows a user to listing guests', async () => {
    const res = await createRole(acmeAdmin, {
      name: 'viewer',
      companyId: acme.id,
      permissions: [P.VmRead],
    });
    expect(res.status).toBe(201);
    expectApiResponse('POST /roles', res);
    expect(res.body).toMatchObject({ companyId: acme.id, permissions: [P.VmRead], userCount: 0 });

    const viewerUser = await ctx.newUser({ role: 'company_admin', companyId: acme.id });
    const assigned = await http()
      .put(`/api/users/${viewerUser.id}/custom-role`)
      .set(acmeAdmin.auth)
      .send({ customRoleId: res.body.id });
    expect(assigned.status).toBe(200);

    const viewer = await ctx.login(viewerUser);
    const me = await http().get('/api/auth/me').set(viewer.auth);
    expect(me.body.permissions).toEqual([P.VmRead]);

    const vms = await http().get('/api/vms').set(viewer.auth);
    expect(vms.status).toBe(200);
    const text = JSON.stringify(vms.body);
    expect(text).toContain(acmeGuestId);
    expect(text).not.toContain(globexGuestName);

    // Nothing more: a company admin's other routes are refused now.
    for (const [method, path] of [
      ['get', '/api/users'],
      ['get', `/api/companies/${acme.id}`],
      ['get', '/api/roles'],
      ['post', `/api/vms/${acmeGuestId}/control`],
    ] as const) {
      const r = await http()[method](path).set(viewer.auth).send({ action: 'start' });
      expect({ path, status: r.status }).toEqual({ path, status: 403 });
    }

    // The role is in use: it is not deleted until its holder is given another.
    const del = await http().delete(`/api/roles/${res.body.id}`).set(acmeAdmin.auth);
    expect(del.status).toBe(409);
    const listed = await http().get('/api/roles').set(acmeAdmin.auth);
    expectApiResponse('GET /roles', listed);
    expect(listed.body.find((r: { id: string }) => r.id === res.body.id).userCount).toBe(1);
    await http()
      .put(`/api/users/${viewerUser.id}/custom-role`)
      .set(acmeAdmin.auth)
      .send({ customRoleId: null })
      .expect(200);
    // Back to the built-in set on the next request (permissions are read per request).
    const again = await http().get('/api/auth/me').set(viewer.auth);
    expect(again.body.permissions).toContain(P.UserRead);
    await http().delete(`/api/roles/${res.body.id}`).set(acmeAdmin.auth).expect(204);
  });

  it('a role never exceeds its author, and platform-wide roles are the MSP’s', async () => {
    const beyond = await createRole(acmeAdmin, {
      name: 'too much',
      companyId: acme.id,
      permissions: [P.VmRead, P.ClusterManage],
    });
    expect(beyond.status).toBe(403);
    expect(beyond.body.message).toContain(P.ClusterManage);

    const platform = await createRole(acmeAdmin, { name: 'global', permissions: [P.VmRead] });
    expect(platform.status).toBe(403);

    const made = await createRole(staff, {
      name: `manager ${ctx.unique('r')}`,
      permissions: [P.VmRead, P.VmPower, P.UserRead],
    });
    expect(made.status).toBe(201);
    expect(made.body.companyId).toBeNull();
    // Every company sees it and may assign it, but only the MSP edits it.
    const seen = await http().get(`/api/roles/${made.body.id}`).set(globexAdmin.auth);
    expect(seen.status).toBe(200);
    const edit = await http()
      .patch(`/api/roles/${made.body.id}`)
      .set(globexAdmin.auth)
      .send({ name: 'mine now' });
    expect(edit.status).toBe(403);
    await http()
      .patch(`/api/roles/${made.body.id}`)
      .set(staff.auth)
      .send({ description: 'operators of a company' })
      .expect(200);
  });

  it("another company's role and users are invisible (404), and bad input is a 400", async () => {
    const acmeRole = await createRole(acmeAdmin, {
      name: 'acme only',
      companyId: acme.id,
      permissions: [P.VmRead],
    });
    expect(acmeRole.status).toBe(201);
    const globexUser = await ctx.newUser({ role: 'user', companyId: globex.id });
    const acmeUser = await ctx.newUser({ role: 'user', companyId: acme.id });

    expect((await http().get(`/api/roles/${acmeRole.body.id}`).set(globexAdmin.auth)).status).toBe(
      404,
    );
    expect(
      (
        await http()
          .patch(`/api/roles/${acmeRole.body.id}`)
          .set(globexAdmin.auth)
          .send({ name: 'x' })
      ).status,
    ).toBe(404);
    expect(
      (await http().delete(`/api/roles/${acmeRole.body.id}`).set(globexAdmin.auth)).status,
    ).toBe(404);
    const listed = await http().get('/api/roles').set(globexAdmin.auth);
    expect(JSON.stringify(listed.body)).not.toContain(acmeRole.body.id);
    // Globex cannot give its user Acme's role, nor touch Acme's users.
    expect(
      (
        await http()
          .put(`/api/users/${globexUser.id}/custom-role`)
          .set(globexAdmin.auth)
          .send({ customRoleId: acmeRole.body.id })
      ).status,
    ).toBe(404);
    expect(
      (
        await http()
          .put(`/api/users/${acmeUser.id}/custom-role`)
          .set(globexAdmin.auth)
          .send({ customRoleId: null })
      ).status,
    ).toBe(404);
    // Staff see both and still may not cross companies with a company role.
    const cross = await http()
      .put(`/api/users/${globexUser.id}/custom-role`)
      .set(staff.auth)
      .send({ customRoleId: acmeRole.body.id });
    expect(cross.status).toBe(400);

    for (const body of [
      { name: '', companyId: acme.id, permissions: [P.VmRead] },
      { name: 'x', companyId: acme.id, permissions: [] },
      { name: 'x', companyId: acme.id, permissions: ['vm.fly'] },
      { name: 'x', companyId: acme.id, permissions: [P.VmRead, P.VmRead] },
      { name: 'x', companyId: 'not-a-uuid', permissions: [P.VmRead] },
      { name: 'x', companyId: acme.id, permissions: [P.VmRead], extra: 1 },
    ]) {
      const r = await createRole(acmeAdmin, body);
      expect({ body, status: r.status }).toEqual({ body, status: 400 });
    }
    const dup = await createRole(acmeAdmin, {
      name: 'acme only',
      companyId: acme.id,
      permissions: [P.VmRead],
    });
    expect(dup.status).toBe(409);
    expect(
      (await http().patch(`/api/roles/${acmeRole.body.id}`).set(acmeAdmin.auth).send({})).status,
    ).toBe(400);
  });

  it('a narrowed admin cannot widen anyone; its sign-in answer carries the narrowed set', async () => {
    const managerRole = await createRole(acmeAdmin, {
      name: 'manager',
      companyId: acme.id,
      permissions: MANAGER,
    });
    const managerUser = await ctx.newUser({ role: 'company_admin', companyId: acme.id });
    await http()
      .put(`/api/users/${managerUser.id}/custom-role`)
      .set(acmeAdmin.auth)
      .send({ customRoleId: managerRole.body.id })
      .expect(200);
    const manager = await ctx.login(managerUser);
    // The login answer already carries the narrowed set.
    const loginRes = await http()
      .post('/api/auth/login')
      .send({ email: managerUser.email, password: TEST_PASSWORD });
    expect(loginRes.status).toBe(200);
    expect([...loginRes.body.permissions].sort()).toEqual([...MANAGER].sort());

    // Giving itself (or another admin) the full built-in set back would exceed its own.
    const widen = await http()
      .put(`/api/users/${managerUser.id}/custom-role`)
      .set(manager.auth)
      .send({ customRoleId: null });
    expect(widen.status).toBe(403);
    const otherAdmin = await ctx.newUser({ role: 'company_admin', companyId: acme.id });
    const narrowFull = await http()
      .put(`/api/users/${otherAdmin.id}/custom-role`)
      .set(manager.auth)
      .send({ customRoleId: managerRole.body.id });
    expect(narrowFull.status).toBe(403);

    // Nor through the users routes: no new company_admin, no promotion (built-in roles are checked
    // against the permissions the manager holds, not its built-in role's).
    const created = await http()
      .post('/api/users')
      .set(manager.auth)
      .send({
        email: `${ctx.unique('promoted')}@test.local`,
        name: 'Promoted',
        role: 'company_admin',
        companyId: acme.id,
        password: 'a-long-enough-password-1',
      });
    expect(created.status).toBe(403);
    // A plain user is within the manager's permissions: that one it may create.
    const allowed = await http()
      .post('/api/users')
      .set(manager.auth)
      .send({
        email: `${ctx.unique('plain')}@test.local`,
        name: 'Plain',
        role: 'user',
        companyId: acme.id,
        password: 'a-long-enough-password-1',
      });
    expect(allowed.status).toBe(201);
    const plain = await ctx.newUser({ role: 'user', companyId: acme.id });
    const promoted = await http()
      .patch(`/api/users/${plain.id}`)
      .set(manager.auth)
      .send({ role: 'company_admin' });
    expect(promoted.status).toBe(403);
  });
});
