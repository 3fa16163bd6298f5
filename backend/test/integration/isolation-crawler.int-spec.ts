import { randomUUID } from 'node:crypto';
import {
  crawlIsolation,
  documentedOperations,
  type CrawlReport,
  type ForeignWorld,
  type HomeIds,
  type Operation,
} from '../helpers/isolation-probe';
import { FOREIGN_RESOURCE_FACTORIES, homeResources } from '../helpers/foreign-resources';
import { TestContext } from '../helpers/test-context';

// Reads the OpenAPI document and calls every route, as every tenant role of company A, with ids that
// belong to company B (or to a cluster, node or template only B may use) in paths, id-like query
// parameters and id-like body fields. Each answer must equal the answer for an id that exists nowhere,
// be a refusal where a path names the resource, and contain nothing of B. New modules are covered as
// soon as their routes are documented (see test/helpers/isolation-probe.ts).

// Cookie/first-run/login endpoints: unauthenticated by design and covered by their own suites.
const SKIP = new Set([
  '/api/auth/login',
  '/api/auth/refresh',
  '/api/auth/logout',
  '/api/setup',
  '/api/auth/password/forgot',
  '/api/auth/password/reset',
  // Device sign-in (CLI): public and rate limited per address; device-login.int-spec covers them.
  '/api/auth/device/code',
  '/api/auth/device/token',
]);

/** The callers the crawl runs as; add a role here (it logs in and returns its auth header). */
interface CrawlRole {
  name: string;
  login(ctx: TestContext, home: HomeIds): Promise<Record<string, string>>;
}
const ROLES: CrawlRole[] = [
  {
    name: 'salesperson',
    async login(ctx, home) {
      const sales = await ctx.newUser({ role: 'salesperson' });
      await ctx.assignSales(sales.id, home.companyId);
      return (await ctx.login(sales)).auth;
    },
  },
  {
    name: 'company_admin',
    async login(ctx, home) {
      const admin = await ctx.newUser({ role: 'company_admin', companyId: home.companyId });
      return (await ctx.login(admin)).auth;
    },
  },
  {
    name: 'user',
    async login(ctx, home) {
      const user = await ctx.newUser({ role: 'user', companyId: home.companyId });
      await ctx.prisma.vmGrant.create({
        data: {
          userId: user.id,
          companyId: home.companyId,
          guestId: home.guestId,
          rights: ['view'],
        },
      });
      return (await ctx.login(user)).auth;
    },
  },
  {
    // Issue 25: a company custom role narrowed to reading guests (a company_admin's scope).
    name: 'custom_viewer',
    async login(ctx, home) {
      const role = await ctx.prisma.customRole.create({
        data: { companyId: home.companyId, name: ctx.unique('viewer'), permissions: ['vm.read'] },
      });
      const viewer = await ctx.newUser({ role: 'company_admin', companyId: home.companyId });
      await ctx.prisma.user.update({ where: { id: viewer.id }, data: { customRoleId: role.id } });
      return (await ctx.login(viewer)).auth;
    },
  },
  {
    // An API key holding one permission (issue 14): its ids are probed like a person's.
    name: 'api_key_vm_read',
    async login(ctx, home) {
      const owner = await ctx.newUser({ role: 'company_admin', companyId: home.companyId });
      const key = await ctx.http
        .post('/api/api-keys')
        .set((await ctx.login(owner)).auth)
        .send({ name: 'crawl', permissions: ['vm.read'] });
      if (key.status !== 201) throw new Error(`API key: ${key.status} ${JSON.stringify(key.body)}`);
      return { Authorization: `Bearer ${key.body.key}` };
    },
  },
];

