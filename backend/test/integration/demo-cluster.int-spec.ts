import { startSimulator, type RunningSimulator } from '@multpanel/simulator';
import { runCli } from '../../src/cli';
import { SecretsCipherCore } from '../../src/common/crypto/secrets-cipher';
import { DEMO_CLUSTER_NAME } from '../../src/database/seed-demo-cluster';
import { TestContext, type LoggedIn } from '../helpers/test-context';
import { TEST_DB_ENV, TEST_PREFIX_ENV } from '../helpers/test-env';

// `npm start` seeds the embedded simulator as the demo cluster; it must be usable as saved.
describe('demo cluster seed', () => {
  let ctx: TestContext;
  let sim: RunningSimulator;
  let admin: LoggedIn;
  const saved = { ...process.env };

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, nodes: 2, guests: 8, quiet: true, taskSpeed: 0 });
    ctx = await TestContext.create();
    admin = await ctx.login(await ctx.newUser({ role: 'super_admin' }));
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    Object.assign(process.env, {
      NODE_ENV: 'test',
      DATABASE_URL: process.env[TEST_DB_ENV],
      REDIS_PREFIX: process.env[TEST_PREFIX_ENV],
      DEMO_MODE: 'true',
      DEMO_PASSWORD: 'demo-password-test',
      SIM_URL: sim.clusters[0].url,
      SIM_PASSWORD: 'sim-password',
    });
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    process.env = { ...saved };
    await ctx?.close();
    await sim?.close();
  });

  it('registers the simulator once, pinned, with the password encrypted at rest', async () => {
    expect(await runCli(['seed'])).toBe(0);
    expect(await runCli(['seed'])).toBe(0);
    const rows = await ctx.prisma.cluster.findMany({ where: { name: DEMO_CLUSTER_NAME } });
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row.fingerprint?.replace(/:/g, '').toLowerCase()).toBe(
      sim.clusters[0].fingerprint.replace(/:/g, '').toLowerCase(),
    );
    expect(row.secret).not.toContain('sim-password');
    const cipher = new SecretsCipherCore(ctx.config.env.ENCRYPTION_KEY);
    expect(cipher.decrypt(row.secret, 'cluster.secret')).toBe('sim-password');
    const allowed = await ctx.prisma.clusterCompany.findMany({ where: { clusterId: row.id } });
    const companies = await ctx.prisma.company.findMany({
      where: { id: { in: allowed.map((a) => a.companyId) } },
    });
    expect(companies.map((c) => c.slug).sort()).toEqual(['acme', 'globex']);
  });

  it('passes the connection test as saved', async () => {
    const row = await ctx.prisma.cluster.findUniqueOrThrow({ where: { name: DEMO_CLUSTER_NAME } });
    const res = await ctx.http.post(`/api/clusters/${row.id}/test`).set(admin.auth);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, quorate: true });
  });
});
