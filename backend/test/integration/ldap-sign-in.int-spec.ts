import { expectApiResponse } from '../helpers/api-response';
import { randomBytes } from 'node:crypto';
import type { Company } from '../../src/generated/prisma/client';
import { startSlapd, type RunningSlapd } from '../helpers/slapd';
import { startTinyDnsServer, type TinyDnsServer } from '../helpers/tiny-dns-server';
import { TEST_PASSWORD, TestContext, type LoggedIn } from '../helpers/test-context';

// Issue 25, LDAP / AD sign-in wired to the password login: settings per company and for the
// staff, the "test" button, group → role mapping (built-in and custom roles), just-in-time
// accounts, wrong passwords refused and rate-limited like any password login. Against a real slapd.

const tag = randomBytes(4).toString('hex');
const ACME = `acme-${tag}.test`;
const MSP = `msp-${tag}.test`;
const OTHER = `other-${tag}.test`;

let ctx: TestContext;
let slapd: RunningSlapd;
let dns: TinyDnsServer;
let acme: Company;
let acmeAdmin: LoggedIn;
let staffAdmin: LoggedIn;
let viewerRoleId: string;
const groups: Record<string, string> = {};

const ip = () => `198.51.100.${1 + Math.floor(Math.random() * 250)}`;
const login = (email: string, password: string, from = ip()) =>
  ctx.http.post('/api/auth/login').set('X-Forwarded-For', from).send({ email, password });

function directoryBody(domain: string, over: Record<string, unknown> = {}) {
  return {
    url: slapd.url,
    startTls: false,
    caPem: null,
    bindDn: slapd.rootDn,
    bindPassword: slapd.rootPassword,
    searchBase: slapd.suffix,
    userFilter: '(&(objectClass=inetOrgPerson)(mail={{email}}))',
    allowedDomains: [domain],
    groupMappings: [
      { groupDn: groups.admins, role: 'company_admin', customRoleId: null },
      { groupDn: groups.viewers, role: 'user', customRoleId: viewerRoleId },
    ],
    jitProvisioning: true,
    enabled: true,
    ...over,
  };
}

beforeAll(async () => {
  dns = await startTinyDnsServer();
  ctx = await TestContext.create({ env: { TRUST_PROXY: '1', SSO_DNS_SERVERS: dns.address } });
  slapd = await startSlapd();
  const user = async (uid: string, mail: string, name = `Person ${uid}`) =>
    slapd.addUser(uid, { mail, name, password: `${uid}-ldap-pw` });
  const ada = await user('ada', `ada@${ACME}`, 'Ada Lovelace');
  const bob = await user('bob', `bob@${ACME}`);
  const carol = await user('carol', `carol@${ACME}`);
  await user('nogroup', `nogroup@${ACME}`);
  const lock = await user('locky', `locky@${ACME}`);
  const ops = await user('ops', `ops@${MSP}`);
  groups.admins = await slapd.addGroup('admins', [ada, carol, lock]);
  groups.viewers = await slapd.addGroup('viewers', [bob]);
  groups.msp = await slapd.addGroup('msp', [ops]);

  acme = await ctx.newCompany();
  acmeAdmin = await ctx.login(await ctx.newUser({ role: 'company_admin', companyId: acme.id }));
  staffAdmin = await ctx.login(await ctx.newUser({ role: 'super_admin' }));
  const viewer = await ctx.prisma.customRole.create({
    data: { companyId: acme.id, name: ctx.unique('viewer'), permissions: ['vm.read'] },
  });
  viewerRoleId = viewer.id;
  // An invited account the directory completes; a local one it does not know keeps its password.
  await ctx.prisma.user.create({
    data: {
      email: `carol@${ACME}`,
      name: 'Carol',
      role: 'user',
      companyId: acme.id,
      status: 'invited',
    },
  });
  await ctx.newUser({ role: 'company_admin', companyId: acme.id, email: `local@${ACME}` });
}, 60_000);

