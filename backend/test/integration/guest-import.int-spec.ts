import { expectApiResponse } from '../helpers/api-response';
import { clusterFor } from '../helpers/foreign-resources';
import { TestContext, type LoggedIn } from '../helpers/test-context';

// Importing unassigned guests (issue 14): a manage permission (guest.import), and only into a company
// the guest's cluster allows — checked in the same transaction as the write.
describe('guest import honours the cluster’s allowed companies', () => {
  let ctx: TestContext;
  let sales: LoggedIn;
  let acme: string;
  let onlyX: string;
  let open: string;
  let vmid = 500;

  const unassigned = async (clusterId: string) =>
    (
      await ctx.prisma.guest.create({
        data: {
          clusterId,
          vmid: ++vmid,
          activeVmid: vmid,
          kind: 'qemu',
          status: 'stopped',
          node: 'pve1',
          tags: [],
          syncHash: '0000000000000000',
        },
      })
    ).id;
  const importInto = (auth: LoggedIn, companyId: string, guestIds: string[]) =>
    ctx.http.post('/api/guests/import').set(auth.auth).send({ companyId, guestIds });

  beforeAll(async () => {
    ctx = await TestContext.create();
    acme = (await ctx.newCompany()).id;
    const x = (await ctx.newCompany()).id;
    onlyX = (await clusterFor(ctx, [x], 'only-x')).cluster.id;
    open = (await clusterFor(ctx, [], 'open')).cluster.id;
    const s = await ctx.newUser({ role: 'salesperson' });
    await ctx.assignSales(s.id, acme);
    await ctx.assignSales(s.id, x);
    sales = await ctx.login(s);
  });
  afterAll(() => ctx.close());

  it('refuses a guest from a cluster allowed only for another company, as if it did not exist', async () => {
    const g = await unassigned(onlyX);
    const res = await importInto(sales, acme, [g]);
    expect([res.status, res.body.code, res.body.message]).toEqual([
      404,
      'NOT_FOUND',
      'Guest not found',
    ]);
    expect((await ctx.prisma.guest.findUniqueOrThrow({ where: { id: g } })).companyId).toBeNull();
    // Mixed with an importable guest: all or nothing.
    const ok = await unassigned(open);
    expect((await importInto(sales, acme, [ok, g])).status).toBe(404);
    expect((await ctx.prisma.guest.findUniqueOrThrow({ where: { id: ok } })).companyId).toBeNull();
    const imported = await importInto(sales, acme, [ok]);
    expect(expectApiResponse('POST /guests/import', imported)).toEqual({
      imported: 1,
      guestIds: [ok],
      addresses: [],
    });
  });

  it('needs guest.import: a company admin may not import', async () => {
    const admin = await ctx.login(await ctx.newUser({ role: 'company_admin', companyId: acme }));
    const res = await importInto(admin, acme, [await unassigned(open)]);
    expect([res.status, res.body.code]).toEqual([403, 'FORBIDDEN']);
  });

  it('lists unassigned guests of the clusters the salesperson’s companies may use only', async () => {
    const other = await ctx.newCompany();
    const hidden = await unassigned((await clusterFor(ctx, [other.id], 'hidden')).cluster.id);
    const list = await ctx.http
      .get('/api/guests/unassigned')
      .query({ pageSize: 500 })
      .set(sales.auth);
    expect(list.status).toBe(200);
    expect(list.body.items.map((g: { id: string }) => g.id)).not.toContain(hidden);
    const shown = await unassigned(open);
    const ofOpen = await ctx.http
      .get('/api/guests/unassigned')
      .query({ clusterId: open })
      .set(sales.auth);
    expectApiResponse('GET /guests/unassigned', ofOpen);
    expect(ofOpen.body.items.map((g: { id: string }) => g.id)).toContain(shown);
  });
});
