import { API_RESPONSES, apiResponseRoute, type ApiResponseRoute } from '@multpanel/contracts';
import { newBackupScheduleRow } from '../helpers/backup-rows';
import type { Response } from 'supertest';
import { newClusterRow } from '../helpers/cluster-rows';
import { TestContext } from '../helpers/test-context';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Routes that integration suites pass to expectApiResponse('METHOD /path', …) as a literal. */
function checkedInFeatureSuites(): Set<string> {
  const routes = new Set<string>();
  for (const file of readdirSync(__dirname).filter((f) => f.endsWith('.int-spec.ts'))) {
    const text = readFileSync(join(__dirname, file), 'utf8');
    for (const m of text.matchAll(/expectApiResponse\(\s*'([A-Z]+ \/[^']*)'/g)) routes.add(m[1]!);
  }
  return routes;
}

/**
 * The SPA's test double refuses a canned answer that does not parse with contracts' API_RESPONSES;
 * this parses the real API's answers with the very same schemas, so a schema (and with it every
 * fixture that passes it) cannot drift from what the API returns. Each route of the catalogue is
 * called here at least once, as the roles the SPA calls it as.
 */
describe('API_RESPONSES agrees with what the API answers', () => {
  let ctx: TestContext;
  const checked = new Set<string>();
  const problems: string[] = [];

  beforeAll(async () => {
    ctx = await TestContext.create();
  });
  afterAll(() => ctx.close());

  /** Parses a 2xx answer with the schema its route resolves to; records what does not fit. */
  function check(method: string, path: string, res: Response, expected: ApiResponseRoute): void {
    const route = apiResponseRoute(method, path.replace(/\?.*$/, ''));
    if (route !== expected)
      problems.push(`${method} ${path}: resolves to ${route}, not ${expected}`);
    checked.add(expected);
    if (res.status < 200 || res.status > 299) {
      problems.push(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return;
    }
    const result = API_RESPONSES[expected].safeParse(res.body);
    if (!result.success)
      problems.push(
        `${method} ${path} (${expected}): ` +
          result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      );
  }

  async function estate() {
    const company = await ctx.newCompany({ maxGuests: 10, maxVcpus: null } as never);
    const adminUser = await ctx.newUser({ role: 'company_admin', companyId: company.id });
    const plainUser = await ctx.newUser({ role: 'user', companyId: company.id });
    const staffUser = await ctx.newUser({ role: 'super_admin' });
    // Pinned like every cluster the API adds; nothing listens there, so the detail has no live part.
    const cluster = await ctx.prisma.cluster.update({
      where: { id: (await newClusterRow(ctx, [company.id])).id },
      data: { fingerprint: 'AB:'.repeat(31) + 'AB' },
    });
    const guest = await ctx.prisma.guest.create({
      data: {
        clusterId: cluster.id,
        companyId: company.id,
        vmid: 101,
        activeVmid: 101,
        kind: 'qemu',
        name: 'web01',
        status: 'running',
        node: 'pve1',
        maxcpu: 2,
        maxmem: 2n * 1024n ** 3n,
        maxdisk: 20n * 1024n ** 3n,
        tags: ['prod'],
        syncHash: '0000000000000000',
      },
    });
    await ctx.prisma.vmGrant.create({
      data: { userId: plainUser.id, companyId: company.id, guestId: guest.id, rights: ['view'] },
    });
    await ctx.prisma.vmTemplate.create({
      data: {
        clusterId: cluster.id,
        node: 'pve1',
        vmid: 9000,
        kind: 'qemu',
        name: 'debian-12',
        companies: { create: [{ companyId: company.id }] },
      },
    });
    const job = await ctx.prisma.job.create({
      data: {
        type: 'vm.start',
        status: 'failed',
        progress: 100,
        message: 'start failed',
        companyId: company.id,
        actorId: adminUser.id,
        guestId: guest.id,
        clusterId: cluster.id,
        node: 'pve1',
        params: {},
        error: 'no quorum',
        startedAt: new Date(),
        finishedAt: new Date(),
        logs: { create: [{ line: 'starting' }, { line: 'no quorum' }] },
      },
    });
    const [admin, plain, staff] = await Promise.all(
      [adminUser, plainUser, staffUser].map((u) => ctx.login(u)),
    );
    return { company, adminUser, plainUser, cluster, guest, job, admin, plain, staff };
  }

  it('parses every catalogued answer the API gives', async () => {
    const e = await estate();
    const get = async (
      path: string,
      auth: { Authorization: string },
      expected: ApiResponseRoute,
    ) => {
      const res = await ctx.http.get(`/api${path}`).set(auth);
      check('GET', path, res, expected);
      return res;
    };
    const post = async (
      path: string,
      auth: { Authorization: string },
      body: object,
      expected: ApiResponseRoute,
    ) => {
      const res = await ctx.http.post(`/api${path}`).set(auth).send(body);
      check('POST', path, res, expected);
      return res;
    };

    // Anonymous and session routes.
    check('GET', '/health', await ctx.http.get('/api/health'), 'GET /health');
    check('GET', '/setup/status', await ctx.http.get('/api/setup/status'), 'GET /setup/status');
    const login = await ctx.http
      .post('/api/auth/login')
      .send({ email: e.adminUser.email, password: 'correct-horse-battery' });
    check('POST', '/auth/login', login, 'POST /auth/login');
    check(
      'POST',
      '/auth/refresh',
      await ctx.http.post('/api/auth/refresh').set('Cookie', e.admin.refreshCookie),
      'POST /auth/refresh',
    );
    await get('/auth/me', e.plain.auth, 'GET /auth/me');

    // Companies, users, quotas (staff and the company's admin).
    await get('/companies', e.staff.auth, 'GET /companies');
    await get(`/companies/${e.company.id}`, e.admin.auth, 'GET /companies/:id');
    await get(`/companies/${e.company.id}/quota`, e.admin.auth, 'GET /companies/:id/quota');
    await get(`/users?companyId=${e.company.id}`, e.staff.auth, 'GET /users');
    await get(`/users/${e.plainUser.id}`, e.admin.auth, 'GET /users/:id');
    const ask = async (guests: number | null) => {
      const res = await post(
        '/quota-requests',
        e.admin.auth,
        { companyId: e.company.id, requested: { guests, vcpus: 8 }, reason: 'new project' },
        'POST /quota-requests',
      );
      return (res.body as { id: string }).id;
    };
    const approved = await ask(20);
    const declined = await ask(null);
    const cancelled = await ask(30);
    await post(
      `/quota-requests/${approved}/approve`,
      e.staff.auth,
      {},
      'POST /quota-requests/:id/approve',
    );
    await post(
      `/quota-requests/${declined}/decline`,
      e.staff.auth,
      { note: 'use the spare cluster' },
      'POST /quota-requests/:id/decline',
    );
    await post(
      `/quota-requests/${cancelled}/cancel`,
      e.admin.auth,
      {},
      'POST /quota-requests/:id/cancel',
    );
    await get(`/quota-requests?companyId=${e.company.id}`, e.staff.auth, 'GET /quota-requests');

    // Jobs, clusters, templates, guests, dashboard.
    await get(`/jobs?companyId=${e.company.id}`, e.staff.auth, 'GET /jobs');
    await get(`/jobs/${e.job.id}`, e.admin.auth, 'GET /jobs/:id');
    await get('/clusters', e.staff.auth, 'GET /clusters');
    await get(`/clusters/${e.cluster.id}`, e.staff.auth, 'GET /clusters/:id');
    await get(`/templates?companyId=${e.company.id}`, e.staff.auth, 'GET /templates');
    await get('/templates', e.admin.auth, 'GET /templates');
    await get(`/vms?companyId=${e.company.id}`, e.staff.auth, 'GET /vms');
    await get('/vms', e.plain.auth, 'GET /vms');
    await get(`/vms/${e.guest.id}`, e.admin.auth, 'GET /vms/:id');
    await get(
      `/dashboard/company?companyId=${e.company.id}`,
      e.admin.auth,
      'GET /dashboard/company',
    );
    await get('/dashboard/company', e.plain.auth, 'GET /dashboard/company');

    // Tickets: a customer opens one, staff answer; both read the list and the detail.
    const ticket = await ctx.http
      .post('/api/tickets')
      .set(e.admin.auth)
      .send({ subject: 'Guest will not start', description: 'web01 fails', guestId: e.guest.id });
    expect(ticket.status).toBe(201);
    const ticketId = (ticket.body as { id: string }).id;
    const reply = await ctx.http
      .post(`/api/tickets/${ticketId}/messages`)
      .set(e.staff.auth)
      .send({ body: 'Looking into it' });
    expect(reply.status).toBe(201);
    await get(`/tickets?companyId=${e.company.id}`, e.staff.auth, 'GET /tickets');
    await get('/tickets', e.admin.auth, 'GET /tickets');
    await get(`/tickets/${ticketId}`, e.staff.auth, 'GET /tickets/:id');
    await get(`/tickets/${ticketId}`, e.admin.auth, 'GET /tickets/:id');

    // Maintenance windows (names of what they cover) and the not-backed-up page.
    const now = Date.now();
    await post(
      '/maintenance-windows',
      e.staff.auth,
      {
        companyId: e.company.id,
        clusterId: e.cluster.id,
        guestId: e.guest.id,
        startsAt: new Date(now).toISOString(),
        endsAt: new Date(now + 3600_000).toISOString(),
        reason: 'Agreement check',
      },
      'POST /maintenance-windows',
    );
    await get('/maintenance-windows', e.admin.auth, 'GET /maintenance-windows');
    await get(
      `/backup-history/not-backed-up?companyId=${e.company.id}`,
      e.staff.auth,
      'GET /backup-history/not-backed-up',
    );
    // Backup history with a run of the company and its success rates.
    const schedule = await newBackupScheduleRow(ctx, e.company.id, { name: 'Nightly' });
    const run = await ctx.prisma.backupRun.create({
      data: {
        companyId: e.company.id,
        scheduleId: schedule.id,
        trigger: 'schedule',
        status: 'succeeded',
        storage: 'local',
        plannedAt: new Date(now - 3600_000),
        finishedAt: new Date(now - 3000_000),
      },
    });
    await ctx.prisma.backupResult.create({
      data: {
        runId: run.id,
        companyId: e.company.id,
        guestId: e.guest.id,
        vmid: e.guest.vmid,
        clusterId: e.cluster.id,
        node: e.guest.node,
        status: 'succeeded',
        finishedAt: new Date(now - 3000_000),
      },
    });
    await get(`/backup-history?companyId=${e.company.id}`, e.admin.auth, 'GET /backup-history');
    await get(
      `/backup-history/success-rates?companyId=${e.company.id}&by=cluster`,
      e.admin.auth,
      'GET /backup-history/success-rates',
    );

    expect(problems).toEqual([]);
  });

  it('calls every route of the catalogue (a schema nobody checks against the API could lie)', () => {
    // Here, or in a feature suite that has the estate the route needs, through expectApiResponse.
    const elsewhere = checkedInFeatureSuites();
    const unchecked = Object.keys(API_RESPONSES).filter(
      (key) => !checked.has(key) && !elsewhere.has(key),
    );
    expect(unchecked).toEqual([]);
  });

  it('a schema refuses an answer the API never gives (the check can fail)', () => {
    const quota = API_RESPONSES['GET /companies/:id/quota'];
    const real = {
      companyId: 'c1',
      limits: { guests: 10, vcpus: null, memoryMb: null, diskGb: null },
      usage: { guests: 1, vcpus: 2, memoryMb: 2048, diskGb: 20 },
    };
    expect(quota.safeParse(real).success).toBe(true);
    // The SPA's own view of a quota (lines), not what the API sends; and an unknown field.
    expect(quota.safeParse({ companyId: 'c1', lines: [] }).success).toBe(false);
    expect(quota.safeParse({ ...real, extra: 1 }).success).toBe(false);
  });
});
