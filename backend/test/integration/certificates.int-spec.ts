import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import WebSocket from 'ws';
import { AppConfig } from '../../src/config/app-config';
import { CoreModule } from '../../src/core.module';
import { CertificatesModule } from '../../src/modules/certificates/certificates.module';
import { CertificatesService } from '../../src/modules/certificates/certificates.service';
import { HostCertificatesService } from '../../src/modules/certificates/host-certificates.service';
import { tlsSnippet } from '../../src/modules/certificates/tls-installer';
import { JobsModule } from '../../src/modules/jobs/jobs.module';
import { expectApiResponse } from '../helpers/api-response';
import { TestContext, type LoggedIn } from '../helpers/test-context';
import {
  freePort,
  NginxFixture,
  PebbleFixture,
  REPO_ROOT,
  selfSigned,
  tlsSkipReason,
} from './tls-harness';

const skip = tlsSkipReason();
if (skip) console.warn(`TLS/ACME integration tests skipped: ${skip}`);
const describeTls = skip ? describe.skip : describe;
const DOMAIN = 'panel.multpanel.test';
const PORTAL = 'portal.acme.test';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(url: string, host = DOMAIN): Promise<Reply> {
  const u = new URL(url);
  const req = u.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((done, fail) => {
    req(u, { headers: { host }, rejectUnauthorized: false, servername: host }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }));
    })
      .on('error', fail)
      .end();
  });
}

/** The certificate Nginx presents for a name. */
function servedCertificate(port: number, servername = DOMAIN): Promise<X509Certificate> {
  return new Promise((done, fail) => {
    const s = tlsConnect({ host: '127.0.0.1', port, servername, rejectUnauthorized: false }, () => {
      const raw = s.getPeerX509Certificate();
      s.end();
      if (raw) done(raw);
      else fail(new Error('no certificate'));
    });
    s.on('error', fail);
  });
}

/** `nginx -s reload` only signals: the new workers take over a moment later. */
async function expectServed(
  port: number,
  serial?: string | null,
  servername = DOMAIN,
): Promise<X509Certificate> {
  let cert = await servedCertificate(port, servername);
  for (let i = 0; i < 50 && cert.serialNumber !== serial; i++) {
    await new Promise((r) => setTimeout(r, 100));
    cert = await servedCertificate(port, servername);
  }
  expect(cert.serialNumber).toBe(serial);
  return cert;
}

