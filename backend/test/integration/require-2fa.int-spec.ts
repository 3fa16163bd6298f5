import { authenticator } from 'otplib';
import { EnrollmentTokenStore } from '../../src/modules/auth/enrollment-token.store';
import { copyDatabase, dropDatabase, templateUrl } from '../helpers/template-db';
import { randomSuffix, serverUrl, withDatabase } from '../helpers/test-env';
import { expectApiResponse } from '../helpers/api-response';
import { refreshCookieOf, TestContext, TEST_PASSWORD } from '../helpers/test-context';

type Ctx = TestContext;
// Enrolment uses a code of the previous time-step (still accepted): an accepted code never works
// twice, so the current one stays free for the sign-in that follows.
const enrolmentCode = (secret: string) =>
  authenticator.clone({ epoch: Date.now() - 30_000 }).generate(secret);
const login = (ctx: Ctx, email: string, extra: Record<string, string> = {}) =>
  ctx.http.post('/api/auth/login').send({ email, password: TEST_PASSWORD, ...extra });

/** Password login that must stop at the enrolment step; returns its token. */
async function enrolmentToken(ctx: Ctx, email: string): Promise<string> {
  const res = await login(ctx, email);
  expect(res.status).toBe(200);
  expect(res.body).toEqual({
    status: 'totp_enrollment_required',
    enrollmentToken: expect.stringMatching(/^[A-Za-z0-9_-]{20,}$/),
  });
  expect(res.headers['set-cookie']).toBeUndefined();
  return res.body.enrollmentToken;
}

