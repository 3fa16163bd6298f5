import { expectApiResponse } from '../helpers/api-response';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Company } from '../../src/generated/prisma/client';
import {
  followProvider,
  startOidcProvider,
  type OidcTestProvider,
} from '../helpers/oidc-test-provider';
import { TestContext, type LoggedIn } from '../helpers/test-context';

// Entra ID sign-in end to end against a real OpenID provider in its own process; supertest drives
// our API and the provider's redirects are followed by hand.

const PUBLIC_URL = 'http://sso-app.test';
const CALLBACK = `${PUBLIC_URL}/api/auth/sso/callback`;
const TENANT_A = randomUUID();
const TENANT_B = randomUUID();
const CLIENT = {
  clientId: `mp-${randomUUID()}`,
  clientSecret: `s3cret-${randomBytes(8).toString('hex')}`,
};
const tag = randomBytes(4).toString('hex');
const dom = (name: string) => `${name}-${tag}.test`;

const D = {
  jit: dom('jit'),
  noJit: dom('nojit'),
  suspended: dom('suspended'),
  platform: dom('msp'),
  evil: dom('evil'),
  portalA: dom('portal-a'),
  portalB: dom('portal-b'),
};
const GROUP_ADMINS = 'grp-admins-0001';
const GROUP_MSP = 'grp-msp-0001';

let ctx: TestContext;
let idp: OidcTestProvider;
let admin: LoggedIn;

beforeAll(async () => {
  ctx = await TestContext.create({ env: { PUBLIC_URL } });
  idp = await startOidcProvider({
    autoLogin: true,
    tenants: [
      {
        tenantId: TENANT_A,
        clients: [{ ...CLIENT, redirectUris: [CALLBACK] }],
        accounts: [
          { email: `new@${D.jit}`, name: 'New Person' },
          { email: `boss@${D.jit}`, groups: ['unrelated', GROUP_ADMINS] },
          { email: `existing@${D.jit}` },
          { email: `disabled@${D.jit}` },
          { email: `other-co@${D.jit}` },
          { email: `replay@${D.jit}` },
          { email: `hacker@${D.jit}`, tid: TENANT_B },
          { email: `mallory@${D.evil}`, aliases: [`mallory@${D.jit}`] },
          { email: `upn-only@${D.jit}`, emailClaim: false },
          { email: `stranger@${D.noJit}` },
          { email: `someone@${D.suspended}` },
          { email: `ops@${D.platform}`, groups: [GROUP_MSP] },
          { email: `nogroup@${D.platform}` },
          { email: `ann@${D.portalA}` },
          { email: `intruder@${D.portalA}` },
          { email: `bob@${D.portalB}` },
        ],
      },
      { tenantId: TENANT_B, clients: [{ ...CLIENT, redirectUris: [CALLBACK] }], accounts: [] },
    ],
  });
  admin = await ctx.login(await ctx.newUser({ role: 'super_admin' }));
});

afterAll(async () => {
  await idp?.close();
  await ctx?.close();
});

function providerBody(domain: string, over: Record<string, unknown> = {}) {
  return {
    tenantId: TENANT_A,
    clientId: CLIENT.clientId,
    clientSecret: CLIENT.clientSecret,
    allowedDomains: [domain],
    groupRoleMap: { [GROUP_ADMINS]: 'company_admin' },
    defaultRole: 'user',
    jitProvisioning: true,
    enabled: true,
    issuerOverride: idp.issuers[TENANT_A],
    ...over,
  };
}

async function companyWithProvider(domain: string, over: Record<string, unknown> = {}) {
  const company = await ctx.newCompany();
  const res = await ctx.http
    .put(`/api/companies/${company.id}/identity-provider`)
    .set(admin.auth)
    .send(providerBody(domain, over));
  expect(res.status).toBe(200);
  return company;
}

/** Runs the whole browser dance; returns our callback's answer. */
async function ssoLogin(email: string) {
  const start = await ctx.http.get('/api/auth/sso/login').query({ email });
  expect(start.status).toBe(302);
  const location = start.headers.location as string;
  if (location.startsWith('/login')) return { start, callback: start, callbackUrl: null };
  const back = await followProvider(location, CALLBACK);
  const callback = await ctx.http.get(back.pathname + back.search);
  return { start, callback, callbackUrl: back };
}

