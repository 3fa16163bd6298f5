import { randomUUID } from 'node:crypto';
import { routePolicies } from '../helpers/route-policies';
import { TestContext } from '../helpers/test-context';

// A general API rate limit (issue 14): per address and per principal, stricter on routes that call
// Proxmox live, shared by every API process through Redis, 429 with Retry-After. The other suites
// run without it (NODE_ENV=test); these opt in with small budgets.

const limits = (over: Record<string, string> = {}) => ({
  RATE_LIMIT_ENABLED: 'true',
  RATE_LIMIT_IP_PER_SEC: '1000',
  RATE_LIMIT_IP_BURST: '1000',
  // One token per 100 s: nothing refills while a test runs, however slow the machine.
  RATE_LIMIT_PRINCIPAL_PER_SEC: '0.01',
  RATE_LIMIT_PRINCIPAL_BURST: '6',
  RATE_LIMIT_LIVE_PER_SEC: '0.01',
  RATE_LIMIT_LIVE_BURST: '2',
  ...over,
});

describe('API rate limits', () => {
  let a: TestContext;
  let b: TestContext;

  beforeAll(async () => {
    // Two API processes on one Redis.
    [a, b] = await Promise.all([
      TestContext.create({ env: limits() }),
      TestContext.create({ env: limits() }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it('answers 429 with Retry-After once a principal has spent its budget, on every process', async () => {
    const s = await a.login(await a.newUser({ role: 'company_admin' }));
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await a.http.get('/api/auth/me').set(s.auth)).status);
    for (let i = 0; i < 2; i++)
      statuses.push((await b.http.get('/api/auth/me').set(s.auth)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
    const limited = await b.http.get('/api/auth/me').set(s.auth);
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
    const wait = limited.body.details.retryAfterSeconds as number;
    expect(wait).toBeGreaterThan(50);
    expect(wait).toBeLessThanOrEqual(100);
    expect(limited.headers['retry-after']).toBe(String(wait));
    expect((await a.http.get('/api/auth/me').set(s.auth)).status).toBe(429);
    // Someone else is not affected.
    const other = await a.login(await a.newUser({ role: 'company_admin' }));
    expect((await a.http.get('/api/auth/me').set(other.auth)).status).toBe(200);
  });

  it('gives an API key a budget of its own', async () => {
    const s = await a.login(await a.newUser({ role: 'company_admin' }));
    const key = await a.http
      .post('/api/api-keys')
      .set(s.auth)
      .send({ name: 'limits', permissions: ['company.read'] });
    expect(key.status).toBe(201);
    const auth = { Authorization: `Bearer ${key.body.key}` };
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await a.http.get('/api/auth/me').set(auth)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429]);
  });

  it('is stricter on routes that call Proxmox live', async () => {
    const s = await a.login(await a.newUser({ role: 'super_admin' }));
    const live = () => a.http.get(`/api/clusters/${randomUUID()}/nodes/live`).set(s.auth);
    // Each is counted before the handler runs (here: an unknown cluster, 404).
    expect([(await live()).status, (await live()).status]).toEqual([404, 404]);
    const limited = await live();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // The general budget is not spent yet: other routes still answer.
    expect((await a.http.get('/api/clusters').set(s.auth)).status).toBe(200);
  });

  it('marks every route that waits on Proxmox as live', () => {
    // Each of these opens an interactive cluster connection while the caller waits.
    const expected = [
      'get /api/clusters/{id}/nodes/live',
      'get /api/vms/{id}',
      'get /api/vms/{id}/rrd',
      'get /api/vms/{id}/snapshots',
      'get /api/vms/{id}/migrate-targets',
      'get /api/vms/placement/pci-mappings',
      'get /api/vms/placement/resources',
      'get /api/media',
    ];
    const live = new Set(
      routePolicies(a.app)
        .filter((r) => r.live)
        .map((r) => `${r.method} ${r.path}`),
    );
    expect(expected.filter((r) => !live.has(r))).toEqual([]);
  });

  it('limits an address before authentication, so tokens cannot be guessed quickly', async () => {
    const c = await TestContext.create({
      env: limits({ RATE_LIMIT_IP_PER_SEC: '0.01', RATE_LIMIT_IP_BURST: '5' }),
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await c.http.get('/api/auth/me').set('Authorization', `Bearer guess-${i}`);
        statuses.push(res.status);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
      const limited = await c.http
        .post('/api/auth/login')
        .send({ email: 'x@y.test', password: 'p' });
      expect(limited.status).toBe(429);
      expect(limited.body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
      expect(limited.headers['retry-after']).toBe(String(limited.body.details.retryAfterSeconds));
    } finally {
      await c.close();
    }
  });
});
