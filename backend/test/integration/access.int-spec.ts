import { permissionsForRole, type Role } from '@multpanel/contracts';
import { AccessService } from '../../src/common/access/access.service';
import type { Actor } from '../../src/common/auth/actor';
import type { Scope } from '../../src/common/auth/scope';
import { TestContext } from '../helpers/test-context';

// The access layer on the real database: each check puts the caller's companies in the query, so a
// resource of another company fails exactly like a missing one (same code, same message).
describe('access layer (common/access)', () => {
  let ctx: TestContext;
  let access: AccessService;
  const ids = {} as Record<
    | 'home'
    | 'other'
    | 'openCluster'
    | 'homeCluster'
    | 'otherCluster'
    | 'homeGuest'
    | 'grantedGuest'
    | 'otherGuest'
    | 'homeTemplate'
    | 'otherTemplate',
    string
  >;
  const missing = '0190a0a0-0000-7000-8000-00000000beef';

  const actor = (role: Role, scope: Scope, userId = 'u-1'): Actor => ({
    principal: {
      userId,
      email: `${role}@x.test`,
      name: role,
      role,
      companyId: scope.kind === 'all' ? null : (scope.companyIds[0] ?? null),
      companyName: null,
      permissions: permissionsForRole(role),
      via: 'jwt',
    },
    scope,
    meta: { ip: '127.0.0.1', userAgent: null, secure: false },
  });
  let staff: Actor;
  let admin: Actor;
  let user: Actor;
  let sales: Actor;

  const outcome = (p: Promise<unknown>) =>
    p.then(
      () => 'ok',
      (e: { code?: string; message?: string }) => `${e.code}: ${e.message}`,
    );

  beforeAll(async () => {
    ctx = await TestContext.create();
    access = ctx.app.get(AccessService);
    const home = await ctx.newCompany();
    const other = await ctx.newCompany();
    ids.home = home.id;
    ids.other = other.id;
    const cluster = (label: string, allowed: string[]) =>
      ctx.prisma.cluster.create({
        data: {
          name: ctx.unique(label),
          endpoints: [{ url: 'https://192.0.2.1:8006' }],
          authType: 'token',
          authUser: 'root@pam!x',
          secret: 'not-used',
          tags: [],
          allowedCompanies: { create: allowed.map((companyId) => ({ companyId })) },
        },
      });
    ids.openCluster = (await cluster('open', [])).id;
    ids.homeCluster = (await cluster('home', [home.id])).id;
    ids.otherCluster = (await cluster('other', [other.id])).id;
    let vmid = 100;
    const guest = async (clusterId: string, companyId: string | null) =>
      (
        await ctx.prisma.guest.create({
          data: {
            clusterId,
            companyId,
            vmid: ++vmid,
            activeVmid: vmid,
            kind: 'qemu',
            status: 'running',
            node: 'pve1',
            tags: [],
            syncHash: '0',
          },
        })
      ).id;
    ids.homeGuest = await guest(ids.homeCluster, home.id);
    ids.grantedGuest = await guest(ids.openCluster, home.id);
    ids.otherGuest = await guest(ids.otherCluster, other.id);
    const template = async (clusterId: string, companyId: string) =>
      (
        await ctx.prisma.vmTemplate.create({
          data: {
            clusterId,
            node: 'pve1',
            vmid: ++vmid,
            kind: 'qemu',
            name: 'tpl',
            companies: { create: [{ companyId }] },
          },
        })
      ).id;
    ids.homeTemplate = await template(ids.homeCluster, home.id);
    ids.otherTemplate = await template(ids.otherCluster, other.id);

    const u = await ctx.newUser({ role: 'user', companyId: home.id });
    await ctx.prisma.vmGrant.create({
      data: { userId: u.id, companyId: home.id, guestId: ids.grantedGuest, rights: ['view'] },
    });
    staff = actor('super_admin', { kind: 'all' });
    admin = actor('company_admin', { kind: 'companies', companyIds: [home.id] });
    sales = actor('salesperson', { kind: 'companies', companyIds: [home.id] });
    user = actor('user', { kind: 'vm_grants', companyIds: [home.id], userId: u.id }, u.id);
  }, 60_000);
  afterAll(() => ctx.close());

  it('companies: the caller’s own only; a foreign one looks missing', async () => {
    expect(await outcome(access.requireCompany(admin, ids.home))).toBe('ok');
    const foreign = await outcome(access.requireCompany(admin, ids.other));
    expect(foreign).toBe('NOT_FOUND: Company not found');
    expect(await outcome(access.requireCompany(admin, missing))).toBe(foreign);
    expect(await outcome(access.requireCompany(staff, ids.other))).toBe('ok');
  });

  it('guests: company scope, per-VM grants for users, 403 only for a visible guest', async () => {
    expect(await outcome(access.requireGuest(admin, ids.homeGuest, 'edit'))).toBe('ok');
    const foreign = await outcome(access.requireGuest(admin, ids.otherGuest, 'view'));
    expect(foreign).toBe('NOT_FOUND: VM not found');
    expect(await outcome(access.requireGuest(admin, missing, 'view'))).toBe(foreign);
    // A user sees the granted guest only, and only with the granted rights.
    expect(await outcome(access.requireGuest(user, ids.grantedGuest, 'view'))).toBe('ok');
    expect(await outcome(access.requireGuest(user, ids.grantedGuest, 'power'))).toMatch(
      /^FORBIDDEN/,
    );
    expect(await outcome(access.requireGuest(user, ids.homeGuest, 'view'))).toBe(foreign);
    expect(await access.visibleGuestIds(user)).toEqual([ids.grantedGuest]);
    expect(await access.visibleGuestIds(admin)).toBeNull();
    expect(await access.guestRights(user, ids.grantedGuest)).toEqual(['view']);
  });

  it('clusters: open ones and the company’s own; staff all; manage needs the permission', async () => {
    for (const who of [admin, sales, user]) {
      expect(await outcome(access.requireCluster(who, ids.openCluster, 'read'))).toBe('ok');
      expect(await outcome(access.requireCluster(who, ids.homeCluster, 'use'))).toBe('ok');
      const foreign = await outcome(access.requireCluster(who, ids.otherCluster, 'use'));
      expect(foreign).toBe('NOT_FOUND: Cluster not found');
      expect(await outcome(access.requireCluster(who, missing, 'use'))).toBe(foreign);
    }
    expect(await outcome(access.requireCluster(staff, ids.otherCluster, 'manage'))).toBe('ok');
    expect(await outcome(access.requireCluster(admin, ids.homeCluster, 'manage'))).toMatch(
      /^FORBIDDEN: Missing permission cluster.manage/,
    );
    // For a company: the cluster must allow that company, which must be the caller's.
    expect(
      await outcome(access.requireCluster(staff, ids.homeCluster, 'use', { companyId: ids.other })),
    ).toBe('NOT_FOUND: Cluster not found');
    expect(
      await outcome(access.requireCluster(admin, ids.openCluster, 'use', { companyId: ids.other })),
    ).toBe('NOT_FOUND: Company not found');
    const visible = await access.visibleClusterIds(admin);
    expect(visible).toEqual(expect.arrayContaining([ids.openCluster, ids.homeCluster]));
    expect(visible).not.toContain(ids.otherCluster);
    expect(await access.visibleClusterIds(staff)).toBeNull();
    expect((await access.usableClusters(staff, ids.other)).map((c) => c.id)).toEqual(
      expect.arrayContaining([ids.openCluster, ids.otherCluster]),
    );
  });

  it('templates: usable through the join table; manage needs cluster.manage', async () => {
    expect(await outcome(access.requireTemplate(admin, ids.homeTemplate, 'use'))).toBe('ok');
    const foreign = await outcome(access.requireTemplate(admin, ids.otherTemplate, 'use'));
    expect(foreign).toBe('NOT_FOUND: Template not found');
    expect(await outcome(access.requireTemplate(admin, missing, 'use'))).toBe(foreign);
    expect(
      await outcome(
        access.requireTemplate(staff, ids.homeTemplate, 'use', { companyId: ids.other }),
      ),
    ).toBe(foreign);
    expect(await outcome(access.requireTemplate(staff, ids.otherTemplate, 'manage'))).toBe('ok');
    expect(await outcome(access.requireTemplate(admin, ids.homeTemplate, 'manage'))).toMatch(
      /^FORBIDDEN/,
    );
  });
});
