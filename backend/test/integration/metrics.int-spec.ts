import { newClusterRow } from '../helpers/cluster-rows';
import { TestContext } from '../helpers/test-context';

const TOKEN = 'metrics-token-for-tests-0123456789';

/** One sample's value from the exposition text, or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    const m = /^([a-z_]+)\{([^}]*)\} (\S+)$/.exec(line);
    if (m && m[1] === name && want.every((w) => m[2].split(',').includes(w))) return Number(m[3]);
  }
  return undefined;
}

// GET /api/metrics (issue 20): who may scrape, and figures that match the database.
describe('Prometheus metrics', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await TestContext.create({ env: { METRICS_TOKEN: TOKEN } });
  });
  afterAll(() => ctx.close());

  it('wants the bearer token and says why it refuses', async () => {
    expect((await ctx.http.get('/api/metrics')).status).toBe(401);
    const wrong = await ctx.http.get('/api/metrics').set('Authorization', `Bearer ${TOKEN}x`);
    expect(wrong.status).toBe(401);
    expect(wrong.body.message).toMatch(/wrong metrics token/i);
    // A user's access token is no metrics token.
    const admin = await ctx.login(await ctx.newUser({ role: 'super_admin' }));
    expect((await ctx.http.get('/api/metrics').set(admin.auth)).status).toBe(401);
  });

  it('counts guests and their allocation per cluster, company and state', async () => {
    const company = await ctx.newCompany();
    const cluster = await newClusterRow(ctx, [company.id]);
    const guest = (vmid: number, status: string, cpu: number, memGiB: number) => ({
      clusterId: cluster.id,
      vmid,
      activeVmid: vmid,
      kind: 'qemu' as const,
      name: `g${vmid}`,
      status,
      node: 'pve1',
      maxcpu: cpu,
      maxmem: BigInt(memGiB) * 2n ** 30n,
      maxdisk: 10n * 2n ** 30n,
      tags: [],
      companyId: company.id,
      syncHash: 'x'.repeat(16),
    });
    await ctx.prisma.guest.createMany({
      data: [
        guest(101, 'running', 2, 4),
        guest(102, 'running', 4, 8),
        guest(103, 'stopped', 1, 1),
        { ...guest(104, 'running', 8, 8), template: true },
        { ...guest(105, 'running', 8, 8), goneAt: new Date() },
      ],
    });
    await ctx.http.get('/api/health/live').expect(200);

    const res = await ctx.http.get('/api/metrics').set('Authorization', `Bearer ${TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const text = res.text;
    const at = { cluster: cluster.name, company: company.slug };
    // Templates and guests gone from Proxmox do not count.
    expect(sample(text, 'multpanel_guests', { ...at, status: 'running' })).toBe(2);
    expect(sample(text, 'multpanel_guests', { ...at, status: 'stopped' })).toBe(1);
    expect(sample(text, 'multpanel_guest_vcpus', { ...at, status: 'running' })).toBe(6);
    expect(sample(text, 'multpanel_guest_memory_bytes', { ...at, status: 'running' })).toBe(
      12 * 2 ** 30,
    );
    // The route pattern, never the ids in it.
    expect(
      sample(text, 'multpanel_http_request_duration_seconds_count', {
        route: '/api/health/live',
        method: 'GET',
        status: '2xx',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/^multpanel_db_pool_connections\{state="active"\} \d+/m);
    expect(text).toMatch(/^multpanel_queue_jobs\{queue="tasks",state="waiting"\} \d+/m);
    expect(text).toMatch(/^multpanel_process_resident_memory_bytes \d+/m);
  });
});

describe('Prometheus metrics by address', () => {
  it('serves an allowed address without a token, and is off when nothing is set', async () => {
    const allowed = await TestContext.create({ env: { METRICS_ALLOW: '127.0.0.1/32, ::1' } });
    const off = await TestContext.create();
    try {
      expect((await allowed.http.get('/api/metrics')).status).toBe(200);
      const res = await off.http.get('/api/metrics');
      expect(res.status).toBe(403);
      expect(res.body.message).toMatch(/METRICS_TOKEN or METRICS_ALLOW/);
    } finally {
      await allowed.close();
      await off.close();
    }
  });
});
