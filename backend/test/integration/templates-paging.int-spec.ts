import type { Company } from '../../src/generated/prisma/client';
import { TemplatesModule } from '../../src/modules/templates/templates.module';
import { TestContext, type LoggedIn } from '../helpers/test-context';

// GET /api/templates pages, filters and sorts in the database: the templates admin page and the
// pickers ask for one page, never the whole fleet's list. Rows are seeded on this suite's own
// cluster, and every query filters to it (suites share the database).
describe('templates list paging (integration)', () => {
  let ctx: TestContext;
  let staff: LoggedIn;
  let acmeAdmin: LoggedIn;
  let acme: Company;
  let clusterId: string;
  const names = Array.from({ length: 7 }, (_, i) => `tpl-${String(i).padStart(2, '0')}`);
  const list = (auth: LoggedIn, query: Record<string, string | number>) =>
    ctx.http.get('/api/templates').query(query).set(auth.auth);

  beforeAll(async () => {
    ctx = await TestContext.create({ modules: [TemplatesModule] });
    staff = await ctx.login(await ctx.newUser({ role: 'super_admin' }));
    acme = await ctx.newCompany();
    acmeAdmin = await ctx.login(await ctx.newUser({ role: 'company_admin', companyId: acme.id }));
    clusterId = (
      await ctx.prisma.cluster.create({
        data: {
          name: ctx.unique('tplpage'),
          endpoints: [{ url: 'https://127.0.0.1:1' }],
          authType: 'token',
          authUser: 'root@pam!mp',
          secret: 'unused',
          tags: [],
        },
      })
    ).id;
    // Even vmids are containers; the last-seen time rises with the index.
    for (const [i, name] of names.entries()) {
      await ctx.prisma.vmTemplate.create({
        data: {
          clusterId,
          node: 'pve1',
          vmid: 9000 + i,
          kind: i % 2 === 0 ? 'lxc' : 'qemu',
          name,
          lastSeenAt: new Date(Date.UTC(2026, 0, 1, 0, i)),
          // Acme may clone the first three only.
          companies: i < 3 ? { create: { companyId: acme.id } } : undefined,
        },
      });
    }
    // A template gone from Proxmox is never listed.
    await ctx.prisma.vmTemplate.create({
      data: {
        clusterId,
        node: 'pve1',
        vmid: 9100,
        kind: 'qemu',
        name: 'tpl-gone',
        goneAt: new Date(),
      },
    });
  });
  afterAll(async () => {
    await ctx.prisma.vmTemplate.deleteMany({ where: { clusterId } });
    await ctx.prisma.cluster.deleteMany({ where: { id: clusterId } });
    await ctx?.close();
  });

  const namesOf = (body: { items: Array<{ name: string }> }) => body.items.map((t) => t.name);

  it('serves pages of the asked size with the total, in a stable order', async () => {
    const seen: string[] = [];
    for (const page of [1, 2, 3]) {
      const res = await list(staff, { clusterId, page, pageSize: 3 });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ total: 7, page, pageSize: 3 });
      seen.push(...namesOf(res.body));
    }
    // Every row exactly once across the pages, the gone one never.
    expect(seen).toEqual(names);
    const past = await list(staff, { clusterId, page: 4, pageSize: 3 });
    expect(past.body).toMatchObject({ items: [], total: 7 });
  });

  it('defaults to the first page of 50 by name', async () => {
    const res = await list(staff, { clusterId });
    expect(res.body).toMatchObject({ total: 7, page: 1, pageSize: 50 });
    expect(namesOf(res.body)).toEqual(names);
    expect(res.body.items[0].allowedCompanyIds).toEqual([acme.id]);
  });

  it('sorts and filters on the server, the total counting the filtered rows', async () => {
    const desc = await list(staff, { clusterId, sort: '-name', pageSize: 2 });
    expect(namesOf(desc.body)).toEqual(['tpl-06', 'tpl-05']);
    const newest = await list(staff, { clusterId, sort: '-lastSeenAt', pageSize: 1, page: 2 });
    expect(namesOf(newest.body)).toEqual(['tpl-05']);

    const lxc = await list(staff, { clusterId, kind: 'lxc', pageSize: 2, page: 2 });
    expect(lxc.body).toMatchObject({ total: 4 });
    expect(namesOf(lxc.body)).toEqual(['tpl-04', 'tpl-06']);

    const search = await list(staff, { clusterId, search: 'tpl-0', kind: 'qemu' });
    expect(search.body.total).toBe(3);
    expect(namesOf((await list(staff, { clusterId, search: 'nothing-like' })).body)).toEqual([]);
  });

  it('pages a company admin through its allow-list only', async () => {
    const res = await list(acmeAdmin, { clusterId, pageSize: 2, page: 2 });
    expect(res.body).toMatchObject({ total: 3, page: 2 });
    expect(namesOf(res.body)).toEqual(['tpl-02']);
    expect(res.body.items[0].allowedCompanyIds).toBeUndefined();
  });

  it('refuses bad paging and sorting with a 400', async () => {
    const bad: Array<Record<string, string | number>> = [
      { pageSize: 201 },
      { page: 0 },
      { sort: 'vmid' },
      { kind: 'iso' },
      { cursor: 'x' },
    ];
    for (const query of bad) {
      expect((await list(staff, { clusterId, ...query })).status).toBe(400);
    }
  });
});
