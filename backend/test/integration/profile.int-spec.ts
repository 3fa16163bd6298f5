import { expectApiResponse } from '../helpers/api-response';
import { authenticator } from 'otplib';
import { startSmtpSink } from '../helpers/smtp-sink';
import { TestContext, TEST_PASSWORD } from '../helpers/test-context';

describe('profile: sessions, password, TOTP, reset by mail', () => {
  let ctx: TestContext;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let mails: string[];

  beforeAll(async () => {
    // A local SMTP sink: reset mails are really sent and read back.
    smtp = await startSmtpSink();
    mails = smtp.mails;
    ctx = await TestContext.create({
      env: { SMTP_URL: smtp.url, PUBLIC_URL: 'http://mp.test' },
    });
  });
  afterAll(async () => {
    await ctx.close();
    await smtp.close();
  });

  it('lists sessions, marks the current one and revokes another', async () => {
    const user = await ctx.newUser();
    const a = await ctx.login(user);
    const b = await ctx.login(user);
    const list = await ctx.http.get('/api/auth/sessions').set(a.auth);
    expectApiResponse('GET /auth/sessions', list);
    expect(list.body).toHaveLength(2);
    const other = list.body.find((s: { current: boolean }) => !s.current);
    expect(list.body.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    expect((await ctx.http.delete(`/api/auth/sessions/${other.id}`).set(a.auth)).status).toBe(204);
    expect((await ctx.http.get('/api/auth/me').set(b.auth)).status).toBe(401);
    expect((await ctx.http.get('/api/auth/me').set(a.auth)).status).toBe(200);
    const stranger = await ctx.login(await ctx.newUser());
    const mine = (await ctx.http.get('/api/auth/sessions').set(a.auth)).body[0].id;
    expect((await ctx.http.delete(`/api/auth/sessions/${mine}`).set(stranger.auth)).status).toBe(
      404,
    );
  });

  it('changes the password with the current one and signs other devices out', async () => {
    const user = await ctx.newUser();
    const here = await ctx.login(user);
    const there = await ctx.login(user);
    const wrong = await ctx.http
      .post('/api/auth/password/change')
      .set(here.auth)
      .send({ currentPassword: 'nope', newPassword: 'another-long-password' });
    expect(wrong.status).toBe(401);
    const ok = await ctx.http
      .post('/api/auth/password/change')
      .set(here.auth)
      .send({ currentPassword: TEST_PASSWORD, newPassword: 'another-long-password' });
    expect(ok.status).toBe(204);
    expect((await ctx.http.get('/api/auth/me').set(here.auth)).status).toBe(200);
    expect((await ctx.http.get('/api/auth/me').set(there.auth)).status).toBe(401);
    await ctx.login(user, 'another-long-password');
  });

  it('enrols TOTP, then requires a code (or a single-use recovery code) at login', async () => {
    const user = await ctx.newUser();
    const s = await ctx.login(user);
    const setup = await ctx.http.post('/api/auth/totp/setup').set(s.auth);
    expectApiResponse('POST /auth/totp/setup', setup);
    expect(setup.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    const stored = await ctx.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.totpSecret).toMatch(/^enc:v\d+:/);
    expect(stored.totpSecret).not.toContain(setup.body.secret);
    expect(
      (await ctx.http.post('/api/auth/totp/enable').set(s.auth).send({ code: '000000' })).status,
    ).toBe(401);
    // A code of the previous time-step (still accepted): an accepted code never works twice, so
    // the current one stays free for the sign-in below.
    const enabled = await ctx.http
      .post('/api/auth/totp/enable')
      .set(s.auth)
      .send({
        code: authenticator.clone({ epoch: Date.now() - 30_000 }).generate(setup.body.secret),
      });
    expect(enabled.status).toBe(200);
    expectApiResponse('POST /auth/totp/enable', enabled);
    expect(enabled.body.recoveryCodes).toHaveLength(10);
    expect((await ctx.http.get('/api/auth/me').set(s.auth)).body.user.totpEnabled).toBe(true);

    const creds = { email: user.email, password: TEST_PASSWORD };
    expect((await ctx.http.post('/api/auth/login').send(creds)).body).toEqual({
      status: 'totp_required',
    });
    expect(
      (await ctx.http.post('/api/auth/login').send({ ...creds, totpCode: '123456' })).body.code,
    ).toBe('TOTP_INVALID');
    const withCode = await ctx.http
      .post('/api/auth/login')
      .send({ ...creds, totpCode: authenticator.generate(setup.body.secret) });
    expect(withCode.body.status).toBe('ok');
    const recovery = enabled.body.recoveryCodes[0];
    expect(
      (await ctx.http.post('/api/auth/login').send({ ...creds, totpCode: recovery })).body.status,
    ).toBe('ok');
    expect(
      (await ctx.http.post('/api/auth/login').send({ ...creds, totpCode: recovery })).status,
    ).toBe(401);
  });

  it('resets a forgotten password through a mailed, single-use link', async () => {
    const user = await ctx.newUser();
    const old = await ctx.login(user);
    const before = mails.length;
    expect(
      (await ctx.http.post('/api/auth/password/forgot').send({ email: user.email })).status,
    ).toBe(204);
    expect(
      (await ctx.http.post('/api/auth/password/forgot').send({ email: 'ghost@nowhere.test' }))
        .status,
    ).toBe(204);
    for (let i = 0; i < 50 && mails.length === before; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(mails.length).toBe(before + 1);
    const body = mails[mails.length - 1].replace(/=\r?\n/g, '').replace(/=3D/g, '=');
    expect(body).toContain(user.email);
    const token = /reset-password\?token=([\w-]+)/.exec(body)![1];
    const reset = await ctx.http
      .post('/api/auth/password/reset')
      .send({ token, password: 'brand-new-password' });
    expect(reset.status).toBe(204);
    expect(
      (
        await ctx.http
          .post('/api/auth/password/reset')
          .send({ token, password: 'brand-new-password2' })
      ).status,
    ).toBe(400);
    expect((await ctx.http.get('/api/auth/me').set(old.auth)).status).toBe(401);
    await ctx.login(user, 'brand-new-password');
  });
});

describe('login rate limits', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await TestContext.create({ env: { TRUST_PROXY: '1' } });
  });
  afterAll(() => ctx.close());

  const attempt = (email: string, password: string, ip: string) =>
    ctx.http.post('/api/auth/login').set('X-Forwarded-For', ip).send({ email, password });

  it('answers 429 to an address guessing passwords, not to other addresses', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++)
      statuses.push((await attempt(`nobody${i}@x.test`, 'guess', '203.0.113.7')).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10).every((s) => s === 429)).toBe(true);
    const limited = await attempt('nobody@x.test', 'guess', '203.0.113.7');
    expect(limited.body.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    const user = await ctx.newUser();
    expect((await attempt(user.email, TEST_PASSWORD, '198.51.100.1')).status).toBe(200);
  });

  it('locks an attacked account briefly with back-off, never for long', async () => {
    const user = await ctx.newUser();
    for (let i = 0; i < 5; i++) await attempt(user.email, 'wrong', `192.0.2.${i + 1}`);
    const locked = await attempt(user.email, TEST_PASSWORD, '198.51.100.2');
    expect(locked.status).toBe(429);
    const wait = Number(locked.headers['retry-after']);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(30);
    // After the lock expires the right password works again.
    await ctx.redis.client.del(ctx.redis.key('rl', 'login', 'lock', user.email));
    expect((await attempt(user.email, TEST_PASSWORD, '198.51.100.2')).status).toBe(200);
  });
});
