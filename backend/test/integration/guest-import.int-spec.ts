import { newClusterRow } from '../helpers/cluster-rows';
import { TestContext, type LoggedIn } from '../helpers/test-context';

// POST /api/guests/import moves a guest found on Proxmox into a company: it needs the manage
// permission and only lands a guest in a company its cluster is allowed for (issue 14).
describe('guest import', () => {
  let ctx: TestContext;
  let sales: LoggedIn;
  let acmeId: string;

  beforeAll(async () => {
    ctx = await TestContext.create();
    acmeId = (await ctx.newCompany()).id;
    const salesperson = await ctx.newUser({ role: 'salesperson' });
    await ctx.assignSales(salesperson.id, acmeId);
    sales = await ctx.login(salesperson);
  });
  afterAll(() => ctx.close());

  async function clusterWithGuest(allowed: string[]) {
    const cluster = await newClusterRow(ctx, allowed);
    const guest = await ctx.prisma.guest.create({
      data: {
        clusterId: cluster.id,
        vmid: 101,
        activeVmid: 101,
        kind: 'qemu',
        name: 'web-1',
        status: 'running',
        node: 'pve1',
        tags: [],
        syncHash: '0000000000000000',
      },
    });
    return { cluster, guest };
  }

  const importAs = (who: LoggedIn | { Authorization: string }, guestIds: string[]) =>
    ctx.http
      .post('/api/guests/import')
      .set('auth' in who ? who.auth : who)
      .send({ guestIds, companyId: acmeId });

  it('refuses a guest whose cluster is not allowed for the target company', async () => {
    const other = await ctx.newCompany();
    const { guest } = await clusterWithGuest([other.id]);
    const res = await importAs(sales, [guest.id]);
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/not allowed/);
    const row = await ctx.prisma.guest.findUniqueOrThrow({ where: { id: guest.id } });
    expect(row.companyId).toBeNull();
  });

  it('refuses the whole import when one guest’s cluster is not allowed', async () => {
    const ok = await clusterWithGuest([acmeId]);
    const bad = await clusterWithGuest([]);
    const res = await importAs(sales, [ok.guest.id, bad.guest.id]);
    expect(res.status).toBe(409);
    const rows = await ctx.prisma.guest.findMany({
      where: { id: { in: [ok.guest.id, bad.guest.id] } },
    });
    expect(rows.map((r) => r.companyId)).toEqual([null, null]);
  });

  it('imports a guest whose cluster allows the company', async () => {
    const { guest } = await clusterWithGuest([acmeId]);
    const res = await importAs(sales, [guest.id]);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ imported: 1, guestIds: [guest.id] });
  });

  it('needs the guest manage permission, not cluster.read', async () => {
    const { guest } = await clusterWithGuest([acmeId]);
    const key = await ctx.http
      .post('/api/api-keys')
      .set(sales.auth)
      .send({ name: 'read-only', permissions: ['cluster.read'] });
    expect(key.status).toBe(201);
    const res = await importAs({ Authorization: `Bearer ${key.body.key}` }, [guest.id]);
    expect(res.status).toBe(403);
    const companyAdmin = await ctx.login(
      await ctx.newUser({ role: 'company_admin', companyId: acmeId }),
    );
    expect((await importAs(companyAdmin, [guest.id])).status).toBe(403);
    const row = await ctx.prisma.guest.findUniqueOrThrow({ where: { id: guest.id } });
    expect(row.companyId).toBeNull();
  });
});