/** Completes the required enrolment; returns the secret and the confirm response. */
async function enrol(ctx: Ctx, token: string) {
  const setup = await ctx.http.post('/api/auth/totp/enroll').send({ enrollmentToken: token });
  expect(setup.status).toBe(200);
  expectApiResponse('POST /auth/totp/enroll', setup);
  expect(setup.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
  const res = await ctx.http
    .post('/api/auth/totp/enroll/confirm')
    .send({ enrollmentToken: token, code: enrolmentCode(setup.body.secret) });
  return { secret: setup.body.secret as string, res };
}

/** Turns TOTP on from a signed-in session (the profile page's flow). */
async function turnOnTotp(ctx: Ctx, s: { auth: Record<string, string> }): Promise<void> {
  const setup = await ctx.http.post('/api/auth/totp/setup').set(s.auth);
  await ctx.http
    .post('/api/auth/totp/enable')
    .set(s.auth)
    .send({ code: enrolmentCode(setup.body.secret) })
    .expect(200);
}

async function actions(ctx: Ctx, userId: string): Promise<string[]> {
  const rows = await ctx.prisma.activityLog.findMany({
    where: { actorUserId: userId },
    orderBy: { createdAt: 'asc' },
  });
  return rows.map((r) => `${r.action}:${r.result}`);
}

describe('required two-factor authentication (company policy)', () => {
  let ctx: Ctx;
  beforeAll(async () => {
    ctx = await TestContext.create();
  });
  afterAll(() => ctx.close());

  it('holds back the session until a user of a 2FA company enrols, then asks for codes', async () => {
    const company = await ctx.newCompany({ require2fa: true });
    const user = await ctx.newUser({ role: 'user', companyId: company.id });
    const token = await enrolmentToken(ctx, user.email);

    // The token is no access token and nothing else signs in.
    expect(
      (await ctx.http.get('/api/auth/me').set({ Authorization: `Bearer ${token}` })).status,
    ).toBe(401);
    const setup = await ctx.http.post('/api/auth/totp/enroll').send({ enrollmentToken: token });
    const wrong = await ctx.http
      .post('/api/auth/totp/enroll/confirm')
      .send({ enrollmentToken: token, code: '000000' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('TOTP_INVALID');
    expect(wrong.headers['set-cookie']).toBeUndefined();

    const ok = await ctx.http
      .post('/api/auth/totp/enroll/confirm')
      .send({ enrollmentToken: token, code: enrolmentCode(setup.body.secret) });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'ok', user: { id: user.id } });
    expect(ok.body.recoveryCodes).toHaveLength(10);
    expect(refreshCookieOf(ok.headers['set-cookie'])).toMatch(/^mp_refresh=/);
    const me = await ctx.http
      .get('/api/auth/me')
      .set({ Authorization: `Bearer ${ok.body.accessToken}` });
    expect(me.body.user).toMatchObject({ totpEnabled: true, totpRequired: true });

    // Single use: the same token (even with a fresh valid code) gives nothing more.
    const again = await ctx.http
      .post('/api/auth/totp/enroll/confirm')
      .send({ enrollmentToken: token, code: authenticator.generate(setup.body.secret) });
    expect(again.status).toBe(401);
    expect(
      (await ctx.http.post('/api/auth/totp/enroll').send({ enrollmentToken: token })).status,
    ).toBe(401);

    // From now on the ordinary second step applies.
    expect((await login(ctx, user.email)).body).toEqual({ status: 'totp_required' });
    const withCode = await login(ctx, user.email, {
      totpCode: authenticator.generate(setup.body.secret),
    });
    expect(withCode.body.status).toBe('ok');

    expect(await actions(ctx, user.id)).toEqual(
      expect.arrayContaining([
        'auth.totp_enrollment_required:success',
        'auth.totp_enrollment:failure',
        'auth.totp_enable:success',
        'auth.login:success',
      ]),
    );
  });

  it('ends the sessions of password users without 2FA when the company starts requiring it', async () => {
    const company = await ctx.newCompany();
    const admin = await ctx.newUser({ role: 'company_admin', companyId: company.id });
    const plain = await ctx.newUser({ companyId: company.id });
    const withTotp = await ctx.newUser({ companyId: company.id });
    const ssoOnly = await ctx.newUser({ companyId: company.id });
    const elsewhere = await ctx.newUser({ role: 'company_admin' });
    const adminSession = await ctx.login(admin);
    const adminOther = await ctx.login(admin);
    const plainSession = await ctx.login(plain);
    const totpSession = await ctx.login(withTotp);
    await turnOnTotp(ctx, totpSession);
    const ssoSession = await ctx.login(ssoOnly);
    await ctx.prisma.user.update({ where: { id: ssoOnly.id }, data: { passwordHash: null } });
    const elsewhereSession = await ctx.login(elsewhere);
    const me = (s: { auth: Record<string, string> }) =>
      ctx.http
        .get('/api/auth/me')
        .set(s.auth)
        .then((r) => r.status);

    expectApiResponse(
      'PUT /companies/:id/require-2fa',
      await ctx.http
        .put(`/api/companies/${company.id}/require-2fa`)
        .set(adminSession.auth)
        .send({ require2fa: true })
        .expect(200),
    );

    expect(await me(plainSession)).toBe(401);
    const refresh = await ctx.http
      .post('/api/auth/refresh')
      .set('Cookie', plainSession.refreshCookie);
    expect(refresh.status).toBe(401);
    await enrolmentToken(ctx, plain.email);
    // The admin's other browser goes; the session that flipped the switch stays.
    expect(await me(adminOther)).toBe(401);
    expect(await me(adminSession)).toBe(200);
    expect(await me(totpSession)).toBe(200);
    expect(await me(ssoSession)).toBe(200);
    expect(await me(elsewhereSession)).toBe(200);
    const log = await ctx.prisma.activityLog.findFirstOrThrow({
      where: { action: 'company.require_2fa', resourceId: company.id },
    });
    expect(log.details).toMatchObject({ require2fa: true, endedSessions: 2 });
  });

  it('lets a user who already has 2FA through the normal TOTP step', async () => {
    const company = await ctx.newCompany();
    const user = await ctx.newUser({ role: 'company_admin', companyId: company.id });
    const s = await ctx.login(user);
    await turnOnTotp(ctx, s);
    await ctx.http
      .put(`/api/companies/${company.id}/require-2fa`)
      .set(s.auth)
      .send({ require2fa: true })
      .expect(200);
    expect((await login(ctx, user.email)).body).toEqual({ status: 'totp_required' });
  });

  it('expires the enrolment token and burns it after too many wrong codes', async () => {
    const company = await ctx.newCompany({ require2fa: true });
    const user = await ctx.newUser({ companyId: company.id });

    const expiring = await enrolmentToken(ctx, user.email);
    const store = ctx.app.get(EnrollmentTokenStore);
    expect(await ctx.redis.client.ttl(store.keyOf(expiring))).toBeGreaterThan(0);
    await ctx.redis.client.pexpire(store.keyOf(expiring), 1);
    await new Promise((r) => setTimeout(r, 20));
    const late = await ctx.http.post('/api/auth/totp/enroll').send({ enrollmentToken: expiring });
    expect(late.status).toBe(401);
    const lateConfirm = await ctx.http
      .post('/api/auth/totp/enroll/confirm')
      .send({ enrollmentToken: expiring, code: '123456' });
    expect(lateConfirm.status).toBe(401);
    expect(lateConfirm.body.code).toBe('UNAUTHENTICATED');

    const guessed = await enrolmentToken(ctx, user.email);
    const setup = await ctx.http.post('/api/auth/totp/enroll').send({ enrollmentToken: guessed });
    for (let i = 0; i < 5; i++) {
      await ctx.http
        .post('/api/auth/totp/enroll/confirm')
        .send({ enrollmentToken: guessed, code: '000000' })
        .expect(401);
    }
    const right = await ctx.http
      .post('/api/auth/totp/enroll/confirm')
      .send({ enrollmentToken: guessed, code: authenticator.generate(setup.body.secret) });
    expect(right.status).toBe(401);
    expect(right.body.code).toBe('UNAUTHENTICATED');
    expect(
      (await ctx.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).totpEnabledAt,
    ).toBe(null);
  });

  it('refuses to turn 2FA off while the company requires it', async () => {
    const company = await ctx.newCompany({ require2fa: true });
    const admin = await ctx.newUser({ role: 'company_admin', companyId: company.id });
    const { secret, res } = await enrol(ctx, await enrolmentToken(ctx, admin.email));
    const auth = { Authorization: `Bearer ${res.body.accessToken}` };
    const refused = await ctx.http
      .post('/api/auth/totp/disable')
      .set(auth)
      .send({ code: authenticator.generate(secret) });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/company requires two-factor/i);

    // The company admin lifts the requirement (only for their own company), then it may go.
    const foreign = await ctx.newCompany();
    expect(
      (
        await ctx.http
          .put(`/api/companies/${foreign.id}/require-2fa`)
          .set(auth)
          .send({ require2fa: true })
      ).status,
    ).toBe(404);
    expect(
      (await ctx.prisma.company.findUniqueOrThrow({ where: { id: foreign.id } })).require2fa,
    ).toBe(false);
    const lifted = await ctx.http
      .put(`/api/companies/${company.id}/require-2fa`)
      .set(auth)
      .send({ require2fa: false });
    expect(lifted.status).toBe(200);
    expect(lifted.body.require2fa).toBe(false);
    await ctx.http
      .post('/api/auth/totp/disable')
      .set(auth)
      .send({ code: authenticator.generate(secret) })
      .expect(204);
  });

  it('keeps API keys working for a company that starts requiring 2FA', async () => {
    const company = await ctx.newCompany();
    const user = await ctx.newUser({ role: 'company_admin', companyId: company.id });
    const s = await ctx.login(user);
    const created = await ctx.http
      .post('/api/api-keys')
      .set(s.auth)
      .send({ name: 'ci', permissions: ['company.read'] });
    expect(created.status).toBe(201);
    await ctx.prisma.company.update({ where: { id: company.id }, data: { require2fa: true } });
    await enrolmentToken(ctx, user.email);
    const viaKey = await ctx.http
      .get(`/api/companies/${company.id}`)
      .set({ Authorization: `Bearer ${created.body.key}` });
    expect(viaKey.status).toBe(200);
    expect(viaKey.body.require2fa).toBe(true);
  });

  it('does not let a customer user (no permission) change the requirement', async () => {
    const company = await ctx.newCompany();
    const user = await ctx.newUser({ role: 'user', companyId: company.id });
    const s = await ctx.login(user);
    const res = await ctx.http
      .put(`/api/companies/${company.id}/require-2fa`)
      .set(s.auth)
      .send({ require2fa: true });
    expect(res.status).toBe(403);
  });
});

