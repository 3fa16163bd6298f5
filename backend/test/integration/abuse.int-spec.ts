import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { TestContext, type LoggedIn } from '../helpers/test-context';
import { routePolicies, type RoutePolicy } from '../helpers/route-policies';

// Credentials that must not work, tried on every route the API has (issue 14): a suspended company's
// tokens and keys, an API key holding one permission, and a live-events socket held across logout.
// Routes and their declared policies are read from the running app, so new routes are covered.

const fill = (path: string) => path.replace(/\{\w+\}/g, () => randomUUID());

function openSocket(base: string, token: string) {
  const ws = new WebSocket(`${base.replace('http', 'ws')}/api/events?token=${token}`);
  const messages: string[] = [];
  const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
  ws.on('message', (m) => messages.push(m.toString()));
  ws.on('error', () => undefined);
  const within = (ms: number) =>
    Promise.race([closed, new Promise<'open'>((r) => setTimeout(() => r('open'), ms))]);
  const hello = async () => {
    for (let i = 0; i < 200 && messages.length === 0 && ws.readyState <= ws.OPEN; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    return messages.length > 0;
  };
  return { ws, closed, within, hello };
}

describe('abuse: credentials that must not work', () => {
  let ctx: TestContext;
  let routes: RoutePolicy[];

  beforeAll(async () => {
    ctx = await TestContext.create();
    routes = routePolicies(ctx.app).filter((r) => !r.public);
  });
  afterAll(() => ctx.close());

  const call = (route: RoutePolicy, auth: Record<string, string>) =>
    ctx.http[route.method as 'get'](fill(route.path))
      .set(auth)
      .send(route.method === 'get' || route.method === 'delete' ? undefined : {});

  it('reads every route’s policy from the app', () => {
    expect(routes.length).toBeGreaterThan(60);
    expect(routes).toContainEqual({
      method: 'post',
      path: '/api/companies/{id}/suspend',
      public: false,
      permission: 'company.suspend',
      live: false,
    });
  });

  it('refuses a suspended company’s tokens and keys on every route, and its sockets', async () => {
    const company = await ctx.newCompany();
    const admin = await ctx.newUser({ role: 'company_admin', companyId: company.id });
    const session = await ctx.login(admin);
    const user = await ctx.login(await ctx.newUser({ role: 'user', companyId: company.id }));
    const key = await ctx.http
      .post('/api/api-keys')
      .set(session.auth)
      .send({ name: 'all', permissions: ['company.read', 'vm.read', 'user.read'] });
    expect(key.status).toBe(201);
    const socket = openSocket(ctx.baseUrl, session.accessToken);
    expect(await socket.hello()).toBe(true);

    const staff = await ctx.login(await ctx.newUser({ role: 'super_admin' }));
    await ctx.http.post(`/api/companies/${company.id}/suspend`).set(staff.auth).expect(200);
    expect(await socket.within(3000)).toBe(4401);

    const credentials: Record<string, { Authorization: string }> = {
      'admin token': session.auth,
      'user token': user.auth,
      'API key': { Authorization: `Bearer ${key.body.key}` },
    };
    const problems: string[] = [];
    for (const [who, auth] of Object.entries(credentials)) {
      for (const route of routes) {
        const res = await call(route, auth);
        if (res.status !== 401)
          problems.push(`${who}: ${route.method.toUpperCase()} ${route.path} → ${res.status}`);
      }
      const late = openSocket(ctx.baseUrl, auth.Authorization.slice('Bearer '.length));
      if ((await late.closed) !== 4401) problems.push(`${who}: events socket not refused`);
    }
    expect(problems).toEqual([]);
    // Nothing of it changed meanwhile.
    expect((await ctx.prisma.company.findUniqueOrThrow({ where: { id: company.id } })).status).toBe(
      'suspended',
    );
  }, 120_000);

  it('lets an API key with one permission reach only the routes that need that permission or none', async () => {
    const owner: LoggedIn = await ctx.login(await ctx.newUser({ role: 'company_admin' }));
    const created = await ctx.http
      .post('/api/api-keys')
      .set(owner.auth)
      .send({ name: 'one', permissions: ['vm.read'] });
    expect(created.status).toBe(201);
    const auth = { Authorization: `Bearer ${created.body.key}` };
    const problems: string[] = [];
    let refused = 0;
    for (const route of routes) {
      const res = await call(route, auth);
      const where = `${route.method.toUpperCase()} ${route.path} (${route.permission ?? 'any'})`;
      if (res.status >= 500) problems.push(`${where} → ${res.status}`);
      if (route.permission && route.permission !== 'vm.read') {
        refused++;
        if (res.status !== 403) problems.push(`${where} → ${res.status}, expected 403`);
      }
    }
    expect(refused).toBeGreaterThan(40);
    expect(problems).toEqual([]);
    // The key cannot mint itself more rights either.
    const mint = await ctx.http
      .post('/api/api-keys')
      .set(auth)
      .send({ name: 'more', permissions: ['vm.read', 'vm.delete'] });
    expect(mint.status).toBe(403);
  }, 120_000);

  it('closes a live-events socket held across logout, by cookie or by bearer token', async () => {
    for (const how of ['cookie', 'bearer'] as const) {
      const user = await ctx.newUser({ role: 'company_admin' });
      const session = await ctx.login(user);
      const socket = openSocket(ctx.baseUrl, session.accessToken);
      expect(await socket.hello()).toBe(true);
      const logout = ctx.http.post('/api/auth/logout');
      await (
        how === 'cookie' ? logout.set('Cookie', session.refreshCookie) : logout.set(session.auth)
      ).expect(204);
      expect([how, await socket.within(3000)]).toEqual([how, 4401]);
      // The same token opens nothing afterwards, and reaches no route.
      expect(await openSocket(ctx.baseUrl, session.accessToken).closed).toBe(4401);
      expect((await ctx.http.get('/api/auth/me').set(session.auth)).status).toBe(401);
    }
  });
});
