import { SecretsCipherCore } from '../../src/common/crypto/secrets-cipher';
import { runCli } from '../../src/cli';
import { DEMO_USERS } from '../../src/database/seed';
import { isolatedEnv } from '../helpers/isolated-env';
import { TestContext } from '../helpers/test-context';

const key = (n: number) => Buffer.alloc(32, n).toString('base64');

describe('backend CLI', () => {
  let ctx: TestContext;
  let own: Awaited<ReturnType<typeof isolatedEnv>>;
  const saved = { ...process.env };
  let out: string[];

  // An own database: key rotation walks every secret, and other suites running beside this one write
  // (and read) secrets with their own keys.
  beforeAll(async () => {
    own = await isolatedEnv('cli');
    ctx = await TestContext.create({ env: own.env });
  }, 120_000); // an own database and an app start: slow on a busy 2-core host (the full run's lanes)
  afterAll(async () => {
    await ctx.close();
    await own.drop();
  });
  beforeEach(() => {
    out = [];
    jest.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
    jest.spyOn(console, 'error').mockImplementation((...a) => void out.push(a.join(' ')));
    Object.assign(process.env, {
      NODE_ENV: 'test',
      DATABASE_URL: own.env.DATABASE_URL,
      REDIS_PREFIX: own.env.REDIS_PREFIX,
      DEMO_MODE: 'true',
      DEMO_PASSWORD: 'demo-password-test',
    });
  });
  afterEach(() => {
    jest.restoreAllMocks();
    process.env = { ...saved };
  });

  it('migrate is a no-op on an up-to-date database', async () => {
    expect(await runCli(['migrate'])).toBe(0);
    expect(out.join('\n')).toMatch(/up to date/);
  });

  it('seed is idempotent and the demo users can sign in', async () => {
    expect(await runCli(['seed'])).toBe(0);
    const count = () =>
      ctx.prisma.user.count({ where: { email: { in: DEMO_USERS.map((u) => u.email) } } });
    expect(await count()).toBe(6);
    expect(await runCli(['seed'])).toBe(0);
    expect(await count()).toBe(6);
    expect(await ctx.prisma.company.count({ where: { slug: { in: ['acme', 'globex'] } } })).toBe(2);
    const me = await ctx.login({ email: 'sales@demo.local' }, 'demo-password-test');
    const scope = await ctx.prisma.salespersonAssignment.findMany({
      where: { user: { email: 'sales@demo.local' } },
      include: { company: true },
    });
    // Other suites share this database and may have made an "acme" first; the slug is the identity.
    expect(scope.map((s) => s.company.slug)).toEqual(['acme']);
    expect(me.accessToken).toEqual(expect.any(String));
  });

  it('seed does nothing without DEMO_MODE', async () => {
    process.env.DEMO_MODE = 'false';
    expect(await runCli(['seed'])).toBe(0);
    expect(out.join('\n')).toMatch(/DEMO_MODE is off/);
  });

  it('create-admin prints a one-time password that works, and refuses duplicates', async () => {
    const email = `${ctx.unique('root')}@ops.test`;
    expect(await runCli(['create-admin', '--email', email, '--name', 'Root'])).toBe(0);
    const password = /one-time password: (\S+)/.exec(out.join('\n'))![1];
    const session = await ctx.login({ email }, password);
    const me = await ctx.http.get('/api/auth/me').set(session.auth);
    expect(me.body.user.role).toBe('super_admin');
    expect(await runCli(['create-admin', '--email', email, '--name', 'Again'])).toBe(2);
    expect(await runCli(['create-admin', '--name', 'No email'])).toBe(2);
  });

  it('reencrypt-secrets moves secrets to the newest key', async () => {
    // Rotate from the configured keys (other suites' rows are encrypted with them) to a new version.
    const current = ctx.config.env.ENCRYPTION_KEY;
    const next = Math.max(...current.keys()) + 1;
    const before = new SecretsCipherCore(current);
    const user = await ctx.newUser();
    await ctx.prisma.user.update({
      where: { id: user.id },
      data: { totpSecret: before.encrypt('JBSWY3DPEHPK3PXP', 'user.totp') },
    });
    const spec = [...current].map(([v, k]) => `v${v}:${k.toString('base64')}`);
    process.env.ENCRYPTION_KEY = [...spec, `v${next}:${key(2)}`].join(',');
    expect(await runCli(['reencrypt-secrets'])).toBe(0);
    const after = await ctx.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.totpSecret).toMatch(new RegExp(`^enc:v${next}:`));
    const newOnly = new SecretsCipherCore(new Map([[next, Buffer.from(key(2), 'base64')]]));
    expect(newOnly.decrypt(after.totpSecret!, 'user.totp')).toBe('JBSWY3DPEHPK3PXP');
  });

  it('reencrypt-secrets rotates every readable secret and names the ones it cannot open', async () => {
    const current = ctx.config.env.ENCRYPTION_KEY;
    const next = Math.max(...current.keys()) + 1;
    const before = new SecretsCipherCore(current);
    const good = await ctx.newUser();
    const bad = await ctx.newUser();
    await ctx.prisma.user.update({
      where: { id: good.id },
      data: { totpSecret: before.encrypt('JBSWY3DPEHPK3PXP', 'user.totp') },
    });
    const lost = new SecretsCipherCore(new Map([[77, Buffer.from(key(3), 'base64')]]));
    const unreadable = lost.encrypt('KRSXG5CTMVRXEZLU', 'user.totp');
    await ctx.prisma.user.update({ where: { id: bad.id }, data: { totpSecret: unreadable } });
    try {
      const spec = [...current].map(([v, k]) => `v${v}:${k.toString('base64')}`);
      process.env.ENCRYPTION_KEY = [...spec, `v${next}:${key(2)}`].join(',');
      expect(await runCli(['reencrypt-secrets'])).toBe(1);
      const after = await ctx.prisma.user.findUniqueOrThrow({ where: { id: good.id } });
      expect(after.totpSecret).toMatch(new RegExp(`^enc:v${next}:`));
      const untouched = await ctx.prisma.user.findUniqueOrThrow({ where: { id: bad.id } });
      expect(untouched.totpSecret).toBe(unreadable);
      expect(out.join('\n')).toContain(bad.id);
      expect(out.join('\n')).not.toContain('KRSXG5CTMVRXEZLU');
    } finally {
      // Leave no unreadable secret for other suites sharing the database.
      await ctx.prisma.user.delete({ where: { id: bad.id } });
    }
  });
});
