import { randomUUID } from 'node:crypto';
import { newBackupScheduleRow } from '../helpers/backup-rows';
import { newClusterRow } from '../helpers/cluster-rows';
import { TestContext } from '../helpers/test-context';

/**
 * Issue 18, backup history: the server filters and pages the runs by status, schedule, guest,
 * cluster and planned date range; bad filters are a 400; another company's ids find nothing.
 */
describe('backup history filters', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await TestContext.create();
  });
  afterAll(async () => {
    await ctx?.close();
  });

  it('filters by status, schedule, guest, cluster and date range, paged on the server', async () => {
    const acme = await ctx.newCompany();
    const globex = await ctx.newCompany();
    const [c1, c2] = [await newClusterRow(ctx, [acme.id]), await newClusterRow(ctx, [acme.id])];
    const nightly = await newBackupScheduleRow(ctx, acme.id, { name: 'Nightly' });
    let vmid = 100;
    const guest = async (clusterId: string) =>
      (
        await ctx.prisma.guest.create({
          data: {
            clusterId,
            vmid: ++vmid,
            activeVmid: vmid,
            kind: 'qemu',
            name: `vm${vmid}`,
            status: 'running',
            node: 'pve1',
            maxcpu: 1,
            maxmem: 1n << 30n,
            maxdisk: 1n << 30n,
            tags: [],
            companyId: acme.id,
            syncHash: '0000000000000000',
          },
        })
      ).id;
    const [web, db] = [await guest(c1.id), await guest(c2.id)];
    const run = async (
      companyId: string,
      scheduleId: string | null,
      plannedAt: string,
      status: string,
      results: Array<[guestId: string, clusterId: string]>,
    ) =>
      (
        await ctx.prisma.backupRun.create({
          data: {
            companyId,
            scheduleId,
            trigger: scheduleId ? 'schedule' : 'manual',
            status,
            storage: 'local',
            plannedAt: new Date(plannedAt),
            results: {
              create: results.map(([guestId, clusterId]) => ({
                companyId,
                guestId,
                clusterId,
                node: 'pve1',
                vmid: vmid++,
                status: 'succeeded',
              })),
            },
          },
        })
      ).id;
    const r1 = await run(acme.id, nightly.id, '2026-03-01T02:00:00Z', 'succeeded', [
      [web, c1.id],
      [db, c2.id],
    ]);
    const r2 = await run(acme.id, nightly.id, '2026-03-02T02:00:00Z', 'failed', [[web, c1.id]]);
    const r3 = await run(acme.id, null, '2026-03-03T10:30:00Z', 'succeeded', [[db, c2.id]]);
    const r4 = await run(acme.id, nightly.id, '2026-03-04T02:00:00Z', 'partial', [[db, c1.id]]);
    await run(globex.id, null, '2026-03-02T02:00:00Z', 'failed', [[randomUUID(), c1.id]]);

    const admin = await ctx.login(await ctx.newUser({ role: 'company_admin', companyId: acme.id }));
    const history = (query: Record<string, unknown>, who = admin) =>
      ctx.http
        .get('/api/backup-history')
        .query({ companyId: acme.id, ...query })
        .set(who.auth);
    const ids = async (query: Record<string, unknown>) => {
      const res = await history(query);
      expect(res.status).toBe(200);
      return (res.body.items as Array<{ id: string }>).map((r) => r.id);
    };

    expect(await ids({})).toEqual([r4, r3, r2, r1]);
    expect(await ids({ status: 'failed' })).toEqual([r2]);
    expect(await ids({ scheduleId: nightly.id })).toEqual([r4, r2, r1]);
    expect(await ids({ clusterId: c2.id })).toEqual([r3, r1]);
    expect(await ids({ guestId: web })).toEqual([r2, r1]);
    expect(await ids({ guestId: db })).toEqual([r4, r3, r1]);
    // one result must be the guest's and on the cluster: db was on c1 only in r4
    expect(await ids({ guestId: db, clusterId: c1.id })).toEqual([r4]);
    expect(await ids({ clusterId: c1.id, status: 'partial' })).toEqual([r4]);
    // a bare date is the whole day (UTC); a time is exact
    expect(await ids({ from: '2026-03-02', to: '2026-03-03' })).toEqual([r3, r2]);
    expect(await ids({ from: '2026-03-03T10:30:01Z' })).toEqual([r4]);
    expect(await ids({ to: '2026-03-01T02:00:00Z' })).toEqual([r1]);
    expect(await ids({ scheduleId: nightly.id, from: '2026-03-02', status: 'partial' })).toEqual([
      r4,
    ]);

    // paged on the server: the total counts every match, a page holds pageSize
    const page2 = await history({ pageSize: 3, page: 2 });
    expect(page2.body).toMatchObject({ total: 4, page: 2, pageSize: 3 });
    expect(page2.body.items.map((r: { id: string }) => r.id)).toEqual([r1]);

    // another company's cluster and schedule find nothing, like ids that exist nowhere
    const foreignCluster = await newClusterRow(ctx, [globex.id]);
    for (const q of [
      { clusterId: foreignCluster.id },
      { clusterId: randomUUID() },
      { scheduleId: randomUUID() },
    ]) {
      const res = await history(q);
      expect({ q, status: res.status, total: res.body.total }).toEqual({
        q,
        status: 200,
        total: 0,
      });
    }

    // Globex's admin finds none of Acme's runs through Acme's cluster, schedule or guest
    const globexAdmin = await ctx.login(
      await ctx.newUser({ role: 'company_admin', companyId: globex.id }),
    );
    const asGlobex = (q: Record<string, unknown>) =>
      ctx.http.get('/api/backup-history').query(q).set(globexAdmin.auth);
    expect((await asGlobex({ clusterId: c2.id })).body.total).toBe(0);
    expect((await asGlobex({ scheduleId: nightly.id })).body.total).toBe(0);
    expect((await asGlobex({ guestId: web })).status).toBe(404);
    expect((await asGlobex({ guestId: randomUUID() })).status).toBe(404);
    expect((await asGlobex({ companyId: acme.id })).status).toBe(404);

    // bad filters are a clear 400
    for (const q of [
      { from: 'yesterday' },
      { to: '2026-13-01' },
      { clusterId: 'c1' },
      { status: 'exploded' },
      { from: '2026-03-04', to: '2026-03-01' },
      { guest: web },
    ]) {
      const res = await history(q);
      expect({ q, status: res.status }).toEqual({ q, status: 400 });
    }
  });
});
