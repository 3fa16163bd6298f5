import { expectApiResponse } from '../helpers/api-response';
import type { LoggedIn } from '../helpers/test-context';
import { describeDeployments, freePort, githubSignature } from './deployments-harness';

const SECRET = 'S3cret-Greeting-Value-91f2';

describeDeployments('deployments on a real SSH target', (t) => {
  let admin: LoggedIn;
  let id: string;
  let webhookSecret: string;
  let appPort: number;
  let commit1: string;
  let commit2: string;

  beforeAll(async () => {
    admin = t.admin;
    appPort = await freePort();
  });

  const http = () => t.http();
  const waitJob = (jobId: string) => t.waitJob(jobId);
  const app = () => t.app(appPort);

  function body(over: Record<string, unknown> = {}) {
    return t.guestBody(
      'shop-api',
      appPort,
      [{ key: 'APP_GREETING', value: SECRET, secret: true }],
      // The build prints the secret: the job log must show it redacted.
      { buildCommand: 'echo "building with $APP_GREETING"', ...over },
    );
  }

  it('lists the framework presets', async () => {
    const res = await http().get('/api/frameworks').set(admin.auth);
    expect(res.status).toBe(200);
    expectApiResponse('GET /frameworks', res);
    const ids = res.body.map((p: { id: string }) => p.id);
    expect(ids).toEqual(expect.arrayContaining(['express', 'nextjs', 'django', 'laravel', 'lamp']));
    expect(res.body.find((p: { id: string }) => p.id === 'express')).toMatchObject({
      defaultPort: 3000,
      runtime: 'node',
    });
  });

  it('refuses an unknown framework and a malformed repository URL with 400', async () => {
    const a = await http()
      .post('/api/deployments')
      .set(admin.auth)
      .send(body({ framework: 'cobol-on-rails' }));
    expect(a.status).toBe(400);
    expect(JSON.stringify(a.body)).toContain('unknown framework');
    const b = await http()
      .post('/api/deployments')
      .set(admin.auth)
      .send(body({ repoUrl: 'ftp://example.com/repo.git' }));
    expect(b.status).toBe(400);
    expect(JSON.stringify(b.body)).toContain('repoUrl');
  });

  it('creates a deployment: secret env values never come back, the webhook secret once', async () => {
    commit1 = t.git.push('v1');
    const res = await http().post('/api/deployments').set(admin.auth).send(body());
    expect(res.status).toBe(201);
    expectApiResponse('POST /deployments', res);
    expect(res.body.status).toBe('PENDING');
    expect(res.body.webhookSecret).toMatch(/^[0-9a-f]{48}$/);
    expect(res.body.accessPublicKey).toMatch(/^ssh-ed25519 /);
    expect(res.body.env.find((e: { key: string }) => e.key === 'APP_GREETING').value).toBeNull();
    expect(JSON.stringify(res.body)).not.toContain(SECRET);
    id = res.body.id;
    webhookSecret = res.body.webhookSecret;
    const again = await http().get(`/api/deployments/${id}`).set(admin.auth);
    expectApiResponse('GET /deployments/:id', again);
    expect(again.body.webhookSecret).toBeUndefined();
    expect(JSON.stringify(again.body)).not.toContain(SECRET);
    const row = await t.h.ctx.prisma.deployment.findUniqueOrThrow({ where: { id } });
    expect(JSON.stringify(row)).not.toContain(SECRET);
    expect(row.webhookSecret).toMatch(/^enc:v\d+:/);
    t.authorize(res.body.accessPublicKey);
    t.appDir('shop-api');
  });

  it('deploys: RUNNING, host key pinned, the app answers with the commit it was built from', async () => {
    const start = await http().post(`/api/deployments/${id}/deploy`).set(admin.auth);
    expect(start.status).toBe(202);
    expectApiResponse('POST /deployments/:id/deploy', start);
    const job = await waitJob(start.body.id);
    expect(job.error).toBeNull();
    expect(job.status).toBe('succeeded');
    const d = await http().get(`/api/deployments/${id}`).set(admin.auth);
    expect(d.body).toMatchObject({
      status: 'RUNNING',
      hostKeyFingerprint: t.sshd.hostKeyFingerprint,
    });
    expect(await app()).toBe(`v1 ${commit1} ${SECRET}`);
    const log = (job.log ?? [])
      .map((l: { line?: string; message?: string }) => JSON.stringify(l))
      .join('\n');
    expect(log).toContain('building with ***');
    expect(log).not.toContain(SECRET);
  }, 120_000);

  it('a webhook with a wrong signature is 403; a push elsewhere is ignored', async () => {
    const payload = JSON.stringify({ ref: 'refs/heads/main', after: 'a'.repeat(40) });
    const bad = await http()
      .post(`/api/deployments/${id}/webhook`)
      .set('content-type', 'application/json')
      .set('x-hub-signature-256', githubSignature(payload, 'not-the-secret'))
      .send(payload);
    expect(bad.status).toBe(403);
    expect(bad.body.message).toBe('Webhook signature does not verify');
    const other = JSON.stringify({ ref: 'refs/heads/feature', after: 'b'.repeat(40) });
    const ignored = await http()
      .post(`/api/deployments/${id}/webhook`)
      .set('content-type', 'application/json')
      .set('x-hub-signature-256', githubSignature(other, webhookSecret))
      .send(other);
    expect(ignored.status).toBe(202);
    expect(ignored.body).toMatchObject({ accepted: false });
  });

  it('a signed push webhook redeploys the pushed commit', async () => {
    commit2 = t.git.push('v2');
    const payload = JSON.stringify({ ref: 'refs/heads/main', after: commit2 });
    const res = await http()
      .post(`/api/deployments/${id}/webhook`)
      .set('content-type', 'application/json')
      .set('x-hub-signature-256', githubSignature(payload, webhookSecret))
      .send(payload);
    expect(res.status).toBe(202);
    expect(res.body.accepted).toBe(true);
    const job = await waitJob(res.body.jobId);
    expect(job.status).toBe('succeeded');
    expect(await app()).toBe(`v2 ${commit2} ${SECRET}`);
    const rel = await http().get(`/api/deployments/${id}/releases`).set(admin.auth);
    expectApiResponse('GET /deployments/:id/releases', rel);
    expect(rel.body.map((r: { commit: string }) => r.commit)).toEqual([commit2, commit1]);
    expect(rel.body[0]).toMatchObject({ trigger: 'webhook', status: 'SUCCEEDED', current: true });
    expect(rel.body[1]).toMatchObject({ author: 'Dev Eloper', message: 'app v1', available: true });
  }, 120_000);

  it('rolls back to the first release: the old answer is back', async () => {
    const rel = await http().get(`/api/deployments/${id}/releases`).set(admin.auth);
    const first = rel.body.find((r: { commit: string }) => r.commit === commit1);
    const res = await http()
      .post(`/api/deployments/${id}/rollback`)
      .set(admin.auth)
      .send({ releaseId: first.id });
    expect(res.status).toBe(202);
    const job = await waitJob(res.body.id);
    expect(job.status).toBe('succeeded');
    expect(await app()).toBe(`v1 ${commit1} ${SECRET}`);
    const d = await http().get(`/api/deployments/${id}`).set(admin.auth);
    expect(d.body).toMatchObject({ status: 'RUNNING', currentReleaseId: first.id });
  }, 120_000);

  it('a build that fails ends FAILED with the failing command output; the old release keeps running', async () => {
    const patch = await http().patch(`/api/deployments/${id}`).set(admin.auth).send({
      buildCommand:
        'echo "compiling $APP_GREETING"; echo "error TS2304: cannot find name" >&2; exit 7',
    });
    expect(patch.status).toBe(200);
    t.git.push('v3');
    const start = await http().post(`/api/deployments/${id}/deploy`).set(admin.auth);
    const job = await waitJob(start.body.id);
    expect(job.status).toBe('failed');
    const d = await http().get(`/api/deployments/${id}`).set(admin.auth);
    expect(d.body).toMatchObject({ status: 'FAILED', failedStep: 'build' });
    expect(d.body.error).toContain('error TS2304: cannot find name');
    expect(d.body.error).toContain('exit 7');
    expect(d.body.error).toContain('compiling ***');
    expect(JSON.stringify(d.body)).not.toContain(SECRET);
    expect(JSON.stringify(job)).not.toContain(SECRET);
    expect(await app()).toBe(`v1 ${commit1} ${SECRET}`);
    const rel = await http().get(`/api/deployments/${id}/releases`).set(admin.auth);
    expect(rel.body[0]).toMatchObject({ status: 'FAILED', failedStep: 'build' });
  }, 120_000);

  it('statistics count the company deployment and its releases', async () => {
    const res = await http().get('/api/deployments/stats').set(admin.auth);
    expect(res.status).toBe(200);
    expectApiResponse('GET /deployments/stats', res);
    expect(res.body.total).toBeGreaterThanOrEqual(1);
    expect(res.body.byCompany).toEqual(
      expect.arrayContaining([{ companyId: t.companyId, total: 1, running: 0 }]),
    );
    expect(res.body.successRate).toBeGreaterThan(0);
    expect(res.body.successRate).toBeLessThan(1);
    expect(res.body.medianDeployMs).toBeGreaterThan(0);
  });

  it('every Proxmox call was a documented method and path (the guest address read included)', () => {
    expect(t.h.contract.violations).toEqual([]);
    expect([...t.h.contract.seen]).toContainEqual(
      expect.stringMatching(/^GET \/nodes\/[^/]+\/qemu\/…\/agent\/network-get-interfaces$/),
    );
  });

  it('the company admin lists the deployment', async () => {
    const res = await http()
      .get('/api/deployments')
      .set(admin.auth)
      .query({ companyId: t.companyId });
    expectApiResponse('GET /deployments', res);
    expect(res.body.items.map((d: { id: string }) => d.id)).toContain(id);
  });

  it('another company sees none of it (404)', async () => {
    const other = await t.h.ctx.newCompany();
    const admin2 = await t.h.ctx.login(
      await t.h.ctx.newUser({ role: 'company_admin', companyId: other.id }),
    );
    expect((await http().get(`/api/deployments/${id}`).set(admin2.auth)).status).toBe(404);
    expect((await http().post(`/api/deployments/${id}/deploy`).set(admin2.auth)).status).toBe(404);
    const list = await http().get('/api/deployments').set(admin2.auth);
    expect(list.body.total).toBe(0);
  });
});