// The staff switch is platform-wide, so this block gets a database of its own: other suites sign
// staff in concurrently and must never see it on.
describe('required two-factor authentication (platform staff policy)', () => {
  let ctx: Ctx;
  let url: string;
  beforeAll(async () => {
    url = withDatabase(serverUrl(), `mp_test_${randomSuffix()}_2fa`);
    await copyDatabase(templateUrl(), url);
    ctx = await TestContext.create({ env: { DATABASE_URL: url } });
  });
  afterAll(async () => {
    await ctx?.close();
    await dropDatabase(url);
  });

  it('lets a super_admin require 2FA for all staff, not for customers', async () => {
    const root = await ctx.newUser({ role: 'super_admin' });
    const sales = await ctx.newUser({ role: 'salesperson' });
    const customer = await ctx.newUser({ role: 'company_admin' });
    const rootSession = await ctx.login(root);
    const salesSession = await ctx.login(sales);
    const customerSession = await ctx.login(customer);

    const settings = await ctx.http.get('/api/platform/settings').set(rootSession.auth);
    expectApiResponse('GET /platform/settings', settings);
    expect(settings.body).toEqual({ requireStaff2fa: false });
    expect(
      (
        await ctx.http
          .put('/api/platform/settings')
          .set(customerSession.auth)
          .send({ requireStaff2fa: true })
      ).status,
    ).toBe(403);
    expect(
      (await ctx.http.put('/api/platform/settings').set(rootSession.auth).send({ nope: 1 })).status,
    ).toBe(400);
    const on = await ctx.http
      .put('/api/platform/settings')
      .set(rootSession.auth)
      .send({ requireStaff2fa: true });
    expectApiResponse('PUT /platform/settings', on);
    expect(on.body).toEqual({ requireStaff2fa: true });
    expect(
      await ctx.prisma.activityLog.count({
        where: { action: 'platform.settings_update', actorUserId: root.id },
      }),
    ).toBe(1);

    // Staff sessions without a second factor end at once (the switching session stays).
    expect((await ctx.http.get('/api/auth/me').set(salesSession.auth)).status).toBe(401);
    expect((await ctx.http.get('/api/auth/me').set(customerSession.auth)).status).toBe(200);
    expect((await ctx.http.get('/api/auth/me').set(rootSession.auth)).status).toBe(200);
    await enrolmentToken(ctx, sales.email);
    const rootToken = await enrolmentToken(ctx, root.email);
    expect((await login(ctx, customer.email)).body.status).toBe('ok');

    const { secret, res } = await enrol(ctx, rootToken);
    expect(res.status).toBe(200);
    expectApiResponse('POST /auth/totp/enroll/confirm', res);
    expect(res.body.user.role).toBe('super_admin');
    const refused = await ctx.http
      .post('/api/auth/totp/disable')
      .set({ Authorization: `Bearer ${res.body.accessToken}` })
      .send({ code: authenticator.generate(secret) });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/required for all staff/i);

    await ctx.http
      .put('/api/platform/settings')
      .set(rootSession.auth)
      .send({ requireStaff2fa: false })
      .expect(200);
    expect((await login(ctx, sales.email)).body.status).toBe('ok');
  });
});
