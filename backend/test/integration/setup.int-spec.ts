import { expectApiResponse } from '../helpers/api-response';
import { TestContext } from '../helpers/test-context';
import { copyDatabase, dropDatabase, templateUrl } from '../helpers/template-db';
import { randomSuffix, serverUrl, withDatabase } from '../helpers/test-env';

// First-run setup needs a database without users, so this suite has its own (a copy of the template).
describe('first-run setup', () => {
  const url = withDatabase(serverUrl(), `mp_test_setup_${randomSuffix()}`);
  let ctx: TestContext;

  beforeAll(async () => {
    await copyDatabase(templateUrl(), url);
    ctx = await TestContext.create({ env: { DATABASE_URL: url } });
  });
  afterAll(async () => {
    await ctx.close();
    await dropDatabase(url);
  });

  it('creates exactly one super_admin, once, even under concurrent requests', async () => {
    expect((await ctx.http.get('/api/setup/status')).body).toEqual({ needsSetup: true });
    const weak = await ctx.http
      .post('/api/setup')
      .send({ email: 'a@b.test', password: 'short', name: 'A' });
    expect(weak.status).toBe(400);
    const body = (n: number) => ({
      email: `owner${n}@msp.test`,
      password: 'a-very-long-password',
      name: 'Owner',
    });
    const results = await Promise.all(
      [1, 2, 3].map((n) => ctx.http.post('/api/setup').send(body(n))),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    expect((await ctx.http.get('/api/setup/status')).body).toEqual({ needsSetup: false });
    const won = results.find((r) => r.status === 201)!;
    expectApiResponse('POST /setup', won);
    const winner = won.body.email as string;
    const session = await ctx.login({ email: winner }, 'a-very-long-password');
    expect((await ctx.http.get('/api/auth/me').set(session.auth)).body.user.role).toBe(
      'super_admin',
    );
    expect(await ctx.prisma.user.count()).toBe(1);
  });
});