const errorOf = (res: { status: number; headers: Record<string, string> }) => {
  expect(res.status).toBe(302);
  const loc = new URL(res.headers.location, PUBLIC_URL);
  expect(loc.pathname).toBe('/login');
  return loc.searchParams.get('error');
};

async function refreshWith(setCookie: string[] | string | undefined) {
  const list = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const cookie = list.find((c) => c.startsWith('mp_refresh='));
  expect(cookie).toBeDefined();
  expect(cookie).toMatch(/HttpOnly/i);
  expect(cookie).toMatch(/SameSite=Strict/i);
  const res = await ctx.http.post('/api/auth/refresh').set('Cookie', cookie!.split(';')[0]);
  expect(res.status).toBe(200);
  return res.body as {
    user: { id: string; email: string; role: string; companyId: string | null };
  };
}

async function lastActivity(action: string, email: string) {
  return ctx.prisma.activityLog.findFirst({
    where: { action, actorEmail: email },
    orderBy: { createdAt: 'desc' },
  });
}

describe('SSO sign-in (company provider)', () => {
  let company: Company;

  beforeAll(async () => {
    company = await companyWithProvider(D.jit);
  });

  it('redirects to the provider with PKCE, state, nonce and the login hint', async () => {
    const res = await ctx.http.get('/api/auth/sso/login').query({ email: `new@${D.jit}` });
    expect(res.status).toBe(302);
    const url = new URL(res.headers.location);
    expect(url.href.startsWith(idp.issuers[TENANT_A])).toBe(true);
    expect(url.searchParams.get('client_id')).toBe(CLIENT.clientId);
    expect(url.searchParams.get('redirect_uri')).toBe(CALLBACK);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get('state')).toBeTruthy();
    expect(url.searchParams.get('nonce')).toBeTruthy();
    expect(url.searchParams.get('login_hint')).toBe(`new@${D.jit}`);
    // The transient state lives in Redis with a short TTL, not in process memory.
    const key = ctx.config.redisKey('sso', 'state', url.searchParams.get('state')!);
    const ttl = await ctx.redis.client.ttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(600);
  });

  it('creates the user just in time and issues our session', async () => {
    const email = `new@${D.jit}`;
    const { callback } = await ssoLogin(email);
    expect(callback.status).toBe(302);
    expect(callback.headers.location).toBe('/');
    const body = await refreshWith(callback.headers['set-cookie']);
    expect(body.user).toMatchObject({ email, role: 'user', companyId: company.id });
    const row = await ctx.prisma.user.findUnique({ where: { email } });
    expect(row).toMatchObject({ name: 'New Person', passwordHash: null, status: 'active' });
    const act = await lastActivity('auth.sso_login', email);
    expect(act).toMatchObject({ result: 'success', companyId: company.id, actorUserId: row!.id });
  });

  it('signs in an existing user of the company', async () => {
    const user = await ctx.newUser({ companyId: company.id, email: `existing@${D.jit}` });
    const { callback } = await ssoLogin(user.email);
    expect(callback.headers.location).toBe('/');
    const body = await refreshWith(callback.headers['set-cookie']);
    expect(body.user.id).toBe(user.id);
  });

  it('maps groups to a role, and updates the role on each sign-in', async () => {
    const email = `boss@${D.jit}`;
    await ctx.newUser({ companyId: company.id, email, role: 'user' });
    const { callback } = await ssoLogin(email);
    const body = await refreshWith(callback.headers['set-cookie']);
    expect(body.user.role).toBe('company_admin');
    expect((await ctx.prisma.user.findUnique({ where: { email } }))!.role).toBe('company_admin');
  });

  it('reads the email from preferred_username when there is no email claim', async () => {
    const { callback } = await ssoLogin(`upn-only@${D.jit}`);
    const body = await refreshWith(callback.headers['set-cookie']);
    expect(body.user.email).toBe(`upn-only@${D.jit}`);
  });

  it('refuses a token from another tenant', async () => {
    const email = `hacker@${D.jit}`;
    const { callback } = await ssoLogin(email);
    expect(errorOf(callback)).toBe('wrong_tenant');
    expect(callback.headers['set-cookie']).toBeUndefined();
    expect(await ctx.prisma.user.findUnique({ where: { email } })).toBeNull();
    const act = await lastActivity('auth.sso_failed', email);
    expect(act).toMatchObject({ result: 'failure', details: { reason: 'wrong_tenant' } });
  });

  it('refuses an account whose email domain is not allowed', async () => {
    const { callback } = await ssoLogin(`mallory@${D.jit}`);
    expect(errorOf(callback)).toBe('domain_not_allowed');
    expect(await ctx.prisma.user.findUnique({ where: { email: `mallory@${D.evil}` } })).toBeNull();
  });

  it('accepts each state once and refuses unknown ones', async () => {
    const { callback, callbackUrl } = await ssoLogin(`replay@${D.jit}`);
    expect(callback.headers.location).toBe('/');
    const again = await ctx.http.get(callbackUrl!.pathname + callbackUrl!.search);
    expect(errorOf(again)).toBe('invalid_state');
    const forged = await ctx.http
      .get('/api/auth/sso/callback')
      .query({ code: 'x', state: randomUUID() });
    expect(errorOf(forged)).toBe('invalid_state');
    expect(errorOf(await ctx.http.get('/api/auth/sso/callback'))).toBe('invalid_state');
  });

  it('refuses a disabled user and a user of another company', async () => {
    await ctx.newUser({ companyId: company.id, email: `disabled@${D.jit}`, status: 'disabled' });
    expect(errorOf((await ssoLogin(`disabled@${D.jit}`)).callback)).toBe('user_disabled');
    const other = await ctx.newCompany();
    await ctx.newUser({ companyId: other.id, email: `other-co@${D.jit}` });
    expect(errorOf((await ssoLogin(`other-co@${D.jit}`)).callback)).toBe('user_other_company');
  });

  it('sends unknown domains and bad input back to the sign-in page', async () => {
    const unknown = await ctx.http
      .get('/api/auth/sso/login')
      .query({ email: `a@${dom('nobody')}` });
    expect(errorOf(unknown)).toBe('sso_not_configured');
    expect(errorOf(await ctx.http.get('/api/auth/sso/login'))).toBe('invalid_request');
    const bad = await ctx.http.get('/api/auth/sso/login').query({ email: 'not-an-email' });
    expect(errorOf(bad)).toBe('invalid_request');
  });
});

