import { randomUUID } from 'node:crypto';
import { TestContext, type LoggedIn } from '../helpers/test-context';
import { FOREIGN_RESOURCE_FACTORIES } from '../helpers/foreign-resources';

// Reads the OpenAPI document and calls every route, as every tenant role of company A, with ids that
// belong to company B. Each call must fail as if the resource did not exist (or be refused) and no
// answer may contain anything of B. New modules are covered as soon as their routes are documented.

interface Operation {
  method: string;
  path: string;
  params: string[];
  query: string[];
}

const OK_FOR_FOREIGN_ID = new Set([400, 403, 404]);
// Cookie/first-run/login endpoints: unauthenticated by design and covered by their own suites.
const SKIP = new Set([
  '/api/auth/login',
  '/api/auth/refresh',
  '/api/auth/logout',
  '/api/setup',
  '/api/auth/password/forgot',
  '/api/auth/password/reset',
]);

describe('tenant isolation crawler', () => {
  let ctx: TestContext;
  let ops: Operation[];
  const roles: Record<string, LoggedIn> = {};
  let foreignIds: string[] = [];
  let markers: string[] = [];
  let foreignCompanyId: string;

  beforeAll(async () => {
    ctx = await TestContext.create();
    const home = await ctx.newCompany();
    const foreign = await ctx.newCompany({ name: `Foreign ${randomUUID()}` });
    foreignCompanyId = foreign.id;
    const sales = await ctx.newUser({ role: 'salesperson' });
    await ctx.assignSales(sales.id, home.id);
    roles.salesperson = await ctx.login(sales);
    roles.company_admin = await ctx.login(
      await ctx.newUser({ role: 'company_admin', companyId: home.id }),
    );
    roles.user = await ctx.login(await ctx.newUser({ role: 'user', companyId: home.id }));

    const created = (
      await Promise.all(FOREIGN_RESOURCE_FACTORIES.map((f) => f(ctx, foreign.id)))
    ).flat();
    // Anything else stored for the foreign company, in any table with a companyId column.
    const tables = await ctx.prisma.$queryRawUnsafe<{ t: string }[]>(
      `SELECT c.TABLE_NAME AS t FROM information_schema.COLUMNS c
         JOIN information_schema.COLUMNS i ON i.TABLE_SCHEMA = c.TABLE_SCHEMA AND i.TABLE_NAME = c.TABLE_NAME AND i.COLUMN_NAME = 'id'
        WHERE c.TABLE_SCHEMA = DATABASE() AND c.COLUMN_NAME = 'companyId'`,
    );
    const stored: string[] = [];
    for (const { t } of tables) {
      const rows = await ctx.prisma.$queryRawUnsafe<{ id: string }[]>(
        `SELECT id FROM \`${t}\` WHERE companyId = ? LIMIT 20`,
        foreign.id,
      );
      stored.push(...rows.map((r) => String(r.id)));
    }
    foreignIds = [...new Set([foreign.id, ...created, ...stored])];
    const users = await ctx.prisma.user.findMany({ where: { companyId: foreign.id } });
    markers = [...foreignIds, foreign.name, foreign.slug, ...users.map((u) => u.email)];

    const doc = (await ctx.http.get('/api/docs-json')).body as {
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
    };
    ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([m]) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map(([method, op]) => ({
          method,
          path,
          params: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
          query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        })),
    );
    // Deletions last, so a broken scope cannot hide other findings by removing the data first.
    ops.sort((a, b) => Number(a.method === 'delete') - Number(b.method === 'delete'));
  }, 120_000);
  afterAll(() => ctx.close());

  const leaks = (body: unknown) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body ?? '');
    return markers.filter((m) => text.includes(m));
  };

  it('finds the documented routes', () => {
    expect(ops.length).toBeGreaterThan(20);
    expect(ops.some((o) => o.path === '/api/companies/{id}')).toBe(true);
  });

  it.each(['salesperson', 'company_admin', 'user'])(
    '%s never reaches another company',
    async (role) => {
      const auth = roles[role].auth;
      const problems: string[] = [];
      let calls = 0;
      for (const op of ops) {
        if (SKIP.has(op.path)) continue;
        const run = async (url: string, expectRefusal: boolean) => {
          calls++;
          const res = await ctx.http[op.method as 'get'](url)
            .set(auth)
            .send(op.method === 'get' || op.method === 'delete' ? undefined : {});
          const found = leaks(res.body ?? res.text);
          if (found.length)
            problems.push(
              `${op.method.toUpperCase()} ${url} → ${res.status} leaks ${found.join(', ')}`,
            );
          if (expectRefusal && !OK_FOR_FOREIGN_ID.has(res.status)) {
            problems.push(
              `${op.method.toUpperCase()} ${url} → ${res.status} (expected 400/403/404)`,
            );
          }
          if (res.status >= 500) problems.push(`${op.method.toUpperCase()} ${url} → ${res.status}`);
        };
        if (op.params.length > 0) {
          await Promise.all(
            foreignIds.map((id) =>
              run(
                op.params.reduce(
                  (p, name) => p.replace(`{${name}}`, encodeURIComponent(id)),
                  op.path,
                ),
                true,
              ),
            ),
          );
        } else if (op.method === 'get') {
          await run(op.path, false);
          if (op.query.includes('companyId'))
            await run(`${op.path}?companyId=${foreignCompanyId}`, false);
        }
      }
      expect(calls).toBeGreaterThan(20);
      expect(problems).toEqual([]);
    },
    // Hundreds of requests per role; generous for a loaded CI machine.
    240_000,
  );

  it('the foreign company’s data is intact after the crawl', async () => {
    expect(await ctx.prisma.company.findUnique({ where: { id: foreignCompanyId } })).toMatchObject({
      status: 'active',
    });
    expect(
      await ctx.prisma.user.count({ where: { companyId: foreignCompanyId, status: 'active' } }),
    ).toBe(2);
  });
});