describeTls('HTTPS by default and ACME certificates through Nginx', () => {
  const nginx = new NginxFixture();
  const pebble = new PebbleFixture();
  let ctx: TestContext;
  let admin: LoggedIn;
  let httpPort: number;
  let httpsPort: number;
  const tlsDir = join(nginx.dir, 'tls');
  const webroot = join(nginx.dir, 'acme');
  const dist = join(nginx.dir, 'dist');

  beforeAll(async () => {
    [httpPort, httpsPort] = [await freePort(), await freePort()];
    await pebble.start(httpPort);
    const trusted = join(pebble.dir, 'trusted.pem');
    writeFileSync(trusted, await pebble.rootPem());
    for (const d of [tlsDir, webroot, dist]) mkdirSync(d, { recursive: true, mode: 0o755 });
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Multpanel SPA marker</title>');
    ctx = await TestContext.create({
      env: {
        TLS_DIR: tlsDir,
        ACME_WEBROOT: webroot,
        TLS_RELOAD_COMMAND: nginx.reloadCommand(),
        ACME_CA_FILE: pebble.caFile,
        TLS_TRUSTED_CA_FILE: trusted,
      },
    });
    admin = await ctx.login(await ctx.newUser({ role: 'super_admin' }));
    // As install.sh does it: a self-signed certificate, its snippet (no HSTS), the rendered site.
    selfSigned(tlsDir, DOMAIN);
    writeFileSync(join(tlsDir, 'nginx-tls.conf'), tlsSnippet(tlsDir, false));
    const { port } = ctx.app.getHttpServer().address() as { port: number };
    execFileSync(process.execPath, [
      join(REPO_ROOT, 'scripts/lib/nginx-site.mjs'),
      ...['--out', nginx.site, '--dist', dist, '--tls-dir', tlsDir, '--acme', webroot],
      ...['--server-name', DOMAIN, '--upstream', `127.0.0.1:${port}`],
      ...['--http-port', String(httpPort), '--https-port', String(httpsPort), '--no-ipv6'],
    ]);
    nginx.test();
    nginx.start();
  }, 60_000);

  afterAll(async () => {
    nginx.stop();
    pebble.stop();
    await ctx?.close();
  });

  it('nginx -t accepts the rendered site, with the shared HTTPS site and an empty per-host file', () => {
    expect(nginx.test()).toMatch(/syntax is ok/);
    expect(readFileSync(join(tlsDir, 'nginx-hosts.conf'), 'utf8')).toBe('');
    expect(readFileSync(join(tlsDir, 'nginx-https.conf'), 'utf8')).toMatch(/location \/api\//);
  });

  it('redirects HTTP to HTTPS and serves the API and the SPA over TLS, without HSTS for a self-signed certificate', async () => {
    const http = await get(`http://127.0.0.1:${httpPort}/vms?x=1`);
    expect(http.status).toBe(301);
    expect(http.headers.location).toBe(`https://${DOMAIN}:${httpsPort}/vms?x=1`);
    const health = await get(`https://127.0.0.1:${httpsPort}/api/health/live`);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toEqual({ status: 'ok' });
    const spa = await get(`https://127.0.0.1:${httpsPort}/some/page`);
    expect(spa.status).toBe(200);
    expect(spa.body).toContain('Multpanel SPA marker');
    expect(spa.headers['strict-transport-security']).toBeUndefined();
    const cert = await servedCertificate(httpsPort);
    expect(cert.subjectAltName).toContain(`DNS:${DOMAIN}`);
    expect(cert.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(cert.checkIssued(cert)).toBe(true);
    const overview = await ctx.http.get('/api/system/certificates').set(admin.auth);
    expect(overview.status).toBe(200);
    expect(overview.body.served).toMatchObject({ selfSigned: true, hsts: false });
  });

  it('upgrades the live-events WebSocket through Nginx', async () => {
    const ws = new WebSocket(
      `wss://127.0.0.1:${httpsPort}/api/events?token=${encodeURIComponent(admin.accessToken)}`,
      { rejectUnauthorized: false, headers: { host: DOMAIN } },
    );
    const hello = await new Promise<{ type: string }>((done, fail) => {
      ws.once('message', (m: Buffer) => done(JSON.parse(m.toString()) as { type: string }));
      ws.once('error', fail);
    });
    ws.close();
    expect(hello.type).toBe('hello');
  });

  it('issues a certificate from pebble over HTTP-01 through Nginx and serves it with HSTS', async () => {
    const bad = await ctx.http
      .post('/api/system/certificates')
      .set(admin.auth)
      .send({
        domains: ['not a domain'],
        email: 'ops@example.com',
        directoryUrl: pebble.directoryUrl,
      });
    expect(bad.status).toBe(400);
    const res = await ctx.http
      .post('/api/system/certificates')
      .set(admin.auth)
      .send({ domains: [DOMAIN], email: 'ops@example.com', directoryUrl: pebble.directoryUrl });
    expect(res.status).toBe(202);
    expect(res.body.status).toBe('pending');
    const again = await ctx.http
      .post('/api/system/certificates')
      .set(admin.auth)
      .send({ domains: [DOMAIN], email: 'ops@example.com', directoryUrl: pebble.directoryUrl });
    expect(again.status).toBe(409);
    // What the worker's certificates.issue job runs.
    const issued = await ctx.app.get(CertificatesService).issue(res.body.id as string);
    expect(issued).toMatchObject({ status: 'issued', error: null });
    const cert = await expectServed(httpsPort, issued?.serial);
    expect(cert.issuer).toMatch(/Pebble/);
    expect(cert.subjectAltName).toBe(`DNS:${DOMAIN}`);
    // Nginx's old workers may answer a moment longer after the reload (a busy machine): ask again.
    let spa = await get(`https://127.0.0.1:${httpsPort}/`);
    for (let i = 0; i < 50 && !spa.headers['strict-transport-security']; i++) {
      await new Promise((r) => setTimeout(r, 100));
      spa = await get(`https://127.0.0.1:${httpsPort}/`);
    }
    expect(spa.headers['strict-transport-security']).toBe('max-age=31536000');
    const key = readFileSync(join(tlsDir, 'multpanel.key'));
    expect(key.length).toBeGreaterThan(0);
    const overview = await ctx.http.get('/api/system/certificates').set(admin.auth);
    expect(overview.body.served).toMatchObject({ selfSigned: false, hsts: true });
    expect(overview.body.history[0]).toMatchObject({ id: res.body.id, status: 'issued' });
  }, 60_000);

  it('renews 30 days before expiry, not earlier', async () => {
    const svc = ctx.app.get(CertificatesService);
    const current = (await ctx.http.get('/api/system/certificates').set(admin.auth)).body;
    const notAfter = new Date(current.history[0].notAfter as string).getTime();
    expect(await svc.renewDue(new Date(notAfter - 31 * 86400_000))).toBeNull();
    const renewed = await svc.renewDue(new Date(notAfter - 29 * 86400_000));
    expect(renewed).toMatchObject({ status: 'issued', reason: 'renewal' });
    expect(renewed?.serial).not.toBe(current.history[0].serial);
    await expectServed(httpsPort, renewed?.serial);
  }, 60_000);

  it('records a failed order with its reason', async () => {
    const res = await ctx.http
      .post('/api/system/certificates')
      .set(admin.auth)
      .send({
        domains: [DOMAIN],
        email: 'ops@example.com',
        directoryUrl: `${pebble.directoryUrl}-gone`,
      });
    expect(res.status).toBe(202);
    const failed = await ctx.app.get(CertificatesService).issue(res.body.id as string);
    expect(failed?.status).toBe('failed');
    expect(failed?.error).toMatch(/404/);
    const activity = await ctx.prisma.activityLog.findFirst({
      where: { resourceId: res.body.id as string, action: 'certificate.issue' },
    });
    expect(activity?.result).toBe('failure');
  });

  describe('a certificate per mapped host name', () => {
    let worker: INestApplicationContext;
    let acme: string;
    let acmeAdmin: LoggedIn;
    let globexAdmin: LoggedIn;
    let platformSerial: string;
    const waitJob = async (id: string) => {
      for (let i = 0; i < 600; i++) {
        const j = await ctx.prisma.job.findUniqueOrThrow({ where: { id } });
        if (['succeeded', 'failed', 'cancelled'].includes(j.status)) return j;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`job ${id} did not finish`);
    };
    const hostCerts = (auth: LoggedIn) =>
      ctx.http.get(`/api/companies/${acme}/branding/certificates`).set(auth.auth);

    beforeAll(async () => {
      const config = ctx.config;
      @Module({
        imports: [
          CoreModule.forRoot(config),
          JobsModule.forWorker({ strict: false, schedulers: false, pollIntervalMs: 100 }),
          CertificatesModule.forWorker(),
        ],
        providers: [{ provide: AppConfig, useValue: config }],
      })
      class CertificatesTestWorker {}
      worker = await NestFactory.createApplicationContext(CertificatesTestWorker, {
        logger: false,
        abortOnError: false,
      });
      await worker.init();
      acme = (await ctx.newCompany()).id;
      acmeAdmin = await ctx.login(await ctx.newUser({ role: 'company_admin', companyId: acme }));
      globexAdmin = await ctx.login(await ctx.newUser({ role: 'company_admin' }));
      platformSerial = (await servedCertificate(httpsPort)).serialNumber;
    }, 60_000);
    afterAll(() => worker?.close());

    it('mapping a host orders its own certificate as the company’s job; Nginx serves it by SNI', async () => {
      const mapped = await ctx.http
        .put(`/api/companies/${acme}/branding/hosts`)
        .set(admin.auth)
        .send({ hosts: [PORTAL] });
      expect(mapped.status).toBe(200);
      // The platform certificate came from pebble: the new host is ordered from there at once.
      const pending = await hostCerts(admin);
      expect(expectApiResponse('GET /companies/:id/branding/certificates', pending)).toEqual([
        expect.objectContaining({ host: PORTAL, status: 'pending', notAfter: null }),
      ]);
      const jobId = pending.body[0].jobId as string;
      const job = await waitJob(jobId);
      expect({ status: job.status, error: job.error, companyId: job.companyId }).toEqual({
        status: 'succeeded',
        error: null,
        companyId: acme,
      });
      const issued = await hostCerts(acmeAdmin);
      expectApiResponse('GET /companies/:id/branding/certificates', issued);
      expect(issued.body[0]).toMatchObject({ host: PORTAL, status: 'issued', error: null });
      const notAfter = new Date(issued.body[0].notAfter as string).getTime();
      expect(notAfter).toBeGreaterThan(Date.now());

      // Exactly that host in the certificate, on disk and by SNI; the platform's stays as it was.
      const onDisk = new X509Certificate(readFileSync(join(tlsDir, 'hosts', `${PORTAL}.crt`)));
      expect(onDisk.subjectAltName).toBe(`DNS:${PORTAL}`);
      expect(existsSync(join(tlsDir, 'hosts', `${PORTAL}.key`))).toBe(true);
      const snippet = readFileSync(join(tlsDir, 'nginx-hosts.conf'), 'utf8');
      expect(snippet).toContain(`server_name ${PORTAL};`);
      expect(snippet).toContain(`ssl_certificate ${join(tlsDir, 'hosts', `${PORTAL}.crt`)};`);
      expect(snippet).toContain(`include ${join(tlsDir, 'nginx-https.conf')};`);
      expect(nginx.test()).toMatch(/syntax is ok/);
      const served = await expectServed(httpsPort, onDisk.serialNumber, PORTAL);
      expect(served.subjectAltName).toBe(`DNS:${PORTAL}`);
      expect((await servedCertificate(httpsPort, DOMAIN)).serialNumber).toBe(platformSerial);
      expect(readFileSync(join(tlsDir, 'multpanel.crt'), 'utf8')).not.toContain(
        readFileSync(join(tlsDir, 'hosts', `${PORTAL}.crt`), 'utf8').slice(0, 200),
      );
      // The same site behind it: the API answers on the host's server block.
      const health = await get(`https://127.0.0.1:${httpsPort}/api/health/live`, PORTAL);
      expect(health.status).toBe(200);
      const overview = await ctx.http.get('/api/system/certificates').set(admin.auth);
      expect(overview.body.served.fingerprint256).toBe(
        (await servedCertificate(httpsPort)).fingerprint256,
      );
      expect(
        overview.body.history.some((c: { domains: string[] }) => c.domains.includes(PORTAL)),
      ).toBe(false);
    }, 90_000);

    it('staff re-order a host’s certificate; the company admin may not; other companies get 404', async () => {
      const body = { host: PORTAL };
      const byAdmin = await ctx.http
        .post(`/api/companies/${acme}/branding/certificates`)
        .set(acmeAdmin.auth)
        .send(body);
      expect(byAdmin.status).toBe(403);
      expect((await hostCerts(globexAdmin)).status).toBe(404);
      const unmapped = await ctx.http
        .post(`/api/companies/${acme}/branding/certificates`)
        .set(admin.auth)
        .send({ host: 'other.acme.test' });
      expect(unmapped.status).toBe(404);
      const bad = await ctx.http
        .post(`/api/companies/${acme}/branding/certificates`)
        .set(admin.auth)
        .send({ host: 'not a host' });
      expect(bad.status).toBe(400);
      const res = await ctx.http
        .post(`/api/companies/${acme}/branding/certificates`)
        .set(admin.auth)
        .send(body);
      expect(expectApiResponse('POST /companies/:id/branding/certificates', res)).toMatchObject({
        host: PORTAL,
        status: 'pending',
      });
      const again = await ctx.http
        .post(`/api/companies/${acme}/branding/certificates`)
        .set(admin.auth)
        .send(body);
      expect(again.status).toBe(409);
      const job = await waitJob(res.body.jobId as string);
      expect(job.status).toBe('succeeded');
    }, 90_000);

    it('the renewal sweep renews a host 30 days before it ends, not earlier', async () => {
      const svc = ctx.app.get(HostCertificatesService);
      const [current] = (await hostCerts(admin)).body as Array<{ notAfter: string }>;
      const notAfter = new Date(current.notAfter).getTime();
      expect(await svc.renewDue(new Date(notAfter - 31 * 86400_000))).toEqual([]);
      const renewed = await svc.renewDue(new Date(notAfter - 29 * 86400_000));
      expect(renewed).toEqual([
        expect.objectContaining({ status: 'issued', reason: 'renewal', domains: [PORTAL] }),
      ]);
      await expectServed(httpsPort, renewed[0].serial, PORTAL);
    }, 60_000);

    it('removing the mapping removes the host’s files, server block and orders', async () => {
      const res = await ctx.http
        .put(`/api/companies/${acme}/branding/hosts`)
        .set(admin.auth)
        .send({ hosts: [] });
      expect(res.status).toBe(200);
      expect(existsSync(join(tlsDir, 'hosts', `${PORTAL}.crt`))).toBe(false);
      expect(existsSync(join(tlsDir, 'hosts', `${PORTAL}.key`))).toBe(false);
      expect(readFileSync(join(tlsDir, 'nginx-hosts.conf'), 'utf8')).toBe('');
      expect(nginx.test()).toMatch(/syntax is ok/);
      expect(await ctx.prisma.tlsCertificate.count({ where: { host: PORTAL } })).toBe(0);
      expect((await hostCerts(admin)).body).toEqual([]);
      let cert = await servedCertificate(httpsPort, PORTAL);
      for (let i = 0; i < 50 && cert.serialNumber !== platformSerial; i++) {
        await new Promise((r) => setTimeout(r, 100));
        cert = await servedCertificate(httpsPort, PORTAL);
      }
      expect(cert.serialNumber).toBe(platformSerial);
    });
  });
});
