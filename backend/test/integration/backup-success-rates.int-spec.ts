import { randomUUID } from 'node:crypto';
import { newBackupScheduleRow } from '../helpers/backup-rows';
import { newClusterRow } from '../helpers/cluster-rows';
import { TestContext } from '../helpers/test-context';

/**
 * Issue 18, backup history: success rates per schedule, company and cluster, counted from the
 * guests' results of the runs planned in the window; scoped like the history.
 */
describe('backup success rates', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await TestContext.create();
  });
  afterAll(async () => {
    await ctx?.close();
  });

  it('counts per schedule, company and cluster; old runs and other companies are not counted', async () => {
    const acme = await ctx.newCompany();
    const globex = await ctx.newCompany();
    const [c1, c2] = [await newClusterRow(ctx, [acme.id]), await newClusterRow(ctx, [acme.id])];
    const schedule = (name: string) => newBackupScheduleRow(ctx, acme.id, { name });
    const nightly = await schedule('Nightly');
    const weekly = await schedule('Weekly');
    let vmid = 100;
    const run = async (
      companyId: string,
      scheduleId: string | null,
      plannedAt: Date,
      results: Array<[string, string]>,
    ) =>
      ctx.prisma.backupRun.create({
        data: {
          companyId,
          scheduleId,
          trigger: scheduleId ? 'schedule' : 'manual',
          status: 'partial',
          storage: 'local',
          plannedAt,
          results: {
            create: results.map(([clusterId, status]) => ({
              companyId,
              guestId: randomUUID(),
              clusterId,
              node: 'pve1',
              vmid: vmid++,
              status,
            })),
          },
        },
      });
    const now = Date.now();
    const daysAgo = (d: number) => new Date(now - d * 86_400_000);
    await run(acme.id, nightly.id, daysAgo(1), [
      [c1.id, 'succeeded'],
      [c1.id, 'succeeded'],
      [c2.id, 'failed'],
    ]);
    await run(acme.id, nightly.id, daysAgo(2), [
      [c1.id, 'succeeded'],
      [c2.id, 'missed'],
    ]);
    await run(acme.id, weekly.id, daysAgo(3), [
      [c2.id, 'succeeded'],
      [c2.id, 'running'],
    ]);
    await run(acme.id, null, daysAgo(1), [[c1.id, 'succeeded']]);
    await run(acme.id, nightly.id, daysAgo(40), [[c1.id, 'failed']]); // outside 30 days
    await run(globex.id, null, daysAgo(1), [[c1.id, 'failed']]);

    const admin = await ctx.login(await ctx.newUser({ role: 'company_admin', companyId: acme.id }));
    const rates = (query: Record<string, unknown>, who = admin) =>
      ctx.http.get('/api/backup-history/success-rates').query(query).set(who.auth);

    const bySchedule = await rates({});
    expect(bySchedule.status).toBe(200);
    expect(bySchedule.body).toMatchObject({ by: 'schedule', days: 30, total: 3 });
    const of = (body: { items: Array<{ id: string | null }> }, id: string | null) =>
      body.items.find((i) => i.id === id);
    expect(of(bySchedule.body, nightly.id)).toEqual({
      id: nightly.id,
      name: 'Nightly',
      total: 5,
      succeeded: 3,
      failed: 1,
      missed: 1,
      rate: 0.6,
    });
    // a still-running result counts in the total, not in the rate
    expect(of(bySchedule.body, weekly.id)).toMatchObject({ total: 2, succeeded: 1, rate: 1 });
    expect(of(bySchedule.body, null)).toMatchObject({ name: null, total: 1, rate: 1 });

    const byCluster = await rates({ by: 'cluster' });
    expect(byCluster.body.total).toBe(2);
    expect(of(byCluster.body, c1.id)).toMatchObject({ name: c1.name, total: 4, succeeded: 4 });
    expect(of(byCluster.body, c2.id)).toMatchObject({
      total: 4,
      succeeded: 1,
      failed: 1,
      missed: 1,
      rate: 1 / 3,
    });

    const byCompany = await rates({ by: 'company', days: 60 });
    expect(byCompany.body.items).toEqual([
      expect.objectContaining({ id: acme.id, name: acme.name, total: 9, succeeded: 5 }),
    ]);

    // paged
    const page = await rates({ pageSize: 1, page: 2 });
    expect(page.body).toMatchObject({ total: 3, page: 2, pageSize: 1 });
    expect(page.body.items).toHaveLength(1);

    // staff narrow to a company; another company's id is 404 for Acme; bad input is 400
    const staff = await ctx.login(await ctx.newUser({ role: 'super_admin' }));
    const globexRates = await rates({ by: 'company', companyId: globex.id }, staff);
    expect(globexRates.body.items).toEqual([
      expect.objectContaining({ id: globex.id, total: 1, failed: 1, rate: 0 }),
    ]);
    expect((await rates({ companyId: globex.id })).status).toBe(404);
    for (const bad of [{ by: 'node' }, { days: 0 }, { days: 'x' }, { pageSize: 500 }])
      expect((await rates(bad)).status).toBe(400);
    const user = await ctx.login(await ctx.newUser({ role: 'user', companyId: acme.id }));
    expect((await rates({}, user)).status).toBe(403);
  });
});
