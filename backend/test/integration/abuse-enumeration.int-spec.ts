import { randomUUID } from 'node:crypto';
import { startSmtpSink } from '../helpers/smtp-sink';
import { TestContext, TEST_PASSWORD, type LoggedIn } from '../helpers/test-context';

// Issue 14: a caller limited to some companies must not learn that an address has an account in
// another company. Whatever it does with such an address (create, invite, edit, list, search), it
// sees what it would see for a free address; the other account is untouched and its holder is told.

/** The fields of an answer that do not depend on which row was made. */
const shape = (b: Record<string, unknown>) => {
  const { id, email, createdAt, ...rest } = b;
  return { ...rest, id: typeof id, email: typeof email, createdAt: typeof createdAt };
};

describe('abuse: e-mail enumeration outside the caller’s scope', () => {
  let ctx: TestContext;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let admin: LoggedIn;
  let companyId: string;
  let domain: string;
  let elsewhere: { id: string; email: string; companyId: string | null };

  beforeAll(async () => {
    smtp = await startSmtpSink();
    ctx = await TestContext.create({ env: { SMTP_URL: smtp.url, PUBLIC_URL: 'http://mp.test' } });
    domain = `${ctx.unique('shared').toLowerCase()}.example`;
    const other = await ctx.newCompany();
    const mine = await ctx.newCompany();
    companyId = mine.id;
    // The domain is used in both companies, so no domain rule can answer for it.
    elsewhere = await ctx.newUser({
      role: 'user',
      companyId: other.id,
      email: `taken@${domain}`,
    });
    await ctx.newUser({ role: 'user', companyId: mine.id, email: `colleague@${domain}` });
    admin = await ctx.login(await ctx.newUser({ role: 'company_admin', companyId: mine.id }));
  });
  afterAll(async () => {
    await ctx.close();
    await smtp.close();
  });

  const free = () => `free-${randomUUID().slice(0, 8)}@${domain}`;
  const body = (email: string, extra: Record<string, unknown> = {}) => ({
    email,
    name: 'Probe',
    role: 'user',
    companyId,
    ...extra,
  });

  it.each([
    ['POST /api/users', '/api/users', {}],
    ['POST /api/users with a password', '/api/users', { password: 'a-long-password-1' }],
    ['POST /api/users/invite', '/api/users/invite', {}],
  ])('%s answers a held address as a free one', async (_name, path, extra) => {
    const taken = await ctx.http.post(path).set(admin.auth).send(body(elsewhere.email, extra));
    const open = await ctx.http.post(path).set(admin.auth).send(body(free(), extra));
    expect(open.status).toBe(201);
    expect({ status: taken.status, body: shape(taken.body) }).toEqual({
      status: open.status,
      body: shape(open.body),
    });
    // The caller sees the address it entered, everywhere it looks.
    expect(taken.body.email).toBe(elsewhere.email);
    const got = await ctx.http.get(`/api/users/${taken.body.id}`).set(admin.auth);
    expect([got.status, got.body.email]).toEqual([200, elsewhere.email]);
    const listed = await ctx.http
      .get('/api/users')
      .query({ search: elsewhere.email, pageSize: 50 })
      .set(admin.auth);
    expect(listed.body.items.map((u: { id: string }) => u.id)).toContain(taken.body.id);
    expect(JSON.stringify(listed.body)).not.toMatch(/placeholder|held-/);
    // A second try is a clash in the caller's own company either way.
    const again = await ctx.http.post(path).set(admin.auth).send(body(elsewhere.email, extra));
    const againFree = await ctx.http.post(path).set(admin.auth).send(body(open.body.email, extra));
    expect([again.status, again.body.message]).toEqual([againFree.status, againFree.body.message]);
    expect(again.status).toBe(409);
    // Remove it so the next case starts from the same state.
    await ctx.http.delete(`/api/users/${taken.body.id}`).set(admin.auth).expect(204);
  });

  it('leaves the other account untouched, and tells its holder instead of sending a link', async () => {
    const before = smtp.mails.length;
    const res = await ctx.http
      .post('/api/users/invite')
      .set(admin.auth)
      .send(body(elsewhere.email));
    expect(res.status).toBe(201);
    const held = await ctx.prisma.user.findUniqueOrThrow({ where: { id: res.body.id } });
    expect(held).toMatchObject({ heldEmail: elsewhere.email, companyId });
    expect(held.email).not.toBe(elsewhere.email);
    expect(await ctx.prisma.userToken.count({ where: { userId: res.body.id } })).toBe(0);
    const holder = await ctx.prisma.user.findUniqueOrThrow({ where: { id: elsewhere.id } });
    expect(holder).toMatchObject({ email: elsewhere.email, companyId: elsewhere.companyId });
    // The holder still signs in to their own account.
    const login = await ctx.http
      .post('/api/auth/login')
      .send({ email: elsewhere.email, password: TEST_PASSWORD });
    expect(login.status).toBe(200);
    expect(login.body.user?.companyId ?? elsewhere.companyId).toBe(elsewhere.companyId);

    for (let i = 0; i < 100 && smtp.mails.length === before; i++) {
      await new Promise((r) => setTimeout(r, 30));
    }
    const mail = smtp.mails.slice(before).join('\n');
    expect(mail).toContain(`To: ${elsewhere.email}`);
    expect(mail).toMatch(/could not be completed/);
    expect(mail).not.toMatch(/token=/);
    await ctx.http.delete(`/api/users/${res.body.id}`).set(admin.auth).expect(204);
  });

  it('answers an address change to a held address as one to a free address', async () => {
    const a = await ctx.newUser({ role: 'user', companyId });
    const b = await ctx.newUser({ role: 'user', companyId });
    const toHeld = await ctx.http
      .patch(`/api/users/${a.id}`)
      .set(admin.auth)
      .send({ email: elsewhere.email });
    const toFree = await ctx.http
      .patch(`/api/users/${b.id}`)
      .set(admin.auth)
      .send({ email: free() });
    expect(toFree.status).toBe(200);
    expect({ status: toHeld.status, body: shape(toHeld.body) }).toEqual({
      status: toFree.status,
      body: shape(toFree.body),
    });
    expect(toHeld.body.email).toBe(elsewhere.email);
    // The account keeps its own sign-in; the other company's account is not touched.
    await ctx.login(a);
    expect(
      (await ctx.prisma.user.findUniqueOrThrow({ where: { id: elsewhere.id } })).companyId,
    ).toBe(elsewhere.companyId);
  });

  it('still gives staff (scope: all) the precise answer', async () => {
    const staff = await ctx.login(await ctx.newUser({ role: 'super_admin' }));
    const res = await ctx.http.post('/api/users').set(staff.auth).send(body(elsewhere.email));
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/already exists/);
  });
});