afterAll(async () => {
  await slapd?.close();
  await ctx?.close();
  await dns?.close();
});

describe('LDAP directory settings', () => {
  it('a company admin cannot point the directory at an internal address; a platform admin can', async () => {
    const put = (url: string, who = acmeAdmin) =>
      ctx.http
        .put(`/api/companies/${acme.id}/ldap-directory`)
        .set(who.auth)
        .send(directoryBody(ACME, { url }));
    for (const url of [
      slapd.url,
      'ldap://localhost:389',
      'ldaps://10.1.2.3',
      'ldap://192.168.0.10',
      'ldap://[::1]:389',
      'ldap://169.254.169.254',
    ]) {
      const res = await put(url);
      expect(res.status).toBe(400);
      expect(res.body.message).toContain('Only a platform administrator');
      expect(res.body.details?.issues?.[0]?.path).toEqual(['url']);
    }
    expect(await ctx.prisma.ldapDirectory.findUnique({ where: { companyId: acme.id } })).toBeNull();
  });

  it('a company admin saves the directory; the bind password never comes back', async () => {
    // The test slapd listens on loopback: a platform administrator sets the URL for Acme.
    const put = await ctx.http
      .put(`/api/companies/${acme.id}/ldap-directory`)
      .set(staffAdmin.auth)
      .send(directoryBody(ACME));
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ companyId: acme.id, hasBindPassword: true });
    expect(JSON.stringify(put.body)).not.toContain(slapd.rootPassword);
    const row = await ctx.prisma.ldapDirectory.findUniqueOrThrow({ where: { companyId: acme.id } });
    expect(row.bindPassword).not.toContain(slapd.rootPassword);
    // Saving again without a password keeps the stored one; the company's admin may keep the URL
    // the platform administrator set, not move it to another internal address.
    expect(
      (
        await ctx.http
          .put(`/api/companies/${acme.id}/ldap-directory`)
          .set(acmeAdmin.auth)
          .send(directoryBody(ACME, { url: 'ldap://127.0.0.2:389' }))
      ).status,
    ).toBe(400);
    const { bindPassword: _omit, ...noPassword } = directoryBody(ACME);
    void _omit;
    const again = await ctx.http
      .put(`/api/companies/${acme.id}/ldap-directory`)
      .set(acmeAdmin.auth)
      .send(noPassword);
    expect(again.status).toBe(200);
    expectApiResponse('PUT /companies/:id/ldap-directory', again);
    const get = await ctx.http.get(`/api/companies/${acme.id}/ldap-directory`).set(acmeAdmin.auth);
    expectApiResponse('GET /companies/:id/ldap-directory', get);
    expect(get.body).toMatchObject({ hasBindPassword: true, allowedDomains: [ACME] });
  });

  it('refuses staff roles, foreign roles, bad input, taken domains and foreign companies', async () => {
    const put = (body: object, who = acmeAdmin, companyId = acme.id) =>
      ctx.http.put(`/api/companies/${companyId}/ldap-directory`).set(who.auth).send(body);
    const staffRole = await put(
      directoryBody(ACME, {
        groupMappings: [{ groupDn: groups.admins, role: 'super_admin', customRoleId: null }],
      }),
    );
    expect(staffRole.status).toBe(400);
    const globex = await ctx.newCompany();
    const foreignRole = await ctx.prisma.customRole.create({
      data: { companyId: globex.id, name: ctx.unique('r'), permissions: ['vm.read'] },
    });
    expect(
      (
        await put(
          directoryBody(ACME, {
            groupMappings: [{ groupDn: groups.admins, role: 'user', customRoleId: foreignRole.id }],
          }),
        )
      ).status,
    ).toBe(400);
    expect((await put(directoryBody(ACME, { userFilter: '(mail=x)' }))).status).toBe(400);
    expect((await put(directoryBody(ACME, { url: 'http://127.0.0.1' }))).status).toBe(400);
    // A domain another company's accounts use cannot be routed to Acme's directory.
    await ctx.newUser({ role: 'user', companyId: globex.id, email: `someone@${OTHER}` });
    expect((await put(directoryBody(OTHER))).status).toBe(409);
    // Another company's admin cannot see or change Acme's directory.
    const globexAdmin = await ctx.login(
      await ctx.newUser({ role: 'company_admin', companyId: globex.id }),
    );
    expect(
      (await ctx.http.get(`/api/companies/${acme.id}/ldap-directory`).set(globexAdmin.auth)).status,
    ).toBe(404);
    expect((await put(directoryBody(`x-${tag}.test`), globexAdmin)).status).toBe(404);
    // The same domain cannot route to two directories.
    const plain = [{ groupDn: groups.admins, role: 'user', customRoleId: null }];
    expect(
      (await put(directoryBody(ACME, { groupMappings: plain }), staffAdmin, globex.id)).status,
    ).toBe(409);
    // Only platform administrators configure the staff directory.
    expect(
      (
        await ctx.http
          .put('/api/platform/ldap-directory')
          .set(acmeAdmin.auth)
          .send(directoryBody(MSP))
      ).status,
    ).toBe(403);
  });

  it('the test button shows what a sample user would get', async () => {
    const test = (email: string) =>
      ctx.http
        .post(`/api/companies/${acme.id}/ldap-directory/test`)
        .set(acmeAdmin.auth)
        .send({ email });
    const ada = await test(`ada@${ACME}`);
    expect(ada.status).toBe(200);
    expectApiResponse('POST /companies/:id/ldap-directory/test', ada);
    expect(ada.body).toMatchObject({
      outcome: 'create',
      role: 'company_admin',
      customRole: null,
      entry: { email: `ada@${ACME}`, name: 'Ada Lovelace' },
    });
    expect((await test(`bob@${ACME}`)).body).toMatchObject({
      outcome: 'create',
      role: 'user',
      customRole: { id: viewerRoleId },
    });
    expect((await test(`carol@${ACME}`)).body).toMatchObject({ outcome: 'sign_in' });
    expect((await test(`nogroup@${ACME}`)).body).toMatchObject({ outcome: 'no_role', role: null });
    expect((await test(`nobody@${ACME}`)).body).toMatchObject({
      outcome: 'not_found',
      entry: null,
    });
    expect((await test('not-an-address')).status).toBe(400);
  });
});

