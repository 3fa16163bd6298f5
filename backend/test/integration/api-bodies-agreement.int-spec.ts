import { API_BODIES, apiBodyRoute } from '@multpanel/contracts';
import { routeBodies } from '../helpers/route-bodies';
import { TestContext } from '../helpers/test-context';

/**
 * The SPA's test double validates request bodies against contracts' API_BODIES; this proves that
 * catalogue is exactly what the API's controllers validate with. Without it a frontend test could mock
 * an endpoint with a body the API refuses (the quota approve/decline buttons posted none for months).
 */
describe('API_BODIES agrees with the controllers', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await TestContext.create();
  });
  afterAll(() => ctx.close());

  it('lists every route that takes a body, with the very schema its validation pipe applies', () => {
    const routes = routeBodies(ctx.app);
    expect(routes.length).toBeGreaterThan(40);
    const catalogue = API_BODIES as Record<string, unknown>;
    const problems: string[] = [];
    for (const r of routes) {
      if (!r.schema) problems.push(`${r.key}: body type ${r.typeName} is not a zod DTO`);
      else if (!(r.key in catalogue)) problems.push(`${r.key}: missing from API_BODIES`);
      else if (catalogue[r.key] !== r.schema)
        problems.push(`${r.key}: API_BODIES names another schema than ${r.typeName}`);
    }
    const served = new Set(routes.map((r) => r.key));
    for (const key of Object.keys(catalogue))
      if (!served.has(key)) problems.push(`${key}: in API_BODIES but no such route takes a body`);
    expect(problems).toEqual([]);
  });

  it('resolves a concrete path to its entry, a literal segment before a parameter', () => {
    expect(apiBodyRoute('POST', '/clusters/test')).toBe('POST /clusters/test');
    expect(apiBodyRoute('post', '/quota-requests/abc/decline')).toBe(
      'POST /quota-requests/:id/decline',
    );
    expect(apiBodyRoute('DELETE', '/vms/abc')).toBeNull();
  });

  it('the API refuses what the catalogue refuses (an approve without a body)', async () => {
    const admin = await ctx.login(await ctx.newUser({ role: 'super_admin' }));
    const res = await ctx.http
      .post('/api/quota-requests/00000000-0000-0000-0000-000000000000/approve')
      .set(admin.auth);
    expect(res.status).toBe(400);
    expect(API_BODIES['POST /quota-requests/:id/approve'].safeParse(undefined).success).toBe(false);
  });
});
