import { expectApiResponse } from '../helpers/api-response';
import { randomBytes, randomUUID } from 'node:crypto';
import type { SsoDomainView } from '@multpanel/contracts';
import { startOidcProvider, type OidcTestProvider } from '../helpers/oidc-test-provider';
import { TestContext, type LoggedIn } from '../helpers/test-context';
import { startTinyDnsServer, type TinyDnsServer } from '../helpers/tiny-dns-server';

// A company may not take over another's email domain for single sign-on (issue 14): domains that
// other companies or the staff use are refused, and a claimed domain routes sign-ins only once it
// is proven by a DNS TXT record (checked against a real DNS server here) or approved by a
// super_admin.

const PUBLIC_URL = 'http://sso-domains.test';
const TENANT = randomUUID();
const CLIENT = { clientId: `mp-${randomUUID()}`, clientSecret: `s-${randomUUID()}` };
const tag = randomBytes(4).toString('hex');
const dom = (name: string) => `${name}-${tag}.test`;

describe('SSO domains: ownership before routing', () => {
  let ctx: TestContext;
  let idp: OidcTestProvider;
  let dns: TinyDnsServer;
  let staff: LoggedIn;

  beforeAll(async () => {
    dns = await startTinyDnsServer();
    ctx = await TestContext.create({ env: { PUBLIC_URL, SSO_DNS_SERVERS: dns.address } });
    idp = await startOidcProvider({
      autoLogin: true,
      tenants: [
        {
          tenantId: TENANT,
          clients: [{ ...CLIENT, redirectUris: [`${PUBLIC_URL}/api/auth/sso/callback`] }],
          accounts: [],
        },
      ],
    });
    staff = await ctx.login(
      await ctx.newUser({ role: 'super_admin', email: `root@${dom('msp')}` }),
    );
  });
  afterAll(async () => {
    await idp?.close();
    await ctx?.close();
    await dns?.close();
  });

  const body = (domains: string[], over: Record<string, unknown> = {}) => ({
    tenantId: TENANT,
    clientId: CLIENT.clientId,
    clientSecret: CLIENT.clientSecret,
    allowedDomains: domains,
    groupRoleMap: {},
    defaultRole: 'user',
    jitProvisioning: true,
    enabled: true,
    ...over,
  });

  let seq = 0;
  /**
   * A company whose provider the operator set up (issuer on the test IdP, one domain of its own),
   * and its admin. `claim(domains)` is the company admin saving the settings with more domains.
   */
  async function companyWithProvider() {
    const company = await ctx.newCompany();
    const url = `/api/companies/${company.id}/identity-provider`;
    const base = dom(`base${++seq}`);
    const put = await ctx.http
      .put(url)
      .set(staff.auth)
      .send(body([base], { issuerOverride: idp.issuers[TENANT] }));
    expect(put.status).toBe(200);
    const admin = await ctx.login(
      await ctx.newUser({ role: 'company_admin', companyId: company.id }),
    );
    const claim = (domains: string[], as: LoggedIn = admin) =>
      ctx.http
        .put(url)
        .set(as.auth)
        .send(body([base, ...domains]));
    const entry = (res: { body: { domains: SsoDomainView[] } }, domain: string) =>
      res.body.domains.find((d) => d.domain === domain)!;
    return { company, url, admin, base, claim, entry };
  }

  /** Where the sign-in page sends an email: the provider, or back with an error. */
  async function routeOf(email: string): Promise<string> {
    const res = await ctx.http.get('/api/auth/sso/login').query({ email });
    expect(res.status).toBe(302);
    const to = new URL(res.headers.location as string, PUBLIC_URL);
    return to.pathname === '/login' ? `error:${to.searchParams.get('error')}` : 'provider';
  }

  it('refuses domains that another company’s users or the staff use', async () => {
    const acme = await ctx.newCompany();
    const acmeDomain = dom('acme');
    await ctx.newUser({ role: 'company_admin', companyId: acme.id, email: `boss@${acmeDomain}` });
    const { claim } = await companyWithProvider();
    for (const taken of [acmeDomain, dom('msp')]) {
      const res = await claim([taken]);
      expect(res.status).toBe(409);
      expect(res.body.message).toContain(taken);
    }
    // Not even the operator can hand one company's domain to another.
    expect((await claim([acmeDomain], staff)).status).toBe(409);
    expect(await routeOf(`boss@${acmeDomain}`)).toBe('error:sso_not_configured');
  });

  it('routes a domain a company admin claims only once its TXT record is published', async () => {
    const { company, url, admin, claim, entry } = await companyWithProvider();
    const domain = dom('proven');
    const put = await claim([domain]);
    expect(put.status).toBe(200);
    const record = entry(put, domain);
    expect(record).toMatchObject({
      domain,
      status: 'pending',
      txtName: `_multpanel-challenge.${domain}`,
      txtValue: expect.stringMatching(/^multpanel-domain-verification=[\w-]{20,}$/),
    });
    expect(await routeOf(`anyone@${domain}`)).toBe('error:sso_not_configured');

    const verify = `${url}/domains/${domain}/verify`;
    const early = await ctx.http.post(verify).set(admin.auth);
    expect(early.status).toBe(400);
    expect(early.body.message).toContain(record.txtName);
    dns.txt.set(record.txtName, ['some-other=value', 'multpanel-domain-verification=wrong']);
    expect((await ctx.http.post(verify).set(admin.auth)).status).toBe(400);

    dns.txt.set(record.txtName, ['some-other=value', record.txtValue]);
    const ok = await ctx.http.post(verify).set(admin.auth);
    expect(ok.status).toBe(200);
    expectApiResponse('POST /companies/:id/identity-provider/domains/:id/verify', ok);
    expect(entry(ok, domain)).toMatchObject({ status: 'verified', method: 'dns' });
    expect(dns.queries).toContain(record.txtName);
    expect(await routeOf(`anyone@${domain}`)).toBe('provider');

    // Another company's admin cannot verify (or see) it.
    const other = await companyWithProvider();
    const foreign = await ctx.http
      .post(`/api/companies/${company.id}/identity-provider/domains/${domain}/verify`)
      .set(other.admin.auth);
    expect(foreign.status).toBe(404);
  });

  it('lets a super_admin approve a pending domain; a company admin cannot', async () => {
    const { url, admin, claim, entry } = await companyWithProvider();
    const domain = dom('approved');
    expect((await claim([domain])).status).toBe(200);
    const approve = `${url}/domains/${domain}/approve`;
    expect((await ctx.http.post(approve).set(admin.auth)).status).toBe(403);
    expect(await routeOf(`x@${domain}`)).toBe('error:sso_not_configured');
    const ok = await ctx.http.post(approve).set(staff.auth);
    expect(ok.status).toBe(200);
    expectApiResponse('POST /companies/:id/identity-provider/domains/:id/approve', ok);
    expect(entry(ok, domain)).toMatchObject({ status: 'verified', method: 'approval' });
    expect(await routeOf(`x@${domain}`)).toBe('provider');
  });

  it('does not let a pending claim block the owner, and keeps a verified domain exclusive', async () => {
    const domain = dom('contested');
    const squatter = await companyWithProvider();
    expect((await squatter.claim([domain])).status).toBe(200);
    const owner = await companyWithProvider();
    const claimed = await owner.claim([domain]);
    expect(claimed.status).toBe(200);
    const record = owner.entry(claimed, domain);
    dns.txt.set(record.txtName, [record.txtValue]);
    const verified = await ctx.http
      .post(`${owner.url}/domains/${domain}/verify`)
      .set(owner.admin.auth);
    expect(verified.status).toBe(200);
    // The squatter's own TXT value is not published, and the domain is taken now anyway.
    const squat = await ctx.http
      .post(`${squatter.url}/domains/${domain}/verify`)
      .set(squatter.admin.auth);
    expect(squat.status).toBe(409);
    const approve = `${squatter.url}/domains/${domain}/approve`;
    expect((await ctx.http.post(approve).set(staff.auth)).status).toBe(409);
    const third = await companyWithProvider();
    expect((await third.claim([domain])).status).toBe(409);
  });

  it('approves domains the operator sets, and forgets a verification when the domain is removed', async () => {
    const { url, admin, base, claim, entry } = await companyWithProvider();
    const view = await ctx.http.get(url).set(admin.auth);
    expect(entry(view, base)).toMatchObject({ status: 'verified', method: 'approval' });
    expect(await routeOf(`y@${base}`)).toBe('provider');
    // The company admin drops it and claims it again: it is pending once more.
    const dropped = await ctx.http
      .put(url)
      .set(admin.auth)
      .send(body([dom('other')]));
    expect(dropped.status).toBe(200);
    expect(await routeOf(`y@${base}`)).toBe('error:sso_not_configured');
    const again = await claim([]);
    expect(entry(again, base)).toMatchObject({ status: 'pending' });
    expect(await routeOf(`y@${base}`)).toBe('error:sso_not_configured');
  });
});