describe('LDAP password sign-in', () => {
  it('creates accounts just in time with the mapped built-in or custom role', async () => {
    const res = await login(`ada@${ACME}`, 'ada-ldap-pw');
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ role: 'company_admin', companyId: acme.id });
    const ada = await ctx.prisma.user.findUniqueOrThrow({ where: { email: `ada@${ACME}` } });
    expect(ada).toMatchObject({ name: 'Ada Lovelace', passwordHash: null, companyId: acme.id });
    const bob = await login(`bob@${ACME}`, 'bob-ldap-pw');
    expect(bob.status).toBe(200);
    const row = await ctx.prisma.user.findUniqueOrThrow({ where: { email: `bob@${ACME}` } });
    expect(row).toMatchObject({ role: 'user', customRoleId: viewerRoleId });
    expect(bob.body.permissions).toEqual(['vm.read']);
  });

  it('completes an invited account and sets its role from the groups', async () => {
    expect((await login(`carol@${ACME}`, 'carol-ldap-pw')).status).toBe(200);
    const carol = await ctx.prisma.user.findUniqueOrThrow({ where: { email: `carol@${ACME}` } });
    expect(carol).toMatchObject({ status: 'active', role: 'company_admin' });
  });

  it('refuses a wrong password, a person in no mapped group, and a directory that is down', async () => {
    const wrong = await login(`ada@${ACME}`, 'not-her-password');
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
    // The directory's entry has no local password: a local password check cannot stand in.
    expect((await login(`ada@${ACME}`, TEST_PASSWORD)).status).toBe(401);
    const none = await login(`nogroup@${ACME}`, 'nogroup-ldap-pw');
    expect(none.status).toBe(403);
    expect(await ctx.prisma.user.count({ where: { email: `nogroup@${ACME}` } })).toBe(0);
    // A local account the directory does not know keeps its own password.
    expect((await login(`local@${ACME}`, TEST_PASSWORD)).status).toBe(200);
    const real = slapd.url;
    await ctx.prisma.ldapDirectory.update({
      where: { companyId: acme.id },
      data: { url: 'ldap://127.0.0.1:1' },
    });
    try {
      expect((await login(`ada@${ACME}`, 'ada-ldap-pw')).status).toBe(503);
    } finally {
      await ctx.prisma.ldapDirectory.update({ where: { companyId: acme.id }, data: { url: real } });
    }
    expect((await login(`ada@${ACME}`, 'ada-ldap-pw')).status).toBe(200);
  });

  it('rate-limits wrong directory passwords like other password logins', async () => {
    const email = `locky@${ACME}`;
    for (let i = 0; i < 5; i++) expect((await login(email, `guess-${i}`)).status).toBe(401);
    const locked = await login(email, 'locky-ldap-pw');
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('RATE_LIMITED');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    await ctx.redis.client.del(ctx.redis.key('rl', 'login', 'lock', email));
    expect((await login(email, 'locky-ldap-pw')).status).toBe(200);
    // And per address: ten wrong ones from one address, then 429 for any account.
    const from = '203.0.113.99';
    for (let i = 0; i < 10; i++) {
      expect((await login(`ghost${i}@${ACME}`, 'guess', from)).status).toBe(401);
    }
    expect((await login(`bob@${ACME}`, 'bob-ldap-pw', from)).status).toBe(429);
  });

  it('signs staff in through the platform directory', async () => {
    const put = await ctx.http
      .put('/api/platform/ldap-directory')
      .set(staffAdmin.auth)
      .send(
        directoryBody(MSP, {
          groupMappings: [{ groupDn: groups.msp, role: 'salesperson', customRoleId: null }],
        }),
      );
    expect(put.status).toBe(200);
    try {
      const test = await ctx.http
        .post('/api/platform/ldap-directory/test')
        .set(staffAdmin.auth)
        .send({ email: `ops@${MSP}` });
      expect(test.body).toMatchObject({ outcome: 'create', role: 'salesperson' });
      const res = await login(`ops@${MSP}`, 'ops-ldap-pw');
      expect(res.status).toBe(200);
      expect(res.body.user).toMatchObject({ role: 'salesperson', companyId: null });
    } finally {
      await ctx.http.delete('/api/platform/ldap-directory').set(staffAdmin.auth).expect(204);
    }
  });
});