describe('tenant isolation crawler', () => {
  let ctx: TestContext;
  let ops: Operation[];
  let home: HomeIds;
  let foreign: ForeignWorld;
  let foreignCompanyId: string;
  /** The foreign company's active people and guests before the crawl (the factories make some). */
  let before: { users: number; guests: number };
  const auth: Record<string, Record<string, string>> = {};
  const reports: Record<string, CrawlReport> = {};

  beforeAll(async () => {
    ctx = await TestContext.create();
    const homeCompany = await ctx.newCompany();
    const foreignCompany = await ctx.newCompany({ name: `Foreign ${randomUUID()}` });
    foreignCompanyId = foreignCompany.id;
    home = await homeResources(ctx, homeCompany.id);
    for (const role of ROLES) auth[role.name] = await role.login(ctx, home);

    const created = (
      await Promise.all(FOREIGN_RESOURCE_FACTORIES.map((f) => f(ctx, foreignCompany.id)))
    ).flat();
    // Anything else stored for the foreign company, in any table with a companyId column: two rows a
    // table (every probe sends every foreign id, so the crawl grows with this list; the factories'
    // resources above are always in it).
    const tables = await ctx.prisma.$queryRawUnsafe<{ t: string }[]>(
      `SELECT c.TABLE_NAME AS t FROM information_schema.COLUMNS c
         JOIN information_schema.COLUMNS i ON i.TABLE_SCHEMA = c.TABLE_SCHEMA AND i.TABLE_NAME = c.TABLE_NAME AND i.COLUMN_NAME = 'id'
        WHERE c.TABLE_SCHEMA = DATABASE() AND c.COLUMN_NAME = 'companyId'`,
    );
    const stored: string[] = [];
    for (const { t } of tables) {
      const rows = await ctx.prisma.$queryRawUnsafe<{ id: string }[]>(
        `SELECT id FROM \`${t}\` WHERE companyId = ? LIMIT 2`,
        foreignCompany.id,
      );
      stored.push(...rows.map((r) => String(r.id)));
    }
    // Clusters open only to (or owned by) the foreign company, and what lives on them, are foreign too.
    const clusters = await ctx.prisma.cluster.findMany({
      where: {
        OR: [
          { ownerCompanyId: foreignCompany.id },
          {
            allowedCompanies: { some: { companyId: foreignCompany.id } },
            NOT: { allowedCompanies: { some: { companyId: { not: foreignCompany.id } } } },
          },
        ],
      },
      include: { nodes: true },
    });
    const templates = await ctx.prisma.vmTemplate.findMany({
      where: { companies: { every: { companyId: foreignCompany.id }, some: {} } },
    });
    const guests = await ctx.prisma.guest.findMany({ where: { companyId: foreignCompany.id } });
    const ids = [foreignCompany.id, ...created, ...stored, ...clusters.map((c) => c.id)];
    const users = await ctx.prisma.user.findMany({ where: { companyId: foreignCompany.id } });
    const allIds = [...new Set([...ids, ...templates.map((t) => t.id)])];
    // Which table holds each id, so a slot is probed with the ids of its own kind (isolation-probe.ts).
    const idTables = await ctx.prisma.$queryRawUnsafe<{ t: string }[]>(
      `SELECT TABLE_NAME AS t FROM information_schema.COLUMNS
        WHERE TABLE_SCHEMA = DATABASE() AND COLUMN_NAME = 'id' AND DATA_TYPE IN ('varchar', 'char')`,
    );
    const byTable: Record<string, string[]> = {};
    for (const { t } of idTables) {
      const rows = await ctx.prisma.$queryRawUnsafe<{ id: string }[]>(
        `SELECT id FROM \`${t}\` WHERE id IN (${allIds.map(() => '?').join(',')})`,
        ...allIds,
      );
      if (rows.length) byTable[t.toLowerCase()] = rows.map((r) => String(r.id));
    }
    foreign = {
      ids: allIds,
      byTable,
      nodes: clusters.flatMap((c) => c.nodes.map((n) => n.name)),
      markers: [
        ...new Set([...ids, ...templates.map((t) => t.id)]),
        foreignCompany.name,
        foreignCompany.slug,
        ...users.map((u) => u.email),
        ...clusters.map((c) => c.name),
        ...templates.map((t) => t.name),
        ...guests.flatMap((g) => (g.name ? [g.name] : [])),
      ],
    };
    ops = await documentedOperations(ctx);
    before = await foreignCounts();
  }, 120_000);
  afterAll(() => ctx.close());
  const foreignCounts = async () => ({
    users: await ctx.prisma.user.count({
      where: { companyId: foreignCompanyId, status: 'active' },
    }),
    guests: await ctx.prisma.guest.count({ where: { companyId: foreignCompanyId } }),
  });

  it('finds the documented routes and the ids in their paths, queries and bodies', () => {
    expect(ops.length).toBeGreaterThan(20);
    expect(ops.some((o) => o.path === '/api/companies/{id}')).toBe(true);
    const at = (m: string, p: string) => ops.find((o) => o.method === m && o.path === p);
    expect(at('get', '/api/media')?.query.map((q) => q.name)).toContain('clusterId');
    expect(at('post', '/api/guests/import')?.body?.properties).toHaveProperty('guestIds');
    expect(foreign.nodes.length).toBeGreaterThan(0);
  });

  // The roles are crawled at once: each crawl mostly waits on the database, and the suite is one of
  // the longest of `npm test`. Each role's report is still checked on its own.
  it('no role reaches another company', async () => {
    const crawled = await Promise.all(
      ROLES.map(async (r) => {
        const report = await crawlIsolation(ctx, {
          ops,
          auth: auth[r.name],
          home,
          foreign,
          skip: SKIP,
        });
        reports[r.name] = report;
        return { role: r.name, report };
      }),
    );
    const calls = crawled.map(({ role, report }) => `${role} ${report.calls}`).join(', ');
    process.stdout.write(`isolation crawl: ${foreign.ids.length} foreign ids; calls ${calls}\n`);
    for (const { role, report } of crawled) {
      expect({ role, path: report.probes.path > 20 }).toEqual({ role, path: true });
      expect({ role, query: report.probes.query > 10 }).toEqual({ role, query: true });
      expect({ role, body: report.probes.body > 10 }).toEqual({ role, body: true });
      expect({ role, problems: report.problems }).toEqual({ role, problems: [] });
    }
  }, 600_000);

  it('the foreign company’s data is intact after the crawl', async () => {
    expect(await ctx.prisma.company.findUnique({ where: { id: foreignCompanyId } })).toMatchObject({
      status: 'active',
    });
    expect(before.users).toBeGreaterThan(0);
    expect(before.guests).toBeGreaterThan(0);
    expect(await foreignCounts()).toEqual(before);
  });
});
