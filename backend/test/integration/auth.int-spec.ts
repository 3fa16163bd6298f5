import { refreshCookieOf, TestContext, TEST_PASSWORD } from '../helpers/test-context';

describe('auth: login, refresh rotation, reuse detection, logout, me', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await TestContext.create();
  });
  afterAll(() => ctx.close());

  it('logs in and returns user, permissions and an httpOnly strict refresh cookie', async () => {
    const user = await ctx.newUser({ role: 'company_admin' });
    const res = await ctx.http
      .post('/api/auth/login')
      .send({ email: user.email, password: TEST_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      expiresIn: 900,
      user: { id: user.id, email: user.email, role: 'company_admin', companyId: user.companyId },
    });
    expect(res.body.permissions).toContain('user.create');
    expect(res.body.permissions).not.toContain('platform.settings');
    const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) =>
      c.startsWith('mp_refresh='),
    )!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/api\/auth/);

    const me = await ctx.http
      .get('/api/auth/me')
      .set('Authorization', `Bearer ${res.body.accessToken}`);
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe(user.email);
    expect(me.body.permissions).toEqual(res.body.permissions);
  });

  it('refuses a wrong password with 401 INVALID_CREDENTIALS and logs the failure', async () => {
    const user = await ctx.newUser();
    const res = await ctx.http
      .post('/api/auth/login')
      .send({ email: user.email, password: 'wrong-password' });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('INVALID_CREDENTIALS');
    const unknown = await ctx.http
      .post('/api/auth/login')
      .send({ email: 'nobody@x.test', password: 'x' });
    expect(unknown.status).toBe(401);
    expect(unknown.body.message).toBe(res.body.message);
    const log = await ctx.prisma.activityLog.findFirst({
      where: { action: 'auth.login', actorEmail: user.email, result: 'failure' },
    });
    expect(log).not.toBeNull();
  });

  it('refuses requests without or with a bad token', async () => {
    expect((await ctx.http.get('/api/auth/me')).status).toBe(401);
    const bad = await ctx.http.get('/api/auth/me').set('Authorization', 'Bearer not.a.jwt');
    expect(bad.status).toBe(401);
    expect(bad.body.code).toBe('UNAUTHENTICATED');
  });

  it('rotates the refresh token and revokes the family when an old token is reused', async () => {
    const user = await ctx.newUser();
    const first = await ctx.login(user);
    const r1 = await ctx.http.post('/api/auth/refresh').set('Cookie', first.refreshCookie);
    expect(r1.status).toBe(200);
    expect(r1.body.accessToken).toEqual(expect.any(String));
    const second = refreshCookieOf(r1.headers['set-cookie']);
    expect(second).not.toBe(first.refreshCookie);

    // Move the rotation out of the race grace window, then replay the old token.
    await ctx.prisma.refreshSession.updateMany({
      where: { userId: user.id, revokedReason: 'rotated' },
      data: { revokedAt: new Date(Date.now() - 60_000) },
    });
    const replay = await ctx.http.post('/api/auth/refresh').set('Cookie', first.refreshCookie);
    expect(replay.status).toBe(401);
    // The legitimate newer token dies too, and so do access tokens of that family.
    const after = await ctx.http.post('/api/auth/refresh').set('Cookie', second);
    expect(after.status).toBe(401);
    const me = await ctx.http
      .get('/api/auth/me')
      .set('Authorization', `Bearer ${r1.body.accessToken}`);
    expect(me.status).toBe(401);
    const reasons = await ctx.prisma.refreshSession.findMany({ where: { userId: user.id } });
    expect(reasons.map((s) => s.revokedReason)).toEqual(['reuse_detected', 'reuse_detected']);
  });

  it('gives both of two racing refreshes a session, but not a token replayed after logout', async () => {
    const user = await ctx.newUser();
    const first = await ctx.login(user);
    // Two tabs restore the session with the same cookie at once: neither is signed out.
    const [a, b] = await Promise.all([
      ctx.http.post('/api/auth/refresh').set('Cookie', first.refreshCookie),
      ctx.http.post('/api/auth/refresh').set('Cookie', first.refreshCookie),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const cookies = [a, b].map((r) => refreshCookieOf(r.headers['set-cookie']));
    expect(new Set([...cookies, first.refreshCookie]).size).toBe(3);
    // The old cookie, sent again inside the grace window (a page left mid-refresh), still works.
    const late = await ctx.http.post('/api/auth/refresh').set('Cookie', first.refreshCookie);
    expect(late.status).toBe(200);
    const me = await ctx.http
      .get('/api/auth/me')
      .set('Authorization', `Bearer ${late.body.accessToken}`);
    expect(me.status).toBe(200);
    // After logout the family is gone: the rotated cookie gets nothing, even inside the window.
    const out = await ctx.http.post('/api/auth/logout').set('Cookie', cookies[0]!);
    expect(out.status).toBe(204);
    const replay = await ctx.http.post('/api/auth/refresh').set('Cookie', first.refreshCookie);
    expect(replay.status).toBe(401);
    expect((await ctx.http.post('/api/auth/refresh').set('Cookie', cookies[1]!)).status).toBe(401);
  });

  it('logout ends the session family', async () => {
    const user = await ctx.newUser();
    const s = await ctx.login(user);
    const out = await ctx.http.post('/api/auth/logout').set('Cookie', s.refreshCookie);
    expect(out.status).toBe(204);
    expect((await ctx.http.post('/api/auth/refresh').set('Cookie', s.refreshCookie)).status).toBe(
      401,
    );
    expect((await ctx.http.get('/api/auth/me').set(s.auth)).status).toBe(401);
  });

  it('refuses cross-site refresh requests', async () => {
    const user = await ctx.newUser();
    const s = await ctx.login(user);
    const res = await ctx.http
      .post('/api/auth/refresh')
      .set('Cookie', s.refreshCookie)
      .set('Origin', 'https://evil.example');
    expect(res.status).toBe(403);
  });

  it('refuses users of a suspended company and disabled users', async () => {
    const company = await ctx.newCompany({ status: 'suspended' });
    const user = await ctx.newUser({ companyId: company.id });
    const res = await ctx.http
      .post('/api/auth/login')
      .send({ email: user.email, password: TEST_PASSWORD });
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(/suspended/);
    const disabled = await ctx.newUser({ status: 'disabled' });
    const d = await ctx.http
      .post('/api/auth/login')
      .send({ email: disabled.email, password: TEST_PASSWORD });
    expect(d.status).toBe(403);
  });

  it('stops an active session once its company is suspended', async () => {
    const user = await ctx.newUser();
    const s = await ctx.login(user);
    expect((await ctx.http.get('/api/auth/me').set(s.auth)).status).toBe(200);
    await ctx.prisma.company.update({
      where: { id: user.companyId! },
      data: { status: 'suspended' },
    });
    expect((await ctx.http.get('/api/auth/me').set(s.auth)).status).toBe(401);
  });
});
