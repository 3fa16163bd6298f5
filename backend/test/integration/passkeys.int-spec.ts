import { expectApiResponse } from '../helpers/api-response';
import { generateKeyPairSync } from 'node:crypto';
import { SoftAuthenticator } from '../helpers/soft-authenticator';
import { TEST_PASSWORD, TestContext, type LoggedIn } from '../helpers/test-context';

// Issue 25, passkeys: registration (several per user, named, removable), passwordless sign-in,
// counter checks, failures counted like wrong TOTP codes, passkeys as the second factor and the
// company's "phishing-resistant MFA" switch. A software authenticator answers like a browser.

const PUBLIC_URL = 'http://passkeys.test';
let ctx: TestContext;

beforeAll(async () => {
  ctx = await TestContext.create({ env: { PUBLIC_URL, TRUST_PROXY: '1' } });
});
afterAll(() => ctx?.close());

let seq = 0;
// Its own documentation range: totp-brute-force counts failures per address in 198.51.100.0/24 in the same Redis.
const ip = () => `203.0.113.${(++seq % 250) + 1}`;

async function register(who: LoggedIn, name: string, auth = new SoftAuthenticator(PUBLIC_URL)) {
  const opts = await ctx.http
    .post('/api/auth/passkeys/registration-options')
    .set(who.auth)
    .expect(200);
  const res = await ctx.http
    .post('/api/auth/passkeys')
    .set(who.auth)
    .send({ challengeId: opts.body.challengeId, name, credential: auth.create(opts.body.options) });
  return { res, auth };
}

async function passkeyLogin(
  auth: SoftAuthenticator,
  opts: Parameters<SoftAuthenticator['get']>[1] = {},
  from = ip(),
) {
  const o = await ctx.http
    .post('/api/auth/passkey-login/options')
    .set('X-Forwarded-For', from)
    .expect(200);
  expectApiResponse('POST /auth/passkey-login/options', o);
  return ctx.http
    .post('/api/auth/passkey-login')
    .set('X-Forwarded-For', from)
    .send({ challengeId: o.body.challengeId, credential: auth.get(o.body.options, opts) });
}

