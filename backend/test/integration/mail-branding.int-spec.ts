import { startSmtpSink } from '../helpers/smtp-sink';
import { TestContext } from '../helpers/test-context';

// Account mails of a company with a mapped host link to that host and come from its sender;
// a company without one (and staff) get PUBLIC_URL. Mails really go through a local SMTP sink.
describe('account mails use the company mapped host and sender', () => {
  const PORTAL = 'portal.acme.test';
  let ctx: TestContext;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let acmeId: string;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    ctx = await TestContext.create({
      env: { SMTP_URL: smtp.url, PUBLIC_URL: 'http://mp.test' },
    });
    const acme = await ctx.newCompany();
    acmeId = acme.id;
    await ctx.prisma.branding.create({
      data: {
        owner: acme.id,
        productName: 'Acme Cloud',
        mailFromName: 'Acme Help',
        mailFromAddress: 'help@acme.test',
      },
    });
    // The host is the key: a leftover of an earlier run of this file is replaced.
    await ctx.prisma.brandingHost.deleteMany({ where: { host: PORTAL } });
    await ctx.prisma.brandingHost.create({ data: { host: PORTAL, companyId: acme.id } });
  });
  afterAll(async () => {
    await ctx.prisma.brandingHost.deleteMany({ where: { host: PORTAL } });
    await ctx.close();
    await smtp.close();
  });

  /** The (quoted-printable decoded) mail to `email`, waiting for it to arrive. */
  async function mailTo(email: string): Promise<string> {
    for (let i = 0; i < 100; i++) {
      const raw = smtp.mails.find((m) => new RegExp(`^To: .*${email}`, 'im').test(m));
      if (raw) return raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no mail to ${email} (${smtp.mails.length} mails)`);
  }

  const forgot = async (email: string) =>
    expect((await ctx.http.post('/api/auth/password/forgot').send({ email })).status).toBe(204);

  it("sends an Acme user's reset link on Acme's host, from Acme's sender, and it works", async () => {
    const user = await ctx.newUser({ role: 'user', companyId: acmeId });
    await forgot(user.email);
    const mail = await mailTo(user.email);
    expect(mail).toMatch(/^From: "?Acme Help"? <help@acme\.test>/m);
    expect(mail).toMatch(/^Subject: Reset your Acme Cloud password/m);
    const token = new RegExp(
      `https://${PORTAL.replace(/\./g, '\\.')}/reset-password\\?token=([\\w-]+)`,
    ).exec(mail)?.[1];
    expect(token).toBeDefined();
    expect(mail).not.toContain('http://mp.test');
    const reset = await ctx.http
      .post('/api/auth/password/reset')
      .send({ token, password: 'brand-new-password' });
    expect(reset.status).toBe(204);
  });

  it('sends a reset link on PUBLIC_URL to a company without a mapped host, and to staff', async () => {
    const plain = await ctx.newUser({ role: 'user', companyId: (await ctx.newCompany()).id });
    const staff = await ctx.newUser({ role: 'super_admin' });
    for (const u of [plain, staff]) {
      await forgot(u.email);
      const mail = await mailTo(u.email);
      expect(mail).toMatch(/http:\/\/mp\.test\/reset-password\?token=[\w-]+/);
      expect(mail).not.toContain(PORTAL);
      expect(mail).not.toMatch(/^From: .*acme\.test/m);
    }
  });

  it("invites into Acme with a link on Acme's host", async () => {
    const admin = await ctx.login(await ctx.newUser({ role: 'company_admin', companyId: acmeId }));
    const email = `invitee-${acmeId.slice(0, 8)}@mail-branding.test`;
    const res = await ctx.http
      .post('/api/users/invite')
      .set(admin.auth)
      .send({ email, name: 'Invitee', role: 'user', companyId: acmeId });
    expect(res.status).toBe(201);
    const mail = await mailTo(email);
    expect(mail).toMatch(/^From: "?Acme Help"? <help@acme\.test>/m);
    expect(mail).toMatch(/^Subject: You are invited to Acme Cloud/m);
    expect(mail).toMatch(/https:\/\/portal\.acme\.test\/reset-password\?token=[\w-]+&invite=1/);
  });
});
