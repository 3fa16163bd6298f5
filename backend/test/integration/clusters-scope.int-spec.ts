import { clusterFor } from '../helpers/foreign-resources';
import { TestContext, type LoggedIn } from '../helpers/test-context';

// Clusters through the access layer: a salesperson sees the clusters his companies may use (and only
// his companies in their allow-lists); the request budget is set per cluster and shown with the rate.
describe('clusters: scope and request budget', () => {
  let ctx: TestContext;
  let staff: LoggedIn;
  let sales: LoggedIn;
  let acme: string;
  let x: string;

  beforeAll(async () => {
    ctx = await TestContext.create();
    acme = (await ctx.newCompany()).id;
    x = (await ctx.newCompany()).id;
    staff = await ctx.login(await ctx.newUser({ role: 'super_admin' }));
    const s = await ctx.newUser({ role: 'salesperson' });
    await ctx.assignSales(s.id, acme);
    sales = await ctx.login(s);
  });
  afterAll(() => ctx.close());

  it('shows a salesperson the clusters of his companies only, as if the others did not exist', async () => {
    const mine = (await clusterFor(ctx, [acme], 'mine')).cluster.id;
    const shared = (await clusterFor(ctx, [acme, x], 'shared')).cluster.id;
    const theirs = (await clusterFor(ctx, [x], 'theirs')).cluster.id;
    const list = await ctx.http.get('/api/clusters').set(sales.auth);
    const ids = list.body.map((c: { id: string }) => c.id);
    expect(ids).toEqual(expect.arrayContaining([mine, shared]));
    expect(ids).not.toContain(theirs);
    const view = await ctx.http.get(`/api/clusters/${shared}`).set(sales.auth);
    expect(view.body.allowedCompanyIds).toEqual([acme]);
    for (const path of ['', '/nodes', '/storages', '/health', '/request-rate']) {
      const res = await ctx.http.get(`/api/clusters/${theirs}${path}`).set(sales.auth);
      expect([path, res.status, res.body.message]).toEqual([path, 404, 'Cluster not found']);
    }
    const all = await ctx.http.get(`/api/clusters/${shared}`).set(staff.auth);
    expect(all.body.allowedCompanyIds).toEqual([acme, x].sort());
  });

  it('keeps a request budget per cluster (default 10/s, burst 20) and reports the rate', async () => {
    const id = (await clusterFor(ctx, [], 'budget')).cluster.id;
    const before = await ctx.http.get(`/api/clusters/${id}`).set(staff.auth);
    expect(before.body.requestBudget).toEqual({ ratePerSec: 10, burst: 20 });
    expect(before.body.requestRate).toEqual({
      lastMinute: 0,
      interactive: 0,
      background: 0,
      currentMinute: 0,
    });
    const upd = await ctx.http
      .patch(`/api/clusters/${id}`)
      .set(staff.auth)
      .send({ requestRatePerSec: 4, requestBurst: 8 });
    expect(upd.status).toBe(200);
    expect(upd.body.requestBudget).toEqual({ ratePerSec: 4, burst: 8 });
    const bad = await ctx.http
      .patch(`/api/clusters/${id}`)
      .set(staff.auth)
      .send({ requestRatePerSec: 0 });
    expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const denied = await ctx.http
      .patch(`/api/clusters/${id}`)
      .set(sales.auth)
      .send({ requestRatePerSec: 100 });
    expect(denied.status).toBe(403);
    const hour = await ctx.http.get(`/api/clusters/${id}/request-rate`).set(staff.auth);
    expect(hour.body).toHaveLength(60);
    expect(hour.body[59]).toEqual({ at: expect.any(String), interactive: 0, background: 0 });
  });
});