describe('passkeys', () => {
  it('registers several, names and removes them; only the owner sees them', async () => {
    const user = await ctx.newUser();
    const me = await ctx.login(user);
    const a = await register(me, 'Laptop');
    expect(a.res.status).toBe(201);
    expect(a.res.body).toMatchObject({ name: 'Laptop', lastUsedAt: null });
    const b = await register(me, 'Phone');
    expect(b.res.status).toBe(201);
    // The same authenticator cannot be registered twice.
    expect((await register(me, 'Again', a.auth)).res.status).toBe(409);
    const list = await ctx.http.get('/api/auth/passkeys').set(me.auth).expect(200);
    expect(list.body.map((p: { name: string }) => p.name)).toEqual(['Laptop', 'Phone']);
    const renamed = await ctx.http
      .patch(`/api/auth/passkeys/${b.res.body.id}`)
      .set(me.auth)
      .send({ name: 'Work phone' });
    expect(renamed.body.name).toBe('Work phone');
    const other = await ctx.login(await ctx.newUser());
    expect(
      (await ctx.http.delete(`/api/auth/passkeys/${b.res.body.id}`).set(other.auth)).status,
    ).toBe(404);
    expect(
      (
        await ctx.http
          .patch(`/api/auth/passkeys/${b.res.body.id}`)
          .set(other.auth)
          .send({ name: 'x' })
      ).status,
    ).toBe(404);
    await ctx.http.delete(`/api/auth/passkeys/${b.res.body.id}`).set(me.auth).expect(204);
    expect((await ctx.http.get('/api/auth/passkeys').set(me.auth)).body).toHaveLength(1);
    // A removed passkey no longer signs in.
    expect((await passkeyLogin(b.auth)).status).toBe(401);
  });

  it('refuses an answer for another origin or a used challenge', async () => {
    const me = await ctx.login(await ctx.newUser());
    const opts = await ctx.http.post('/api/auth/passkeys/registration-options').set(me.auth);
    const phish = new SoftAuthenticator('http://evil.test', 'passkeys.test');
    const bad = await ctx.http
      .post('/api/auth/passkeys')
      .set(me.auth)
      .send({
        challengeId: opts.body.challengeId,
        name: 'x',
        credential: phish.create(opts.body.options),
      });
    expect(bad.status).toBe(400);
    // The challenge was used up by that attempt.
    const again = await ctx.http
      .post('/api/auth/passkeys')
      .set(me.auth)
      .send({
        challengeId: opts.body.challengeId,
        name: 'x',
        credential: new SoftAuthenticator(PUBLIC_URL).create(opts.body.options),
      });
    expect(again.status).toBe(401);
  });

  it('signs in without a password and refuses a counter that does not move forward', async () => {
    const user = await ctx.newUser({ role: 'company_admin' });
    const { auth } = await register(await ctx.login(user), 'Key');
    const ok = await passkeyLogin(auth);
    expect(ok.status).toBe(200);
    expectApiResponse('POST /auth/passkey-login', ok);
    expect(ok.body.user).toMatchObject({ id: user.id });
    expect(ok.headers['set-cookie']?.toString()).toContain('mp_refresh=');
    await ctx.http
      .get('/api/auth/me')
      .set({ Authorization: `Bearer ${ok.body.accessToken}` })
      .expect(200);
    expect((await passkeyLogin(auth)).status).toBe(200);
    // A clone answering with an old counter value.
    const cloned = await passkeyLogin(auth, { step: -1 });
    expect(cloned.status).toBe(401);
    const failure = await ctx.prisma.activityLog.findFirst({
      where: { action: 'auth.passkey_login', resourceId: user.id, result: 'failure' },
      orderBy: { createdAt: 'desc' },
    });
    expect(failure?.details).toMatchObject({ reason: 'counter_not_increased' });
  });

  it('counts bad signatures like wrong codes and locks the account', async () => {
    const user = await ctx.newUser();
    const { auth } = await register(await ctx.login(user), 'Key');
    const forged = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    for (let i = 0; i < 5; i++) {
      expect((await passkeyLogin(auth, { signWith: forged, step: 0 })).status).toBe(401);
    }
    const locked = await passkeyLogin(auth);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('is the second factor instead of TOTP, and the only way in under phishing-resistant MFA', async () => {
    const company = await ctx.newCompany({ require2fa: true });
    const user = await ctx.newUser({ role: 'user', companyId: company.id });
    const withoutKey = await ctx.newUser({ role: 'user', companyId: company.id });
    const login = (email: string) =>
      ctx.http
        .post('/api/auth/login')
        .set('X-Forwarded-For', ip())
        .send({ email, password: TEST_PASSWORD });
    // No second factor yet: TOTP enrolment is asked for, so register the passkey from a session
    // started before the switch (as an existing user would have).
    expect((await login(user.email)).body.status).toBe('totp_enrollment_required');
    await ctx.prisma.company.update({ where: { id: company.id }, data: { require2fa: false } });
    const { auth } = await register(await ctx.login(user), 'Key');
    await ctx.prisma.company.update({ where: { id: company.id }, data: { require2fa: true } });
    expect((await login(user.email)).body).toEqual({ status: 'passkey_required' });
    expect((await passkeyLogin(auth)).status).toBe(200);

    // Phishing-resistant only: even with TOTP on, the password route ends at "use your passkey".
    await ctx.prisma.company.update({
      where: { id: company.id },
      data: { require2fa: false, requirePhishingResistantMfa: true },
    });
    await ctx.prisma.user.update({ where: { id: user.id }, data: { totpEnabledAt: new Date() } });
    expect((await login(user.email)).body).toEqual({ status: 'passkey_required' });
    // Someone without a passkey yet signs in to register one.
    expect((await login(withoutKey.email)).body.status).toBe('ok');
    // The company admin sets the switch through the API.
    const admin = await ctx.login(
      await ctx.newUser({ role: 'company_admin', companyId: company.id }),
    );
    const put = await ctx.http
      .put(`/api/companies/${company.id}/require-2fa`)
      .set(admin.auth)
      .send({ require2fa: true, requirePhishingResistantMfa: false });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ require2fa: true, requirePhishingResistantMfa: false });
  });
});
