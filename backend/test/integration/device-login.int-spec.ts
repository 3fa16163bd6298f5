import { expectApiResponse } from '../helpers/api-response';
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { hashDeviceCode } from '../../src/modules/api-keys/device-code';
import { TestContext, type LoggedIn } from '../helpers/test-context';

const run = promisify(execFile);
const CLI = path.resolve(__dirname, '../../../client/bin/multpanel.mjs');

/**
 * `multpanel login --device` (issue 25): the CLI asks for a code, a signed-in person approves it at
 * /device, the CLI's poll receives an API key once. Codes expire, are used once and are rate limited.
 */
describe('device-code login for the CLI', () => {
  let ctx: TestContext;
  let admin: LoggedIn;
  let adminEmail: string;
  let home: string;

  const start = () => ctx.http.post('/api/auth/device/code').send({ clientName: 'test bench' });
  const poll = (deviceCode: string) => ctx.http.post('/api/auth/device/token').send({ deviceCode });
  // The poll pace (one per 5 s) is checked on its own below; other tests reset it to stay fast.
  const unpace = (deviceCode: string) =>
    ctx.redis.client.del(ctx.redis.key('device', 'poll', hashDeviceCode(deviceCode)));

  beforeAll(async () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-device-'));
    ctx = await TestContext.create();
    const company = await ctx.newCompany();
    const user = await ctx.newUser({ role: 'company_admin', companyId: company.id });
    adminEmail = user.email;
    admin = await ctx.login(user);
  });
  afterAll(async () => {
    await ctx?.close();
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('the CLI prints a code, the person approves it, the CLI remembers a working key', async () => {
    const env = {
      ...process.env,
      MULTPANEL_CONFIG: path.join(home, 'config.json'),
      MULTPANEL_URL: ctx.baseUrl,
      MULTPANEL_API_KEY: '',
    };
    const child = spawn(process.execPath, [CLI, 'login', '--device', '--json'], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));

    const deadline = Date.now() + 20_000;
    while (!/confirm the code ([A-Z]{4}-[A-Z]{4})/.test(stderr) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    const userCode = /confirm the code ([A-Z]{4}-[A-Z]{4})/.exec(stderr)?.[1];
    expect(userCode).toBeDefined();
    expect(stderr).toContain(`/device?code=${userCode}`);

    const shown = await ctx.http.get(`/api/auth/device/requests/${userCode}`).set(admin.auth);
    expect(shown.status).toBe(200);
    expectApiResponse('GET /auth/device/requests/:id', shown);
    expect(shown.body).toMatchObject({
      userCode,
      status: 'pending',
      clientName: `multpanel CLI on ${os.hostname()}`.slice(0, 100),
    });
    // Typed as shown on the page, lower-case and without the dash, it names the same request.
    const typed = userCode!.replace('-', '').toLowerCase();
    await ctx.http.post(`/api/auth/device/requests/${typed}/approve`).set(admin.auth).expect(204);

    expect(await exited).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.user).toEqual({ email: adminEmail, role: 'company_admin' });
    const saved = JSON.parse(fs.readFileSync(path.join(home, 'config.json'), 'utf8'));
    expect(saved.apiKey).toMatch(/^mpk_/);
    expect(fs.statSync(path.join(home, 'config.json')).mode & 0o077).toBe(0);

    // The remembered key works without MULTPANEL_API_KEY, and is listed (and revocable) as a key.
    const { MULTPANEL_API_KEY: _drop, ...envNoKey } = env;
    void _drop;
    const who = await run(process.execPath, [CLI, 'whoami', '--json'], { env: envNoKey });
    expect(JSON.parse(who.stdout).user.email).toBe(adminEmail);
    const keys = await ctx.http.get('/api/api-keys').set(admin.auth).expect(200);
    const key = keys.body.find((k: { id: string }) => k.id === out.apiKeyId);
    expect(key.name).toBe(`CLI device login: multpanel CLI on ${os.hostname()}`.slice(0, 191));
    expect(key.permissions).toContain('vm.read');

    // Decided once: a second approval of the same code finds nothing.
    const again = await ctx.http
      .post(`/api/auth/device/requests/${userCode}/approve`)
      .set(admin.auth);
    expect(again.status).toBe(404);
  }, 60_000);

  it('hands the key over once, paces polls, and forgets expired codes', async () => {
    const code = await start();
    expect(code.status).toBe(200);
    expect(code.body).toMatchObject({ interval: 5, expiresIn: 600 });
    expect(code.body.verificationUriComplete).toBe(
      `${code.body.verificationUri}?code=${code.body.userCode}`,
    );
    const { deviceCode, userCode } = code.body as { deviceCode: string; userCode: string };

    expect((await poll(deviceCode)).body).toEqual({ status: 'pending' });
    const tooFast = await poll(deviceCode);
    expect(tooFast.status).toBe(429);
    expect(tooFast.body.code).toBe('RATE_LIMITED');

    await ctx.http
      .post(`/api/auth/device/requests/${userCode}/approve`)
      .set(admin.auth)
      .expect(204);
    await unpace(deviceCode);
    const got = await poll(deviceCode);
    expect(got.status).toBe(200);
    expect(got.body.status).toBe('approved');
    const me = await ctx.http
      .get('/api/auth/me')
      .set({ Authorization: `Bearer ${got.body.apiKey}` });
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe(adminEmail);

    // Used once: the same device code, replayed, gets nothing.
    await unpace(deviceCode);
    const replay = await poll(deviceCode);
    expect(replay.status).toBe(404);
    expect(JSON.stringify(replay.body)).not.toContain('mpk_');

    // An expired request (Redis dropped it) is unknown to both sides.
    const late = await start();
    await ctx.redis.client.del(
      ctx.redis.key('device', 'req', hashDeviceCode(late.body.deviceCode)),
    );
    expect((await poll(late.body.deviceCode)).status).toBe(404);
    const lateShow = await ctx.http
      .get(`/api/auth/device/requests/${late.body.userCode}`)
      .set(admin.auth);
    expect(lateShow.status).toBe(404);
  });

  it('a denied request gives the CLI 403 and no key', async () => {
    const code = await start();
    await ctx.http
      .post(`/api/auth/device/requests/${code.body.userCode}/deny`)
      .set(admin.auth)
      .expect(204);
    const shown = await ctx.http
      .get(`/api/auth/device/requests/${code.body.userCode}`)
      .set(admin.auth);
    expect(shown.body.status).toBe('denied');
    const approve = await ctx.http
      .post(`/api/auth/device/requests/${code.body.userCode}/approve`)
      .set(admin.auth);
    expect(approve.status).toBe(409);
    const denied = await poll(code.body.deviceCode);
    expect(denied.status).toBe(403);
    expect(denied.body.apiKey).toBeUndefined();
  });

  it('refuses bad input with 400, strangers with 401 and API keys with 403', async () => {
    expect((await poll('short')).status).toBe(400);
    expect(
      (await ctx.http.post('/api/auth/device/code').send({ clientName: 'x', extra: 1 })).status,
    ).toBe(400);
    expect(
      (await ctx.http.post('/api/auth/device/code').send({ clientName: 'a\u0007b' })).status,
    ).toBe(400);
    const malformed = await ctx.http.get('/api/auth/device/requests/not-a-code').set(admin.auth);
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('VALIDATION_FAILED');

    const code = await start();
    const anonymous = await ctx.http.post(
      `/api/auth/device/requests/${code.body.userCode}/approve`,
    );
    expect(anonymous.status).toBe(401);

    const key = await ctx.http
      .post('/api/api-keys')
      .set(admin.auth)
      .send({ name: 'script', permissions: ['api_key.manage'] });
    const byKey = await ctx.http
      .post(`/api/auth/device/requests/${code.body.userCode}/approve`)
      .set({ Authorization: `Bearer ${key.body.key}` });
    expect(byKey.status).toBe(403);
    expect((await poll(code.body.deviceCode)).body).toEqual({ status: 'pending' });
  });

  it('rate limits guessed user codes per person and new codes per address', async () => {
    const guesser = await ctx.login(await ctx.newUser({ role: 'company_admin' }));
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await ctx.http.get('/api/auth/device/requests/BCDF-GHJK').set(guesser.auth);
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(404));
    expect(statuses[10]).toBe(429);
    // Another person is not locked out by the guesser.
    const code = await start();
    const other = await ctx.http
      .get(`/api/auth/device/requests/${code.body.userCode}`)
      .set(admin.auth);
    expect(other.status).toBe(200);

    let answer = 200;
    let made = 0;
    while (answer === 200 && made < 30) {
      answer = (await start()).status;
      if (answer === 200) made++;
    }
    expect(answer).toBe(429);
    expect(made).toBeLessThan(20);
  });
});
