import { randomUUID } from 'node:crypto';
import { newClusterRow } from '../helpers/cluster-rows';
import { TestContext, type LoggedIn } from '../helpers/test-context';

// The low-severity findings of the penetration test (issue 14), one block each.
describe('hardening (penetration test findings)', () => {
  let ctx: TestContext;
  let admin: LoggedIn;

  beforeAll(async () => {
    ctx = await TestContext.create();
    admin = await ctx.login(await ctx.newUser({ role: 'super_admin' }));
  });
  afterAll(() => ctx.close());

  const newCluster = () => newClusterRow(ctx);

  describe('cross-site checks', () => {
    it('ignores X-Forwarded-Host from a client that is not a trusted proxy', async () => {
      const s = await ctx.login(await ctx.newUser());
      const res = await ctx.http
        .post('/api/auth/refresh')
        .set('Cookie', s.refreshCookie)
        .set('Origin', 'https://evil.example')
        .set('X-Forwarded-Host', 'evil.example');
      expect(res.status).toBe(403);
      // The same request from the page itself still works.
      const host = new URL(ctx.baseUrl).host;
      const ok = await ctx.http
        .post('/api/auth/refresh')
        .set('Cookie', s.refreshCookie)
        .set('Origin', `http://${host}`);
      expect(ok.status).toBe(200);
    });
  });

  describe('response headers', () => {
    it('marks API answers no-store and sends HSTS only over TLS', async () => {
      const res = await ctx.http.get('/api/auth/me').set(admin.auth);
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['strict-transport-security']).toBeUndefined();
      expect(res.headers['content-security-policy']).not.toMatch(/upgrade-insecure-requests/);
      // Errors with personal data too.
      const missing = await ctx.http.get(`/api/users/${randomUUID()}`).set(admin.auth);
      expect(missing.headers['cache-control']).toBe('no-store');
    });

    it('sends HSTS and upgrade-insecure-requests when a trusted proxy says https', async () => {
      const behindProxy = await TestContext.create({ env: { TRUST_PROXY: 'loopback' } });
      try {
        const res = await behindProxy.http.get('/api/health').set('X-Forwarded-Proto', 'https');
        expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
        expect(res.headers['content-security-policy']).toMatch(/upgrade-insecure-requests/);
        const plain = await behindProxy.http.get('/api/health').set('X-Forwarded-Proto', 'http');
        expect(plain.headers['strict-transport-security']).toBeUndefined();
      } finally {
        await behindProxy.close();
      }
    });
  });

  describe('logout', () => {
    it('revokes the session named by a bearer token when no cookie is sent', async () => {
      const s = await ctx.login(await ctx.newUser());
      const out = await ctx.http.post('/api/auth/logout').set(s.auth);
      expect(out.status).toBe(204);
      expect((await ctx.http.get('/api/auth/me').set(s.auth)).status).toBe(401);
      // The refresh token of that session is dead too.
      const refresh = await ctx.http.post('/api/auth/refresh').set('Cookie', s.refreshCookie);
      expect(refresh.status).toBe(401);
    });
  });

  describe('account existence outside the caller’s scope', () => {
    it('gives a company admin the same answer for a staff address as for a free one nearby', async () => {
      const staffDomain = `${ctx.unique('staff').toLowerCase()}.example`;
      const staff = await ctx.newUser({ role: 'salesperson', email: `ops@${staffDomain}` });
      const company = await ctx.newCompany();
      const companyAdmin = await ctx.login(
        await ctx.newUser({ role: 'company_admin', companyId: company.id }),
      );
      const create = (email: string) =>
        ctx.http
          .post('/api/users')
          .set(companyAdmin.auth)
          .send({ email, name: 'Probe', role: 'user', companyId: company.id });
      const taken = await create(staff.email);
      const free = await create(`nobody-${randomUUID().slice(0, 8)}@${staffDomain}`);
      expect(taken.status).toBeGreaterThanOrEqual(400);
      expect({ status: free.status, body: free.body }).toEqual({
        status: taken.status,
        body: taken.body,
      });
      expect(taken.body.message).not.toMatch(/exists/i);
      // Staff (scope: all) still get the precise answer.
      const precise = await ctx.http
        .post('/api/users')
        .set(admin.auth)
        .send({ email: staff.email, name: 'Dup', role: 'user', companyId: company.id });
      expect(precise.status).toBe(409);
    });

    it('still tells a company admin about a clash with their own users', async () => {
      const company = await ctx.newCompany();
      const own = await ctx.newUser({ role: 'user', companyId: company.id });
      const companyAdmin = await ctx.login(
        await ctx.newUser({ role: 'company_admin', companyId: company.id }),
      );
      const res = await ctx.http
        .post('/api/users')
        .set(companyAdmin.auth)
        .send({ email: own.email, name: 'Dup', role: 'user', companyId: company.id });
      expect(res.status).toBe(409);
      expect(res.body.message).toMatch(/already exists/);
    });
  });

  describe('deleting clusters and companies', () => {
    it('refuses a template scan of a cluster that does not exist, starting no job', async () => {
      const before = await ctx.prisma.job.count({ where: { type: 'templates.scan' } });
      const res = await ctx.http
        .post('/api/templates/scan')
        .set(admin.auth)
        .send({ clusterId: randomUUID() });
      expect(res.status).toBe(404);
      expect(await ctx.prisma.job.count({ where: { type: 'templates.scan' } })).toBe(before);
    });

    it('removes a cluster’s templates and finished jobs with it, and refuses while jobs run', async () => {
      const cluster = await newCluster();
      await ctx.prisma.vmTemplate.create({
        data: {
          clusterId: cluster.id,
          node: 'pve1',
          vmid: 9000,
          kind: 'qemu',
          name: 'debian-12',
        },
      });
      const running = await ctx.prisma.job.create({
        data: { type: 'templates.scan', status: 'running', clusterId: cluster.id, params: {} },
      });
      const busy = await ctx.http.delete(`/api/clusters/${cluster.id}`).set(admin.auth);
      expect(busy.status).toBe(409);
      expect(busy.body.message).toMatch(/job/);
      await ctx.prisma.job.update({ where: { id: running.id }, data: { status: 'succeeded' } });

      const res = await ctx.http.delete(`/api/clusters/${cluster.id}`).set(admin.auth);
      expect(res.status).toBe(204);
      expect(await ctx.prisma.vmTemplate.count({ where: { clusterId: cluster.id } })).toBe(0);
      expect(await ctx.prisma.job.count({ where: { clusterId: cluster.id } })).toBe(0);
    });

    it('removes a company’s quota requests, jobs and cluster allowances with it', async () => {
      const company = await ctx.newCompany();
      const cluster = await newCluster();
      await ctx.prisma.clusterCompany.create({
        data: { clusterId: cluster.id, companyId: company.id },
      });
      const requester = await ctx.newUser({ role: 'salesperson' });
      await ctx.prisma.quotaRequest.create({
        data: { companyId: company.id, requestedById: requester.id, requested: {}, reason: 'x' },
      });
      await ctx.prisma.job.create({
        data: { type: 'vm.power', status: 'failed', companyId: company.id, params: {} },
      });
      const res = await ctx.http.delete(`/api/companies/${company.id}`).set(admin.auth);
      expect(res.status).toBe(204);
      const where = { companyId: company.id };
      expect(await ctx.prisma.quotaRequest.count({ where })).toBe(0);
      expect(await ctx.prisma.job.count({ where })).toBe(0);
      expect(await ctx.prisma.clusterCompany.count({ where })).toBe(0);
    });

    it('refuses to delete a company that still owns guests or has jobs running', async () => {
      const company = await ctx.newCompany();
      const cluster = await newCluster();
      const guest = await ctx.prisma.guest.create({
        data: {
          clusterId: cluster.id,
          vmid: 100,
          activeVmid: 100,
          kind: 'qemu',
          status: 'running',
          node: 'pve1',
          tags: [],
          syncHash: '0000000000000000',
          companyId: company.id,
        },
      });
      const owned = await ctx.http.delete(`/api/companies/${company.id}`).set(admin.auth);
      expect(owned.status).toBe(409);
      expect(owned.body.message).toMatch(/guest/);
      await ctx.prisma.guest.update({ where: { id: guest.id }, data: { companyId: null } });
      await ctx.prisma.job.create({
        data: { type: 'vm.power', status: 'queued', companyId: company.id, params: {} },
      });
      const busy = await ctx.http.delete(`/api/companies/${company.id}`).set(admin.auth);
      expect(busy.status).toBe(409);
      expect(busy.body.message).toMatch(/job/);
    });
  });
});