describe('SSO refusals by provider settings', () => {
  it('refuses an unknown user when just-in-time provisioning is off', async () => {
    await companyWithProvider(D.noJit, { jitProvisioning: false });
    const email = `stranger@${D.noJit}`;
    expect(errorOf((await ssoLogin(email)).callback)).toBe('user_not_provisioned');
    expect(await ctx.prisma.user.findUnique({ where: { email } })).toBeNull();
  });

  it('refuses users of a suspended company', async () => {
    const company = await companyWithProvider(D.suspended);
    await ctx.prisma.company.update({ where: { id: company.id }, data: { status: 'suspended' } });
    expect(errorOf((await ssoLogin(`someone@${D.suspended}`)).callback)).toBe('company_suspended');
  });
});

describe('platform provider for MSP staff', () => {
  it('grants staff roles from groups and refuses users in no mapped group', async () => {
    const res = await ctx.http
      .put('/api/platform/identity-provider')
      .set(admin.auth)
      .send(
        providerBody(D.platform, {
          groupRoleMap: { [GROUP_MSP]: 'salesperson' },
          defaultRole: null,
        }),
      );
    expect(res.status).toBe(200);
    expect(res.body.companyId).toBeNull();
    const { callback } = await ssoLogin(`ops@${D.platform}`);
    const body = await refreshWith(callback.headers['set-cookie']);
    expect(body.user).toMatchObject({ role: 'salesperson', companyId: null });
    expect(errorOf((await ssoLogin(`nogroup@${D.platform}`)).callback)).toBe('no_role');
  });

  it('is super_admin only', async () => {
    const co = await ctx.newCompany();
    const ca = await ctx.login(await ctx.newUser({ companyId: co.id, role: 'company_admin' }));
    expect((await ctx.http.get('/api/platform/identity-provider').set(ca.auth)).status).toBe(403);
    const put = await ctx.http
      .put('/api/platform/identity-provider')
      .set(ca.auth)
      .send(providerBody(dom('x')));
    expect(put.status).toBe(403);
  });
});

