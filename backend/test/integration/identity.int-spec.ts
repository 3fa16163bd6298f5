import { expectApiResponse } from '../helpers/api-response';
import { newClusterRow } from '../helpers/cluster-rows';
import { TestContext, TEST_PASSWORD, type LoggedIn } from '../helpers/test-context';

describe('companies, users, activity and API keys within scope', () => {
  let ctx: TestContext;
  let root: LoggedIn;
  let acme: { id: string; name: string };
  let globex: { id: string };
  let sales: LoggedIn;
  let acmeAdmin: LoggedIn;
  let acmeAdminId: string;
  let acmeUser: LoggedIn;
  let globexUserId: string;

  beforeAll(async () => {
    ctx = await TestContext.create();
    root = await ctx.login(await ctx.newUser({ role: 'super_admin' }));
    acme = await ctx.newCompany({ name: 'Acme Test' });
    globex = await ctx.newCompany({ name: 'Globex Test' });
    const s = await ctx.newUser({ role: 'salesperson' });
    await ctx.assignSales(s.id, acme.id);
    sales = await ctx.login(s);
    const a = await ctx.newUser({ role: 'company_admin', companyId: acme.id });
    acmeAdminId = a.id;
    acmeAdmin = await ctx.login(a);
    acmeUser = await ctx.login(await ctx.newUser({ role: 'user', companyId: acme.id }));
    globexUserId = (await ctx.newUser({ role: 'user', companyId: globex.id })).id;
  });
  afterAll(() => ctx.close());

  describe('companies', () => {
    it('super_admin creates, updates, suspends and resumes a company', async () => {
      const created = await ctx.http
        .post('/api/companies')
        .set(root.auth)
        .send({ name: 'Initech Ltd', contactEmail: 'it@initech.test', maxGuests: 5 });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        name: 'Initech Ltd',
        slug: 'initech-ltd',
        status: 'active',
        maxGuests: 5,
      });
      const id = created.body.id as string;
      const patched = await ctx.http
        .patch(`/api/companies/${id}`)
        .set(root.auth)
        .send({ maxVcpus: 16 });
      expect(patched.body.maxVcpus).toBe(16);
      const suspended = await ctx.http.post(`/api/companies/${id}/suspend`).set(root.auth);
      expect(expectApiResponse('POST /companies/:id/suspend', suspended)).toMatchObject({
        status: 'suspended',
      });
      expect(suspended.body.suspendedAt).toEqual(expect.any(String));
      expect((await ctx.http.post(`/api/companies/${id}/resume`).set(root.auth)).body.status).toBe(
        'active',
      );
      const dup = await ctx.http
        .post('/api/companies')
        .set(root.auth)
        .send({ name: 'Initech Ltd' });
      expect(dup.body.slug).toBe('initech-ltd-2');
      const log = await ctx.http
        .get('/api/activity')
        .query({ action: 'company.', pageSize: 50 })
        .set(root.auth);
      expect(log.body.items.map((e: { action: string }) => e.action)).toEqual(
        expect.arrayContaining([
          'company.create',
          'company.update',
          'company.suspend',
          'company.resume',
        ]),
      );
    });

    it('the list carries each company’s guests and resources in use (live, non-template)', async () => {
      const cluster = await newClusterRow(ctx, [acme.id]);
      const guest = (vmid: number, extra: object) => ({
        clusterId: cluster.id,
        vmid,
        activeVmid: vmid,
        kind: 'qemu' as const,
        name: `usage-${vmid}`,
        status: 'running' as const,
        node: 'pve1',
        tags: [],
        companyId: acme.id,
        syncHash: '0000000000000000',
        maxcpu: 2,
        maxmem: BigInt(2 * 1024 ** 3),
        maxdisk: BigInt(40 * 1024 ** 3),
        ...extra,
      });
      await ctx.prisma.guest.createMany({
        data: [
          guest(7101, {}),
          guest(7102, { maxcpu: 4, maxmem: BigInt(4 * 1024 ** 3) }),
          guest(7103, { template: true }), // templates and gone guests do not count
          guest(7104, { goneAt: new Date() }),
        ],
      });
      const list = await ctx.http
        .get('/api/companies')
        .query({ search: 'Acme Test' })
        .set(root.auth);
      const row = list.body.items.find((c: { id: string }) => c.id === acme.id);
      expect(row.usage).toEqual({ guests: 2, vcpus: 6, memoryMb: 6144, diskGb: 80 });
      expect(row.userCount).toBe(2);
    });

    it('salesperson and company_admin see only their companies; foreign ids look missing', async () => {
      const salesList = await ctx.http
        .get('/api/companies')
        .query({ pageSize: 200 })
        .set(sales.auth);
      expect(salesList.body.items.map((c: { id: string }) => c.id)).toEqual([acme.id]);
      const adminList = await ctx.http.get('/api/companies').set(acmeAdmin.auth);
      expect(adminList.body).toMatchObject({ total: 1, items: [{ id: acme.id }] });
      for (const who of [sales, acmeAdmin]) {
        expect((await ctx.http.get(`/api/companies/${globex.id}`).set(who.auth)).status).toBe(404);
      }
      expect(
        (await ctx.http.patch(`/api/companies/${globex.id}`).set(sales.auth).send({ notes: 'x' }))
          .status,
      ).toBe(404);
      expect(
        (await ctx.http.post(`/api/companies/${globex.id}/suspend`).set(sales.auth)).status,
      ).toBe(404);
      expect(
        (await ctx.http.post('/api/companies').set(sales.auth).send({ name: 'Nope' })).status,
      ).toBe(403);
      expect((await ctx.http.get('/api/companies').set(acmeUser.auth)).status).toBe(403);
    });

    it('assigns salespeople (super_admin only, salesperson accounts only)', async () => {
      const other = await ctx.newUser({ role: 'salesperson' });
      const res = await ctx.http
        .put(`/api/companies/${globex.id}/salespeople`)
        .set(root.auth)
        .send({ userIds: [other.id] });
      expect(res.status).toBe(200);
      expectApiResponse('PUT /companies/:id/salespeople', res);
      expect(res.body.salespersonIds).toEqual([other.id]);
      const bad = await ctx.http
        .put(`/api/companies/${globex.id}/salespeople`)
        .set(root.auth)
        .send({ userIds: [acmeAdminId] });
      expect(bad.status).toBe(400);
      expect(
        (
          await ctx.http
            .put(`/api/companies/${acme.id}/salespeople`)
            .set(sales.auth)
            .send({ userIds: [] })
        ).status,
      ).toBe(403);
    });
  });

  describe('users', () => {
    it('company_admin manages users of their own company only', async () => {
      const created = await ctx.http.post('/api/users').set(acmeAdmin.auth).send({
        email: 'New.Person@Acme.test',
        name: 'New Person',
        role: 'user',
        companyId: acme.id,
        password: 'a-long-password-1',
      });
      expect(created.status).toBe(201);
      expectApiResponse('POST /users', created);
      expect(created.body).toMatchObject({
        email: 'new.person@acme.test',
        role: 'user',
        status: 'active',
        companyName: 'Acme Test',
      });
      const foreign = await ctx.http
        .post('/api/users')
        .set(acmeAdmin.auth)
        .send({ email: 'x@globex.test', name: 'X', role: 'user', companyId: globex.id });
      expect(foreign.status).toBe(404);
      const list = await ctx.http.get('/api/users').query({ pageSize: 200 }).set(acmeAdmin.auth);
      expect(list.body.items.every((u: { companyId: string }) => u.companyId === acme.id)).toBe(
        true,
      );
      expect((await ctx.http.get(`/api/users/${globexUserId}`).set(acmeAdmin.auth)).status).toBe(
        404,
      );
      expect(
        (await ctx.http.post(`/api/users/${globexUserId}/disable`).set(acmeAdmin.auth)).status,
      ).toBe(404);
      expect((await ctx.http.delete(`/api/users/${globexUserId}`).set(acmeAdmin.auth)).status).toBe(
        404,
      );
    });

    it('nobody grants more than they hold', async () => {
      const up = await ctx.http
        .post('/api/users')
        .set(acmeAdmin.auth)
        .send({ email: 'boss@acme.test', name: 'Boss', role: 'super_admin', companyId: null });
      expect(up.status).toBe(403);
      const staff = await ctx.http
        .post('/api/users')
        .set(sales.auth)
        .send({ email: 'sales2@msp.test', name: 'S2', role: 'salesperson', companyId: null });
      expect(staff.status).toBe(403);
      const target = await ctx.newUser({ role: 'user', companyId: acme.id });
      const promote = await ctx.http
        .patch(`/api/users/${target.id}`)
        .set(acmeAdmin.auth)
        .send({ role: 'salesperson' });
      expect(promote.status).toBe(403);
      const ok = await ctx.http
        .patch(`/api/users/${target.id}`)
        .set(acmeAdmin.auth)
        .send({ role: 'company_admin' });
      expect(ok.body.role).toBe('company_admin');
      expect(
        (
          await ctx.http
            .patch(`/api/users/${acmeAdminId}`)
            .set(acmeAdmin.auth)
            .send({ role: 'user' })
        ).status,
      ).toBe(403);
    });

    it('disabling a user ends their sessions and blocks sign-in', async () => {
      const victim = await ctx.newUser({ role: 'user', companyId: acme.id });
      const session = await ctx.login(victim);
      const res = await ctx.http.post(`/api/users/${victim.id}/disable`).set(acmeAdmin.auth);
      expect(res.body.status).toBe('disabled');
      expect((await ctx.http.get('/api/auth/me').set(session.auth)).status).toBe(401);
      expect(
        (await ctx.http.post('/api/auth/refresh').set('Cookie', session.refreshCookie)).status,
      ).toBe(401);
      const again = await ctx.http
        .post('/api/auth/login')
        .send({ email: victim.email, password: TEST_PASSWORD });
      expect(again.status).toBe(403);
      expect(
        (await ctx.http.post(`/api/users/${victim.id}/enable`).set(acmeAdmin.auth)).body.status,
      ).toBe('active');
    });

    it('admins list and end the sessions of users in scope', async () => {
      const member = await ctx.newUser({ role: 'user', companyId: acme.id });
      const s = await ctx.login(member);
      const list = await ctx.http.get(`/api/users/${member.id}/sessions`).set(acmeAdmin.auth);
      expect(list.status).toBe(200);
      expect(list.body).toHaveLength(1);
      expect(
        (await ctx.http.get(`/api/users/${globexUserId}/sessions`).set(acmeAdmin.auth)).status,
      ).toBe(404);
      expect(
        (await ctx.http.delete(`/api/users/${member.id}/sessions`).set(acmeAdmin.auth)).status,
      ).toBe(204);
      expect((await ctx.http.get('/api/auth/me').set(s.auth)).status).toBe(401);
    });

    it('invites a user who sets a password through the emailed token', async () => {
      const res = await ctx.http
        .post('/api/users/invite')
        .set(acmeAdmin.auth)
        .send({ email: 'invitee@acme.test', name: 'Invitee', role: 'user', companyId: acme.id });
      expectApiResponse('POST /users/invite', res);
      expect(res.status).toBe(201);
      expect(res.body.status).toBe('invited');
      expect(
        await ctx.prisma.userToken.count({ where: { userId: res.body.id, kind: 'invite' } }),
      ).toBe(1);
    });
  });

  describe('activity log', () => {
    it('is scoped, filterable and exports CSV', async () => {
      const mine = await ctx.http.get('/api/activity').query({ pageSize: 200 }).set(acmeAdmin.auth);
      expect(mine.status).toBe(200);
      expectApiResponse('GET /activity', mine);
      expect(mine.body.items.length).toBeGreaterThan(0);
      expect(mine.body.items.every((e: { companyId: string }) => e.companyId === acme.id)).toBe(
        true,
      );
      const failed = await ctx.http
        .get('/api/activity')
        .query({ action: 'user.create' })
        .set(acmeAdmin.auth);
      expect(failed.body.items.every((e: { action: string }) => e.action === 'user.create')).toBe(
        true,
      );
      const csv = await ctx.http
        .get('/api/activity/export.csv')
        .query({ action: 'user.' })
        .set(acmeAdmin.auth);
      expect(csv.status).toBe(200);
      expect(csv.headers['content-type']).toMatch(/text\/csv/);
      const lines = csv.text.trim().split('\r\n');
      expect(lines[0]).toBe(
        'createdAt,action,result,actorEmail,actorName,actorType,companyName,resourceType,resourceId,resourceName,ip,userAgent,requestId',
      );
      expect(lines.length).toBeGreaterThan(1);
      expect(csv.text).not.toContain(globex.id);
      expect((await ctx.http.get('/api/activity').set(acmeUser.auth)).status).toBe(403);
    });

    it('names the request that caused each entry', async () => {
      const requestId = `trace-${Date.now()}`;
      const created = await ctx.http
        .post('/api/users/invite')
        .set(acmeAdmin.auth)
        .set('x-request-id', requestId)
        .send({
          email: `traced-${Date.now()}@acme.test`,
          name: 'Traced',
          role: 'user',
          companyId: acme.id,
        });
      expect(created.status).toBe(201);
      expect(created.headers['x-request-id']).toBe(requestId);
      const row = await ctx.prisma.activityLog.findFirst({
        where: { resourceId: created.body.id },
      });
      expect(row?.requestId).toBe(requestId);
      // The list puts names on the ids: who acted and which user was invited.
      const listed = await ctx.http
        .get('/api/activity')
        .query({ action: 'user.', pageSize: 200 })
        .set(acmeAdmin.auth);
      const entry = listed.body.items.find(
        (e: { resourceId: string }) => e.resourceId === created.body.id,
      );
      expect(entry).toMatchObject({
        resourceType: 'user',
        resourceName: 'Traced',
        actorName: (await ctx.prisma.user.findFirst({ where: { id: row!.actorUserId! } }))?.name,
        companyName: (await ctx.prisma.company.findUnique({ where: { id: acme.id } }))?.name,
      });
      expect(entry.actorName).toBeTruthy();
      // Without a usable incoming id the API mints one, so two requests never share an id.
      const minted = await ctx.http
        .get('/api/auth/me')
        .set(acmeAdmin.auth)
        .set('x-request-id', 'bad id!');
      expect(minted.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('API keys', () => {
    it('work as Bearer with a subset of permissions, and stop when revoked', async () => {
      const created = await ctx.http
        .post('/api/api-keys')
        .set(acmeAdmin.auth)
        .send({ name: 'ci', permissions: ['company.read', 'api_key.manage'] });
      expect(created.status).toBe(201);
      expectApiResponse('POST /api-keys', created);
      const key = created.body.key as string;
      expect(key).toMatch(/^mpk_/);
      expect(await ctx.prisma.apiKey.count({ where: { keyHash: { contains: key } } })).toBe(0);
      const auth = { Authorization: `Bearer ${key}` };
      expect((await ctx.http.get('/api/companies').set(auth)).body.items).toHaveLength(1);
      expect((await ctx.http.get('/api/users').set(auth)).status).toBe(403);
      const listed = await ctx.http.get('/api/api-keys').set(acmeAdmin.auth);
      expectApiResponse('GET /api-keys', listed);
      expect(listed.body[0]).toMatchObject({ name: 'ci', lastUsedAt: expect.any(String) });
      expect(listed.body[0].key).toBeUndefined();
      expect(
        (await ctx.http.delete(`/api/api-keys/${created.body.id}`).set(sales.auth)).status,
      ).toBe(404);
      expect(
        (await ctx.http.delete(`/api/api-keys/${created.body.id}`).set(acmeAdmin.auth)).status,
      ).toBe(204);
      expect((await ctx.http.get('/api/companies').set(auth)).status).toBe(401);
    });

    it('cannot exceed the creator’s permissions and die with a suspended company', async () => {
      const over = await ctx.http
        .post('/api/api-keys')
        .set(acmeAdmin.auth)
        .send({ name: 'x', permissions: ['platform.settings'] });
      expect(over.status).toBe(403);
      const company = await ctx.newCompany();
      const owner = await ctx.login(
        await ctx.newUser({ role: 'company_admin', companyId: company.id }),
      );
      const { body } = await ctx.http
        .post('/api/api-keys')
        .set(owner.auth)
        .send({ name: 'k', permissions: ['company.read'] });
      const auth = { Authorization: `Bearer ${body.key}` };
      expect((await ctx.http.get('/api/companies').set(auth)).status).toBe(200);
      await ctx.http.post(`/api/companies/${company.id}/suspend`).set(root.auth).expect(200);
      expect((await ctx.http.get('/api/companies').set(auth)).status).toBe(401);
    });
  });
});
