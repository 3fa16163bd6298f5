import { deflateSync } from 'node:zlib';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectApiResponse } from '../helpers/api-response';
import { TestContext, TEST_PASSWORD, type LoggedIn } from '../helpers/test-context';

/** A real PNG of w×h (one colour), built by hand: signature, IHDR, IDAT, IEND with CRCs. */
function png(w: number, h: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(w * 3, 0x40)]);
  const raw = Buffer.concat(Array.from({ length: h }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('branding and host names', () => {
  let ctx: TestContext;
  let dataDir: string;
  let admin: LoggedIn;
  let acmeAdmin: LoggedIn;
  let globexAdmin: LoggedIn;
  let acmeId: string;
  let acmeUserEmail: string;
  let globexUserEmail: string;
  const host = `portal-${Date.now()}.acme.test`;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'mp-branding-'));
    ctx = await TestContext.create({ env: { DATA_DIR: dataDir } });
    const acme = await ctx.newCompany({ name: 'Acme Corp' });
    const globex = await ctx.newCompany({ name: 'Globex' });
    acmeId = acme.id;
    admin = await ctx.login(await ctx.newUser({ role: 'super_admin' }));
    acmeAdmin = await ctx.login(await ctx.newUser({ role: 'company_admin', companyId: acme.id }));
    globexAdmin = await ctx.login(
      await ctx.newUser({ role: 'company_admin', companyId: globex.id }),
    );
    acmeUserEmail = (await ctx.newUser({ role: 'user', companyId: acme.id })).email;
    globexUserEmail = (await ctx.newUser({ role: 'user', companyId: globex.id })).email;
  });
  afterAll(async () => {
    await ctx.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("shows a company's name and colours on its host, before sign-in, and changes at once", async () => {
    const set = await ctx.http
      .put(`/api/companies/${acmeId}/branding`)
      .set(acmeAdmin.auth)
      .send({ productName: 'Acme Cloud', primaryColor: '#AA0000', secondaryColor: '#00aa00' });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ productName: 'Acme Cloud', primaryColor: '#aa0000' });
    // Host names are the MSP's to map.
    expect(
      (
        await ctx.http
          .put(`/api/companies/${acmeId}/branding/hosts`)
          .set(acmeAdmin.auth)
          .send({ hosts: [host] })
      ).status,
    ).toBe(403);
    const hosts = await ctx.http
      .put(`/api/companies/${acmeId}/branding/hosts`)
      .set(admin.auth)
      .send({ hosts: [host.toUpperCase()] });
    expect(hosts.status).toBe(200);
    expect(hosts.body.hosts).toEqual([host]);

    const onHost = await ctx.http.get('/api/branding').set('Host', `${host}:8443`);
    expectApiResponse('GET /branding', onHost);
    expect(onHost.body).toMatchObject({
      hostCompanyId: acmeId,
      hostCompanyName: 'Acme Corp',
      productName: 'Acme Cloud',
      primaryColor: '#aa0000',
      secondaryColor: '#00aa00',
      hostCertificate: 'pending',
    });
    const elsewhere = await ctx.http.get('/api/branding').set('Host', 'mp.example.net');
    expectApiResponse('GET /branding', elsewhere);
    expect(elsewhere.body).toMatchObject({ hostCompanyId: null, hostCertificate: 'platform' });
    expect(elsewhere.body.productName).not.toBe('Acme Cloud');

    await ctx.http
      .put(`/api/companies/${acmeId}/branding`)
      .set(acmeAdmin.auth)
      .send({ primaryColor: '#123456' });
    const after = await ctx.http.get('/api/branding').set('Host', host);
    expect(after.body.primaryColor).toBe('#123456');
    // Signed in, a customer sees its company's branding on any host; another company does not.
    const mine = await ctx.http.get('/api/branding/mine').set(acmeAdmin.auth);
    expectApiResponse('GET /branding/mine', mine);
    expect(mine.body).toMatchObject({ productName: 'Acme Cloud', primaryColor: '#123456' });
    const theirs = await ctx.http.get('/api/branding/mine').set(globexAdmin.auth);
    expect(theirs.body.productName).not.toBe('Acme Cloud');
  });

  it('refuses another company’s users on a mapped host, with a clear message', async () => {
    const login = (email: string) =>
      ctx.http.post('/api/auth/login').set('Host', host).send({ email, password: TEST_PASSWORD });
    const refused = await login(globexUserEmail);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain("This sign-in page is Acme Corp's");
    expect((await login(acmeUserEmail)).status).toBe(200);
    // Elsewhere, Globex signs in as usual.
    expect(
      (
        await ctx.http
          .post('/api/auth/login')
          .set('Host', 'mp.example.net')
          .send({ email: globexUserEmail, password: TEST_PASSWORD })
      ).status,
    ).toBe(200);
  });

  it('keeps each company to its own branding and one owner per host', async () => {
    expect(
      (await ctx.http.get(`/api/companies/${acmeId}/branding`).set(globexAdmin.auth)).status,
    ).toBe(404);
    const other = await ctx.newCompany();
    const taken = await ctx.http
      .put(`/api/companies/${other.id}/branding/hosts`)
      .set(admin.auth)
      .send({ hosts: [host] });
    expect(taken.status).toBe(409);
    expect(
      (
        await ctx.http
          .put(`/api/companies/${other.id}/branding/hosts`)
          .set(admin.auth)
          .send({ hosts: ['not a host'] })
      ).status,
    ).toBe(400);
  });

  it('validates logos (real images, type, size, pixels) and serves them publicly by hash', async () => {
    const put = (type: string, body: Buffer | string, kind = 'logo-light') =>
      ctx.http
        .put(`/api/companies/${acmeId}/branding/assets/${kind}`)
        .set(acmeAdmin.auth)
        .set('Content-Type', type)
        .send(body);
    const logo = png(120, 40);
    const ok = await put('image/png', logo);
    expect(ok.status).toBe(200);
    const url = ok.body.assets['logo-light'] as string;
    expect(url).toMatch(new RegExp(`^/api/branding/assets/${acmeId}/[0-9a-f]{64}$`));
    const served = await ctx.http
      .get(url)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(served.status).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(served.body as Buffer, logo)).toBe(0);
    expect((await ctx.http.get('/api/branding').set('Host', host)).body.assets['logo-light']).toBe(
      url,
    );

    expect((await put('image/svg+xml', '<svg onload="alert(1)"/>')).status).toBe(415);
    expect((await put('image/png', '<html>no</html>')).status).toBe(415);
    expect((await put('image/png', png(3000, 10))).status).toBe(400);
    expect((await put('image/png', Buffer.concat([logo, Buffer.alloc(600 * 1024)]))).status).toBe(
      413,
    );
    expect((await put('image/png', logo, 'banner')).status).toBe(400);
    expect((await put('image/png', logo, 'favicon')).status).toBe(200);
    expect((await ctx.http.get(`/api/branding/assets/${acmeId}/${'0'.repeat(64)}`)).status).toBe(
      404,
    );
  });

  it('shows a renamed company at once, and frees a deleted company’s host names and logos', async () => {
    const gone = await ctx.newCompany({ name: 'Gone Inc' });
    const goneHost = `gone-${Date.now()}.test`;
    const mapped = await ctx.http
      .put(`/api/companies/${gone.id}/branding/hosts`)
      .set(admin.auth)
      .send({ hosts: [goneHost] });
    expect(mapped.status).toBe(200);
    const logo = await ctx.http
      .put(`/api/companies/${gone.id}/branding/assets/logo-light`)
      .set(admin.auth)
      .set('Content-Type', 'image/png')
      .send(png(20, 20));
    expect(logo.status).toBe(200);
    const onHost = () => ctx.http.get('/api/branding').set('Host', goneHost);
    expect((await onHost()).body.hostCompanyName).toBe('Gone Inc');

    // The sign-in page names the company: a rename shows at once, not when the cache expires.
    const renamed = await ctx.http
      .patch(`/api/companies/${gone.id}`)
      .set(admin.auth)
      .send({ name: 'Gone Renamed' });
    expect(renamed.status).toBe(200);
    expect((await onHost()).body.hostCompanyName).toBe('Gone Renamed');

    // An earlier file of this jest worker may have left an ACME platform certificate in the database,
    // so mapping the host ordered one: a queued job of the company, which holds the delete (409).
    // Certificates are not this test's subject (certificates.int covers orders and unmapping).
    await ctx.prisma.job.updateMany({
      where: {
        companyId: gone.id,
        type: 'certificates.host',
        status: { in: ['queued', 'running'] },
      },
      data: { status: 'cancelled' },
    });
    expect((await ctx.http.delete(`/api/companies/${gone.id}`).set(admin.auth)).status).toBe(204);
    expect((await onHost()).body).toMatchObject({
      hostCompanyId: null,
      hostCertificate: 'platform',
    });
    // Its host names are free for another company; its images are gone from disk and the database.
    const next = await ctx.newCompany();
    const again = await ctx.http
      .put(`/api/companies/${next.id}/branding/hosts`)
      .set(admin.auth)
      .send({ hosts: [goneHost] });
    expect(again.status).toBe(200);
    expect(await ctx.prisma.branding.count({ where: { owner: gone.id } })).toBe(0);
    await expect(access(join(dataDir, 'branding', gone.id))).rejects.toThrow(/ENOENT/);
    expect((await ctx.http.get(logo.body.assets['logo-light'] as string)).status).toBe(404);
  });
});