describe('identity-provider settings API', () => {
  it('stores the client secret encrypted and never returns it', async () => {
    const company = await companyWithProvider(dom('secret'));
    const row = await ctx.prisma.identityProvider.findUnique({ where: { companyId: company.id } });
    expect(row!.clientSecret).toMatch(/^enc:v\d+:/);
    expect(row!.clientSecret).not.toContain(CLIENT.clientSecret);
    const res = await ctx.http
      .get(`/api/companies/${company.id}/identity-provider`)
      .set(admin.auth);
    expect(res.status).toBe(200);
    expectApiResponse('GET /companies/:id/identity-provider', res);
    expect(res.body).toMatchObject({ hasClientSecret: true, tenantId: TENANT_A });
    expect(res.body).not.toHaveProperty('clientSecret');
    expect(JSON.stringify(res.body)).not.toContain(CLIENT.clientSecret);
    expect(res.body.redirectUri).toBe(CALLBACK);
    // Omitting the secret on update keeps the stored one.
    const { clientSecret: _omit, ...rest } = providerBody(dom('secret'), { enabled: false });
    const upd = await ctx.http
      .put(`/api/companies/${company.id}/identity-provider`)
      .set(admin.auth)
      .send(rest);
    expect(upd.status).toBe(200);
    expectApiResponse('PUT /companies/:id/identity-provider', upd);
    const after = await ctx.prisma.identityProvider.findUnique({
      where: { companyId: company.id },
    });
    expect(after!.clientSecret).toBe(row!.clientSecret);
    expect(after!.enabled).toBe(false);
  });

  it('lets a company admin manage only their own company (foreign id = 404)', async () => {
    const own = await ctx.newCompany();
    const foreign = await companyWithProvider(dom('foreign'));
    const ca = await ctx.login(await ctx.newUser({ companyId: own.id, role: 'company_admin' }));
    const base = `/api/companies/${foreign.id}/identity-provider`;
    expect((await ctx.http.get(base).set(ca.auth)).status).toBe(404);
    const grab = await ctx.http
      .put(base)
      .set(ca.auth)
      .send(providerBody(dom('grab')));
    expect(grab.status).toBe(404);
    expect(grab.body.code).toBe('NOT_FOUND');
    expect((await ctx.http.delete(base).set(ca.auth)).status).toBe(404);
    expect(await ctx.prisma.identityProvider.count({ where: { companyId: foreign.id } })).toBe(1);

    const mine = `/api/companies/${own.id}/identity-provider`;
    // None yet is an ordinary state of one's own settings page, not an error (no console 404).
    const none = await ctx.http.get(mine).set(ca.auth);
    expect([none.status, none.text]).toEqual([200, 'null']);
    // The server fetches from the issuer URL, so only the operator may set one.
    const ssrf = await ctx.http
      .put(mine)
      .set(ca.auth)
      .send(providerBody(dom('own')));
    expect(ssrf.status).toBe(403);
    const { issuerOverride: _issuer, ...ownBody } = providerBody(dom('own'));
    const put = await ctx.http.put(mine).set(ca.auth).send(ownBody);
    expect(put.status).toBe(200);
    expect(put.body.issuer).toBe(`https://login.microsoftonline.com/${TENANT_A}/v2.0`);
    expect((await ctx.http.get(mine).set(ca.auth)).status).toBe(200);
    expect((await ctx.http.delete(mine).set(ca.auth)).status).toBe(204);
    expect((await ctx.http.get(mine).set(ca.auth)).text).toBe('null');

    const user = await ctx.login(await ctx.newUser({ companyId: own.id, role: 'user' }));
    expect((await ctx.http.get(mine).set(user.auth)).status).toBe(403);
  });

  it('refuses staff roles on a company provider, duplicate domains and bad input', async () => {
    const co = await ctx.newCompany();
    const url = `/api/companies/${co.id}/identity-provider`;
    const staff = await ctx.http
      .put(url)
      .set(admin.auth)
      .send(providerBody(dom('staff'), { groupRoleMap: { g: 'super_admin' } }));
    expect(staff.status).toBe(400);
    expect(staff.body.code).toBe('VALIDATION_FAILED');
    const dup = await ctx.http.put(url).set(admin.auth).send(providerBody(D.jit));
    expect(dup.status).toBe(409);
    const noSecret = await ctx.http
      .put(url)
      .set(admin.auth)
      .send({ ...providerBody(dom('nosecret')), clientSecret: undefined });
    expect(noSecret.status).toBe(400);
    const extra = await ctx.http
      .put(url)
      .set(admin.auth)
      .send({ ...providerBody(dom('extra')), surprise: 1 });
    expect(extra.status).toBe(400);
  });
});

