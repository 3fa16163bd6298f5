import { randomUUID } from 'node:crypto';
import { Permission } from '@multpanel/contracts';
import { expectApiResponse } from '../helpers/api-response';
import { newClusterRow } from '../helpers/cluster-rows';
import { TestContext } from '../helpers/test-context';
import type { Actor } from '../../src/common/auth/actor';
import { DashboardRepository } from '../../src/modules/dashboard/dashboard.repository';
import { DashboardService } from '../../src/modules/dashboard/dashboard.service';

const GIB = 1024n ** 3n;

// Issue 20, role dashboards: the staff's fleet at a glance and a company's own estate. Other suites
// share the database, so staff figures are checked as "at least ours" and by a company no other
// suite could outrank; company figures are exact.
describe('role dashboards', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await TestContext.create();
  });
  afterAll(() => ctx.close());

  /** `bigCpu`: vCPUs of Acme's first guest (the staff case makes Acme outrank every other company). */
  async function estate(bigCpu = 4000) {
    const acme = await ctx.newCompany();
    const globex = await ctx.newCompany();
    const cluster = await newClusterRow(ctx, [acme.id, globex.id]);
    let vmid = 100;
    const guest = (companyId: string, status: string, extra: object = {}) =>
      ctx.prisma.guest.create({
        data: {
          clusterId: cluster.id,
          vmid: ++vmid,
          activeVmid: vmid,
          kind: 'qemu',
          name: `vm${vmid}`,
          status,
          node: 'pve1',
          maxcpu: 2,
          maxmem: 4n * GIB,
          maxdisk: 10n * GIB,
          tags: [],
          companyId,
          syncHash: '0000000000000000',
          ...extra,
        },
      });
    const a1 = await guest(acme.id, 'running', { maxcpu: bigCpu });
    const a2 = await guest(acme.id, 'running');
    const a3 = await guest(acme.id, 'stopped');
    await guest(acme.id, 'stopped', { template: true });
    await guest(acme.id, 'running', { goneAt: new Date() });
    const g1 = await guest(globex.id, 'running');
    const rule = await ctx.prisma.alertRule.create({
      data: {
        name: 'cpu',
        metric: 'guest_cpu',
        threshold: 90,
        forSec: 0,
        severity: 'warning',
        repeatSec: 0,
      },
    });
    const alert = (
      companyId: string,
      guestId: string,
      severity: 'warning' | 'critical',
      state: 'firing' | 'resolved',
    ) =>
      ctx.prisma.alert.create({
        data: {
          ruleId: rule.id,
          companyId,
          clusterId: cluster.id,
          guestId,
          target: `guest:${guestId}`,
          targetLabel: guestId,
          openKey: state === 'firing' ? `${rule.id}|guest:${guestId}` : null,
          state,
          severity,
          since: new Date(),
        },
      });
    await alert(acme.id, a1.id, 'critical', 'firing');
    await alert(acme.id, a2.id, 'warning', 'firing');
    await alert(acme.id, a3.id, 'critical', 'resolved');
    await alert(globex.id, g1.id, 'critical', 'firing');
    const now = Date.now();
    const job = (
      companyId: string,
      guestId: string,
      status: 'succeeded' | 'failed' | 'running',
      ageMin: number,
    ) =>
      ctx.prisma.job.create({
        data: {
          type: 'vm.power',
          status,
          companyId,
          guestId,
          clusterId: cluster.id,
          params: {},
          createdAt: new Date(now - ageMin * 60_000),
          finishedAt: status === 'running' ? null : new Date(now - ageMin * 60_000 + 1000),
        },
      });
    await job(acme.id, a1.id, 'succeeded', 30);
    await job(acme.id, a2.id, 'failed', 20);
    await job(acme.id, a1.id, 'running', 1);
    await job(globex.id, g1.id, 'succeeded', 5);
    const run = await ctx.prisma.backupRun.create({
      data: {
        companyId: acme.id,
        trigger: 'manual',
        status: 'partial',
        storage: 'local',
        plannedAt: new Date(),
      },
    });
    for (const [g, status] of [
      [a1, 'succeeded'],
      [a2, 'failed'],
    ] as const) {
      await ctx.prisma.backupResult.create({
        data: {
          runId: run.id,
          companyId: acme.id,
          guestId: g.id,
          clusterId: cluster.id,
          node: 'pve1',
          vmid: g.vmid,
          guestName: g.name,
          status,
          finishedAt: new Date(now - 10 * 60_000),
        },
      });
    }
    return { acme, globex, a1, a2, a3, g1 };
  }

  it("shows a company's admin their own estate only and refuses the fleet", async () => {
    const { acme, globex, a1, a2, g1 } = await estate();
    const admin = await ctx.login(await ctx.newUser({ role: 'company_admin', companyId: acme.id }));
    expect((await ctx.http.get('/api/dashboard/fleet').set(admin.auth)).status).toBe(403);

    const res = await ctx.http.get('/api/dashboard/company').set(admin.auth);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      companyId: acme.id,
      // the template and the gone guest are not counted
      guests: { running: 2, stopped: 1, other: 0, total: 3 },
      allocated: { vcpus: 4004, memoryBytes: Number(12n * GIB), diskBytes: Number(30n * GIB) },
      alerts: { info: 0, warning: 1, critical: 1 },
      quota: { usage: { guests: expect.any(Number) } },
      usageThisMonth: { month: new Date().toISOString().slice(0, 7) },
    });
    expect(res.body.recentJobs.map((j: { status: string }) => j.status)).toEqual([
      'running',
      'failed',
      'succeeded',
    ]);
    expect(res.body.lastBackups.map((b: { guestId: string }) => b.guestId).sort()).toEqual(
      [a1.id, a2.id].sort(),
    );
    expect(JSON.stringify(res.body)).not.toContain(g1.id);

    // Another company's id looks exactly like a missing one.
    const foreign = await ctx.http
      .get('/api/dashboard/company')
      .query({ companyId: globex.id })
      .set(admin.auth);
    const missing = await ctx.http
      .get('/api/dashboard/company')
      .query({ companyId: randomUUID() })
      .set(admin.auth);
    expect([foreign.status, missing.status]).toEqual([404, 404]);
    expect(foreign.body.message).toEqual(missing.body.message);
    const bad = await ctx.http
      .get('/api/dashboard/company')
      .query({ companyId: 'x' })
      .set(admin.auth);
    expect(bad.status).toBe(400);
  });

  it('narrows a user to the granted guests: no alerts, quota or usage figures', async () => {
    const { acme, a1, a2 } = await estate();
    const u = await ctx.newUser({ role: 'user', companyId: acme.id });
    await ctx.prisma.vmGrant.create({
      data: { userId: u.id, companyId: acme.id, guestId: a2.id, rights: ['view'] },
    });
    const user = await ctx.login(u);
    const res = await ctx.http.get('/api/dashboard/company').set(user.auth);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      guests: { running: 1, stopped: 0, total: 1 },
      allocated: { vcpus: 2 },
      alerts: null,
      quota: null,
      usageThisMonth: null,
    });
    expect(res.body.recentJobs.map((j: { status: string }) => j.status)).toEqual(['failed']);
    expect(res.body.lastBackups.map((b: { guestId: string }) => b.guestId)).toEqual([a2.id]);
    expect(JSON.stringify(res.body)).not.toContain(a1.id);
  });

  it('gives the staff fleet totals, open alerts, 24 h outcomes and top consumers', async () => {
    const { acme } = await estate(90_000);
    const staff = await ctx.login(await ctx.newUser({ role: 'super_admin' }));
    const sales = await ctx.login(await ctx.newUser({ role: 'salesperson' }));
    expect((await ctx.http.get('/api/dashboard/fleet').set(sales.auth)).status).toBe(403);
    const res = await ctx.http.get('/api/dashboard/fleet').set(staff.auth);
    expect(res.status).toBe(200);
    expectApiResponse('GET /dashboard/fleet', res);
    const d = res.body;
    expect(d.clusters.total).toBeGreaterThanOrEqual(1);
    expect(d.guests.running).toBeGreaterThanOrEqual(3);
    expect(d.guests.total).toBe(d.guests.running + d.guests.stopped + d.guests.other);
    expect(d.allocated.vcpus).toBeGreaterThanOrEqual(90_006);
    expect(d.alerts.critical).toBeGreaterThanOrEqual(2);
    expect(d.alerts.warning).toBeGreaterThanOrEqual(1);
    expect(d.jobs.running).toBeGreaterThanOrEqual(1);
    expect(d.jobs.last24h.failed).toBeGreaterThanOrEqual(1);
    expect(d.jobs.last24h.successRate).toBeGreaterThan(0);
    expect(d.jobs.last24h.successRate).toBeLessThan(1);
    expect(d.backups24h.succeeded).toBeGreaterThanOrEqual(1);
    // 90,000 vCPUs on one guest: no other company (this suite's others have 4,000) outranks it.
    expect(d.topConsumers[0]).toMatchObject({
      companyId: acme.id,
      companyName: acme.name,
      guests: 3,
      vcpus: 90_004,
    });
    expect(d.topConsumers.length).toBeLessThanOrEqual(5);
    expect(d.connections.length).toBe(d.clusters.total);
  });

  it('computes the fleet once per interval per scope, shared through Redis', async () => {
    const { acme, globex } = await estate();
    const repo = ctx.app.get(DashboardRepository);
    const service = ctx.app.get(DashboardService);
    const staff = await ctx.login(await ctx.newUser({ role: 'super_admin' }));
    // The previous test's fleet view may still be fresh.
    await ctx.redis.client.del(ctx.redis.key('cache', 'dashboard', 'fleet', 'all'));
    const spy = jest.spyOn(repo, 'staff');
    try {
      // 20 staff screens at once (and a second super_admin): one computation.
      const other = await ctx.login(await ctx.newUser({ role: 'super_admin' }));
      const all = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          ctx.http.get('/api/dashboard/fleet').set(i % 2 ? other.auth : staff.auth),
        ),
      );
      expect(all.map((r) => r.status)).toEqual(Array(20).fill(200));
      expect(spy).toHaveBeenCalledTimes(1);
      const again = await ctx.http.get('/api/dashboard/fleet').set(staff.auth);
      expect(again.body).toEqual(all[0]!.body);
      expect(spy).toHaveBeenCalledTimes(1);
      // A company-scoped holder of monitoring.fleet gets its own figures, computed for its scope.
      const principal = {
        permissions: [Permission.MonitoringFleet],
      } as unknown as Actor['principal'];
      const scoped = (companyIds: string[]): Actor => ({
        principal,
        scope: { kind: 'companies', companyIds },
        meta: {} as Actor['meta'],
      });
      const acmeView = await service.fleet(scoped([acme.id]));
      expect(spy).toHaveBeenCalledTimes(2);
      expect(acmeView.guests.total).toBe(3);
      expect(acmeView.topConsumers.map((c) => c.companyId)).toEqual([acme.id]);
      const bothView = await service.fleet(scoped([globex.id, acme.id]));
      expect(bothView.guests.total).toBe(4);
      expect(spy).toHaveBeenCalledTimes(3);
      // The same company set in another order is the same scope: no new computation.
      await service.fleet(scoped([acme.id, globex.id]));
      expect(spy).toHaveBeenCalledTimes(3);
    } finally {
      spy.mockRestore();
    }
  });
});