describe('LDAP email domains need proof', () => {
  it('a domain a company admin adds routes sign-ins only once its DNS TXT record proves it', async () => {
    const beta = await ctx.newCompany();
    const betaAdmin = await ctx.login(
      await ctx.newUser({ role: 'company_admin', companyId: beta.id }),
    );
    const first = `beta-${tag}.test`;
    const second = `beta2-${tag}.test`;
    const dan = await slapd.addUser(`dan-${tag}`, {
      mail: `dan@${second}`,
      name: 'Dan',
      password: 'dan-ldap-pw',
    });
    const betaGroup = await slapd.addGroup(`beta-${tag}`, [dan]);
    const base = `/api/companies/${beta.id}/ldap-directory`;
    const body = (domains: string[]) =>
      directoryBody(first, {
        allowedDomains: domains,
        groupMappings: [{ groupDn: betaGroup, role: 'user', customRoleId: null }],
      });
    // The platform administrator sets the (loopback) URL; its save approves the domain it lists.
    expect(
      (
        await ctx.http
          .put(base)
          .set(staffAdmin.auth)
          .send(body([first]))
      ).status,
    ).toBe(200);
    // The company's admin adds a second domain: claimed, not routed yet.
    const put = await ctx.http
      .put(base)
      .set(betaAdmin.auth)
      .send(body([first, second]));
    expect(put.status).toBe(200);
    const domains = await ctx.http.get(`${base}/domains`).set(betaAdmin.auth);
    expect(domains.status).toBe(200);
    expectApiResponse('GET /companies/:id/ldap-directory/domains', domains);
    const byName = new Map(
      (domains.body as { domain: string; status: string; txtName: string; txtValue: string }[]).map(
        (d) => [d.domain, d],
      ),
    );
    expect(byName.get(first)).toMatchObject({ status: 'verified', method: 'approval' });
    const pending = byName.get(second)!;
    expect(pending).toMatchObject({ status: 'pending', txtName: `_multpanel-challenge.${second}` });
    expect((await login(`dan@${second}`, 'dan-ldap-pw')).status).toBe(401);

    // Not published yet, or the wrong value: a clear 400 naming the record.
    const verify = `${base}/domains/${second}/verify`;
    const early = await ctx.http.post(verify).set(betaAdmin.auth);
    expect(early.status).toBe(400);
    expect(early.body.message).toContain(pending.txtName);
    dns.txt.set(pending.txtName, ['multpanel-domain-verification=wrong']);
    expect((await ctx.http.post(verify).set(betaAdmin.auth)).status).toBe(400);
    // The SSO record of another claimant proves nothing here: values differ per directory.
    expect(pending.txtValue).not.toBe(byName.get(first)!.txtValue);

    // Another company's admin sees and verifies nothing of Beta's; a company admin cannot approve.
    const other = await ctx.login(
      await ctx.newUser({ role: 'company_admin', companyId: (await ctx.newCompany()).id }),
    );
    expect((await ctx.http.get(`${base}/domains`).set(other.auth)).status).toBe(404);
    expect((await ctx.http.post(verify).set(other.auth)).status).toBe(404);
    expect(
      (await ctx.http.post(`${base}/domains/${second}/approve`).set(betaAdmin.auth)).status,
    ).toBe(403);
    expect(
      (await ctx.http.post(`${base}/domains/not-listed-${tag}.test/verify`).set(betaAdmin.auth))
        .status,
    ).toBe(404);

    dns.txt.set(pending.txtName, ['some-other=value', pending.txtValue]);
    const ok = await ctx.http.post(verify).set(betaAdmin.auth);
    expect(ok.status).toBe(200);
    expectApiResponse('POST /companies/:id/ldap-directory/domains/:id/verify', ok);
    expect(ok.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ domain: second, status: 'verified', method: 'dns' }),
      ]),
    );
    const signIn = await login(`dan@${second}`, 'dan-ldap-pw');
    expect(signIn.status).toBe(200);
    expect(signIn.body.user).toMatchObject({ companyId: beta.id, role: 'user' });

    // Dropping the domain forgets its proof.
    expect(
      (
        await ctx.http
          .put(base)
          .set(betaAdmin.auth)
          .send(body([first]))
      ).status,
    ).toBe(200);
    expect(
      await ctx.prisma.ldapDomainVerification.findUnique({ where: { domain: second } }),
    ).toBeNull();

    // The platform administrator may approve a claimed domain without DNS.
    const third = `beta3-${tag}.test`;
    expect(
      (
        await ctx.http
          .put(base)
          .set(betaAdmin.auth)
          .send(body([first, third]))
      ).status,
    ).toBe(200);
    const approved = await ctx.http.post(`${base}/domains/${third}/approve`).set(staffAdmin.auth);
    expect(
      expectApiResponse('POST /companies/:id/ldap-directory/domains/:id/approve', approved),
    ).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ domain: third, status: 'verified', method: 'approval' }),
      ]),
    );
  });
});