describe("SSO on a company's mapped host", () => {
  const HOST_A = `sso-portal-${tag}.example.test`;
  let a: Company;
  let b: Company;

  beforeAll(async () => {
    a = await companyWithProvider(D.portalA);
    b = await companyWithProvider(D.portalB);
    await ctx.prisma.brandingHost.create({ data: { host: HOST_A, companyId: a.id } });
  });

  afterAll(async () => {
    await ctx.prisma.brandingHost.deleteMany({ where: { host: HOST_A } });
  });

  /** The browser dance started on A's host without an email; the person types `email` at the provider. */
  async function portalLogin(email: string) {
    const start = await ctx.http.get('/api/auth/sso/login').set('Host', HOST_A);
    expect(start.status).toBe(302);
    const url = new URL(start.headers.location as string);
    url.searchParams.set('login_hint', email);
    const back = await followProvider(url.href, CALLBACK);
    return ctx.http.get(back.pathname + back.search);
  }

  it("starts without an email, straight at the company's own provider", async () => {
    const res = await ctx.http.get('/api/auth/sso/login').set('Host', `${HOST_A}:8443`);
    expect(res.status).toBe(302);
    const url = new URL(res.headers.location as string);
    expect(url.href.startsWith(idp.issuers[TENANT_A])).toBe(true);
    expect(url.searchParams.get('client_id')).toBe(CLIENT.clientId);
    expect(url.searchParams.has('login_hint')).toBe(false);
    const key = ctx.config.redisKey('sso', 'state', url.searchParams.get('state')!);
    const pending = JSON.parse((await ctx.redis.client.get(key))!) as Record<string, unknown>;
    const provider = await ctx.prisma.identityProvider.findFirst({ where: { companyId: a.id } });
    expect(pending).toMatchObject({ providerId: provider!.id, portalCompanyId: a.id });
    // Off the mapped host an email is still required.
    expect(errorOf(await ctx.http.get('/api/auth/sso/login'))).toBe('invalid_request');
  });

  it("signs in the company's user from its host", async () => {
    const email = `ann@${D.portalA}`;
    const callback = await portalLogin(email);
    expect(callback.status).toBe(302);
    expect(callback.headers.location).toBe('/');
    const body = await refreshWith(callback.headers['set-cookie']);
    expect(body.user).toMatchObject({ email, companyId: a.id });
  });

  it('refuses an account of another company on that host', async () => {
    const email = `intruder@${D.portalA}`;
    await ctx.newUser({ email, companyId: b.id });
    const callback = await portalLogin(email);
    expect(errorOf(callback)).toBe('user_other_company');
    expect(callback.headers['set-cookie']).toBeUndefined();
  });

  it("refuses on A's host a sign-in that went through another company's directory", async () => {
    const start = await ctx.http.get('/api/auth/sso/login').query({ email: `bob@${D.portalB}` });
    const back = await followProvider(start.headers.location as string, CALLBACK);
    const callback = await ctx.http.get(back.pathname + back.search).set('Host', HOST_A);
    expect(errorOf(callback)).toBe('user_other_company');
    expect(callback.headers['set-cookie']).toBeUndefined();
    expect(await ctx.prisma.user.findUnique({ where: { email: `bob@${D.portalB}` } })).toBeNull();
    const act = await lastActivity('auth.sso_failed', `bob@${D.portalB}`);
    expect(act).toMatchObject({ companyId: a.id, details: { reason: 'user_other_company' } });
  });
});
