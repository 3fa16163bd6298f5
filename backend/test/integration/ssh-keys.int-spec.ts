import { Logger, Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SSH_KEY_HEALTH_EVENT, type SshNodeResult } from '@multpanel/contracts';
import { SecretsCipher } from '../../src/common/crypto/secrets-cipher';
import { EVENTS_CHANNEL } from '../../src/common/events/events.publisher';
import { AppConfig } from '../../src/config/app-config';
import { CoreModule } from '../../src/core.module';
import { JobsModule } from '../../src/modules/jobs/jobs.module';
import { SshKeysModule } from '../../src/modules/ssh-keys/ssh-keys.module';
import { SshKeysProcessor } from '../../src/modules/ssh-keys/ssh-keys.processor';
import { SSH_KEY_CONTEXT } from '../../src/modules/ssh-keys/ssh-keys.service';
import { tryKeyLogin } from '../../src/modules/ssh-keys/ssh-remote';
import { expectApiResponse } from '../helpers/api-response';
import { isolatedEnv } from '../helpers/isolated-env';
import { TestContext, type LoggedIn } from '../helpers/test-context';
import { sshSkipReason, SshdFixture } from './ssh-keys-harness';

const skip = sshSkipReason();
if (skip) console.warn(`ssh-keys integration tests skipped: ${skip}`);
const describeSsh = skip ? describe.skip : describe;

describeSsh('SSH key automation against a real OpenSSH server', () => {
  let ctx: TestContext;
  let worker: INestApplicationContext;
  let admin: LoggedIn;
  const sshd = new SshdFixture();
  const foreignLine =
    'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHVzZXJzLW93bi1rZXktdGhhdC1tdXN0LXN0YXk0 someone@laptop';
  let clusterId: string;
  let deadClusterId: string;
  const logged: string[] = [];
  let isolated: Awaited<ReturnType<typeof isolatedEnv>>;

  async function newCluster(name: string, nodes: { name: string; host: string; port: number }[]) {
    const c = await ctx.prisma.cluster.create({
      data: {
        name: ctx.unique(name),
        endpoints: [{ url: 'https://127.0.0.1:1' }],
        authType: 'token',
        authUser: 'root@pam!t',
        // A real envelope: `cli reencrypt-secrets` (another suite) walks every row of this column.
        secret: ctx.app.get(SecretsCipher).encrypt('unused', 'cluster.secret'),
        tags: [],
        sshUser: sshd.user,
      },
    });
    for (const n of nodes) {
      await ctx.prisma.clusterNode.create({
        data: { clusterId: c.id, name: n.name, status: 'online', sshHost: n.host, sshPort: n.port },
      });
    }
    return c.id;
  }

  async function waitJob(jobId: string) {
    for (let i = 0; i < 300; i++) {
      const res = await ctx.http.get(`/api/jobs/${jobId}`).set(admin.auth);
      expect(res.status).toBe(200);
      if (['succeeded', 'failed'].includes(res.body.status)) return res.body;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('job did not finish');
  }

  async function keyRows() {
    const keys = await ctx.prisma.sshKey.findMany({ orderBy: { createdAt: 'asc' } });
    const cipher = ctx.app.get(SecretsCipher);
    return keys.map((k) => ({ ...k, pem: cipher.decrypt(k.privateKey, SSH_KEY_CONTEXT) }));
  }

  const target = () => ({ host: '127.0.0.1', port: sshd.port, username: sshd.user });

  beforeAll(async () => {
    await sshd.start();
    // Own database and Redis prefix: this file's jobs, queues and events never mix with other test
    // files' workers (each worker recovers every tracked job it finds).
    isolated = await isolatedEnv('ssh');
    ctx = await TestContext.create({ env: isolated.env });
    const config = ctx.config;
    @Module({
      imports: [
        CoreModule.forRoot(config),
        JobsModule.forWorker({ strict: false, queues: { tasks: { lockDurationMs: 5000 } } }),
        SshKeysModule.forWorker(),
      ],
      providers: [{ provide: AppConfig, useValue: config }],
    })
    class SshWorkerModule {}
    worker = await NestFactory.createApplicationContext(SshWorkerModule, { logger: false });
    await worker.init();
    for (const level of ['log', 'warn', 'error', 'debug', 'verbose'] as const) {
      jest.spyOn(Logger.prototype, level).mockImplementation(function (...args: unknown[]) {
        logged.push(JSON.stringify(args));
      });
    }
    const user = await ctx.newUser({ role: 'super_admin', companyId: null });
    admin = await ctx.login(user);
    sshd.writeAuthorizedKeys([foreignLine]);
    clusterId = await newCluster('ssh', [{ name: 'n1', host: '127.0.0.1', port: sshd.port }]);
    // A second cluster whose node has nothing listening: errors must be per node, not a 500.
    deadClusterId = await newCluster('ssh-dead', [{ name: 'gone', host: '127.0.0.1', port: 1 }]);
  }, 60_000);

  afterAll(async () => {
    jest.restoreAllMocks();
    await worker?.close();
    await ctx?.close();
    await isolated?.drop();
    await sshd.stop();
  });

  it('creates one active key on first use and shows only its public half', async () => {
    const res = await ctx.http.get('/api/ssh-keys').set(admin.auth);
    expect(res.status).toBe(200);
    expect(res.body.activeKey.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(res.body.activeKey.publicKey).toMatch(/^ssh-ed25519 /);
    expect(JSON.stringify(res.body)).not.toContain('PRIVATE KEY');
    const rows = await ctx.prisma.sshKey.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0].privateKey).not.toContain('PRIVATE KEY');
    const node = res.body.nodes.find((n: { clusterId: string }) => n.clusterId === clusterId);
    expect(node).toMatchObject({
      node: 'n1',
      host: '127.0.0.1',
      port: sshd.port,
      acceptsActive: null,
    });
  });

  it('a wrong password gives a clear per-node error and installs nothing', async () => {
    const res = await ctx.http
      .post(`/api/clusters/${clusterId}/ssh/push`)
      .set(admin.auth)
      .send({ password: 'definitely-wrong' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      expect.objectContaining({ node: 'n1', ok: false, error: 'password rejected' }),
    ]);
    expect(sshd.authorizedKeys()).toEqual([foreignLine]);
  });

  it('push with the right password installs the key, which then logs in', async () => {
    const res = await ctx.http
      .post(`/api/clusters/${clusterId}/ssh/push`)
      .set(admin.auth)
      .send({ password: sshd.password });
    expect(res.status).toBe(200);
    expectApiResponse('POST /clusters/:id/ssh/push', res);
    const [r] = res.body as SshNodeResult[];
    expect(r).toMatchObject({ node: 'n1', ok: true });
    const [key] = await keyRows();
    expect(r.acceptedKeyIds).toEqual([key.id]);
    expect(sshd.authorizedKeys()).toEqual([foreignLine, key.publicKey]);
    expect(await tryKeyLogin(target(), key.pem)).toMatchObject({ ok: true });
    // The host key seen on that first login is pinned.
    const node = await ctx.prisma.clusterNode.findFirst({ where: { clusterId, name: 'n1' } });
    expect(node!.sshHostKey).toBe(sshd.hostKeyFingerprint);

    // Pushing again is idempotent: no duplicate line.
    await ctx.http
      .post(`/api/clusters/${clusterId}/ssh/push`)
      .set(admin.auth)
      .send({ password: sshd.password })
      .expect(200);
    expect(sshd.authorizedKeys()).toEqual([foreignLine, key.publicKey]);
  });

  it('test endpoint reports the accepted keys and latency per node', async () => {
    const res = await ctx.http.post(`/api/clusters/${clusterId}/ssh/test`).set(admin.auth).send({});
    expect(res.status).toBe(200);
    const [key] = await keyRows();
    expect(res.body).toEqual([
      expect.objectContaining({ node: 'n1', ok: true, acceptedKeyIds: [key.id] }),
    ]);
    expect(res.body[0].latencyMs).toBeGreaterThanOrEqual(0);

    const dead = await ctx.http
      .post(`/api/clusters/${deadClusterId}/ssh/test`)
      .set(admin.auth)
      .send({});
    expect(dead.status).toBe(200);
    expect(dead.body[0]).toMatchObject({ node: 'gone', ok: false, acceptedKeyIds: [] });
    expect(dead.body[0].error).toMatch(/refused/);
  });

  it('refuses a node whose host key changed, before sending any credential', async () => {
    const node = await ctx.prisma.clusterNode.findFirstOrThrow({
      where: { clusterId, name: 'n1' },
    });
    const forged = 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    await ctx.prisma.clusterNode.update({ where: { id: node.id }, data: { sshHostKey: forged } });
    try {
      const res = await ctx.http
        .post(`/api/clusters/${clusterId}/ssh/push`)
        .set(admin.auth)
        .send({ password: sshd.password });
      expect(res.status).toBe(200);
      expect(res.body[0]).toMatchObject({ node: 'n1', ok: false });
      expect(res.body[0].error).toContain('host key changed');
      expect(res.body[0].error).toContain(sshd.hostKeyFingerprint);
    } finally {
      await ctx.prisma.clusterNode.update({
        where: { id: node.id },
        data: { sshHostKey: sshd.hostKeyFingerprint },
      });
    }
  });

  it('node SSH target and cluster user are editable; unknown nodes are 404', async () => {
    const res = await ctx.http
      .put(`/api/clusters/${deadClusterId}/nodes/gone/ssh`)
      .set(admin.auth)
      .send({ host: 'localhost', port: 2 });
    expect(res.status).toBe(200);
    expectApiResponse('PUT /clusters/:id/nodes/:id/ssh', res);
    expect(res.body).toMatchObject({
      host: 'localhost',
      port: 2,
      sshHost: 'localhost',
      sshPort: 2,
    });
    await ctx.http
      .put(`/api/clusters/${deadClusterId}/nodes/nope/ssh`)
      .set(admin.auth)
      .send({ host: 'x', port: 22 })
      .expect(404);
    await ctx.http
      .put(`/api/clusters/${deadClusterId}/nodes/gone/ssh`)
      .set(admin.auth)
      .send({ host: "x'; rm -rf /", port: 22 })
      .expect(400);
    const u = await ctx.http
      .put(`/api/clusters/${deadClusterId}/ssh`)
      .set(admin.auth)
      .send({ user: sshd.user });
    expect(u.status).toBe(200);
  });

  it('bulk push runs as a job with per-node results over several clusters', async () => {
    // Start from a clean file so the push really has to add the key.
    sshd.writeAuthorizedKeys([foreignLine]);
    const res = await ctx.http
      .post('/api/bulk-clusters/push-ssh-keys')
      .set(admin.auth)
      .send({ password: sshd.password, clusters: [{ clusterId }, { clusterId: deadClusterId }] });
    expect(res.status).toBe(202);
    const job = await waitJob(res.body.job.id);
    expect(job.status).toBe('succeeded');
    const nodes = job.result.nodes as SshNodeResult[];
    expect(nodes.find((n) => n.node === 'n1')).toMatchObject({ ok: true });
    expect(nodes.find((n) => n.node === 'gone')).toMatchObject({ ok: false });
    const [key] = await keyRows();
    expect(sshd.authorizedKeys()).toEqual([foreignLine, key.publicKey]);

    const unknown = await ctx.http
      .post('/api/bulk-clusters/push-ssh-keys')
      .set(admin.auth)
      .send({ password: 'x', clusters: [{ clusterId: '00000000-0000-7000-8000-000000000000' }] });
    expect(unknown.status).toBe(404);
  });

  it('rotation leaves exactly the new key and never a moment without a working key', async () => {
    const before = await keyRows();
    expect(before.filter((k) => k.status === 'active')).toHaveLength(1);
    const oldKey = before.find((k) => k.status === 'active')!;

    const res = await ctx.http.post('/api/ssh-keys/rotate').set(admin.auth).send();
    expect(res.status).toBe(202);
    expectApiResponse('POST /ssh-keys/rotate', res);
    const jobId = res.body.job.id as string;

    // Probe the node the whole time: some platform key must always log in.
    let probes = 0;
    let finished = false;
    const prober = (async () => {
      while (!finished) {
        const keys = await keyRows();
        let works = false;
        for (const k of keys) {
          if ((await tryKeyLogin(target(), k.pem)).ok) {
            works = true;
            break;
          }
        }
        probes++;
        if (!works)
          throw new Error(`no key worked at probe ${probes}: ${sshd.authorizedKeys().join(' | ')}`);
      }
    })();
    const job = await waitJob(jobId);
    finished = true;
    await prober;
    expect(probes).toBeGreaterThan(0);
    expect(job.status).toBe('succeeded');

    const after = await keyRows();
    const newKey = after.find((k) => k.status === 'active')!;
    expect(newKey.id).not.toBe(oldKey.id);
    expect(job.result.newKeyId).toBe(newKey.id);
    // The dead cluster's node never had a key: it does not hold the old key back.
    expect(job.result.retiredKeyIds).toEqual([oldKey.id]);
    expect(after.find((k) => k.id === oldKey.id)).toMatchObject({ status: 'retired' });
    expect(sshd.authorizedKeys()).toEqual([foreignLine, newKey.publicKey]);
    expect(await tryKeyLogin(target(), oldKey.pem)).toMatchObject({ ok: false });
    expect(await tryKeyLogin(target(), newKey.pem)).toMatchObject({ ok: true });
  });

  it('a rotation row the queue lost does not block the next rotation', async () => {
    const orphan = await ctx.prisma.job.create({
      data: { type: 'ssh-keys.rotate', status: 'running', params: {}, companyId: null },
    });
    const res = await ctx.http.post('/api/ssh-keys/rotate').set(admin.auth).send();
    expect(res.status).toBe(202);
    expect(await ctx.prisma.job.findUnique({ where: { id: orphan.id } })).toMatchObject({
      status: 'failed',
    });
    const job = await waitJob(res.body.job.id);
    expect(job.status).toBe('succeeded');
    const active = (await keyRows()).filter((k) => k.status === 'active');
    expect(active).toHaveLength(1);
    expect(sshd.authorizedKeys()).toEqual([foreignLine, active[0].publicKey]);
  });

  it('health job flags a node whose authorized_keys lost the key', async () => {
    const sub = ctx.redis.client.duplicate();
    const events: { type: string; payload: { node: string; acceptsActive: boolean } }[] = [];
    await sub.subscribe(ctx.redis.key(EVENTS_CHANNEL));
    sub.on('message', (_c, m: string) => events.push(JSON.parse(m)));
    try {
      const processor = worker.get(SshKeysProcessor);
      // Healthy first, so the next check is a change.
      await processor.health();
      let health = await ctx.prisma.sshNodeHealth.findFirst({
        where: { node: { clusterId, name: 'n1' } },
      });
      expect(health).toMatchObject({ acceptsActive: true, lastError: null });

      sshd.writeAuthorizedKeys([foreignLine]);
      const summary = await processor.health();
      expect(summary.failing).toBeGreaterThanOrEqual(1);
      health = await ctx.prisma.sshNodeHealth.findFirst({
        where: { node: { clusterId, name: 'n1' } },
      });
      expect(health).toMatchObject({ acceptsActive: false, acceptedKeyIds: [] });
      expect(health!.lastError).toMatch(/not accepted/);
      expect(health!.lastOkAt!.getTime()).toBeLessThan(health!.lastCheckAt.getTime());

      for (let i = 0; i < 50 && !events.some((e) => e.type === SSH_KEY_HEALTH_EVENT); i++) {
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(events).toContainEqual(
        expect.objectContaining({
          type: SSH_KEY_HEALTH_EVENT,
          payload: expect.objectContaining({ node: 'n1', acceptsActive: false }),
        }),
      );
      const alert = await ctx.prisma.activityLog.findFirst({
        where: { action: 'ssh-keys.health-lost', resourceId: clusterId },
      });
      expect(alert).toMatchObject({ result: 'failure' });

      const overview = await ctx.http.get('/api/ssh-keys').set(admin.auth).expect(200);
      expectApiResponse('GET /ssh-keys', overview);
      expect(
        overview.body.nodes.find((n: { clusterId: string }) => n.clusterId === clusterId),
      ).toMatchObject({
        acceptsActive: false,
      });
    } finally {
      await sub.quit();
    }
  });

  it('the one-time password never reaches the database, Redis, job data or logs', async () => {
    const secret = sshd.password;
    const dbDump = JSON.stringify(
      [
        await ctx.prisma.job.findMany(),
        await ctx.prisma.jobLog.findMany(),
        await ctx.prisma.activityLog.findMany(),
        await ctx.prisma.sshKey.findMany(),
        await ctx.prisma.sshNodeHealth.findMany(),
      ],
      (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v),
    );
    expect(dbDump).toContain('ssh-keys.push'); // the dump does hold the push records
    expect(dbDump).not.toContain(secret);

    const r = ctx.redis.client;
    const keys = await r.keys(`${ctx.redis.key('')}*`);
    expect(keys.length).toBeGreaterThan(0);
    let redisDump = '';
    for (const k of keys) {
      const type = await r.type(k);
      if (type === 'string') redisDump += await r.get(k);
      else if (type === 'hash') redisDump += JSON.stringify(await r.hgetall(k));
      else if (type === 'list') redisDump += JSON.stringify(await r.lrange(k, 0, -1));
      else if (type === 'zset') redisDump += JSON.stringify(await r.zrange(k, 0, -1));
      else if (type === 'set') redisDump += JSON.stringify(await r.smembers(k));
      else if (type === 'stream') redisDump += JSON.stringify(await r.xrange(k, '-', '+'));
    }
    expect(redisDump).toContain('ssh-keys.push-bulk');
    expect(redisDump).not.toContain(secret);
    expect(logged.join('\n')).not.toContain(secret);
  });

  it('customers and salespeople get 403 on every route', async () => {
    const company = await ctx.newCompany();
    const callers = [
      await ctx.newUser({ role: 'company_admin', companyId: company.id }),
      await ctx.newUser({ role: 'user', companyId: company.id }),
      await ctx.newUser({ role: 'salesperson', companyId: null }),
    ];
    for (const u of callers) {
      const { auth } = await ctx.login(u);
      const calls = [
        ctx.http.get('/api/ssh-keys').set(auth),
        ctx.http.post('/api/ssh-keys/rotate').set(auth),
        ctx.http.post(`/api/clusters/${clusterId}/ssh/push`).set(auth).send({ password: 'x' }),
        ctx.http.post(`/api/clusters/${clusterId}/ssh/test`).set(auth).send({}),
        ctx.http.put(`/api/clusters/${clusterId}/ssh`).set(auth).send({ user: 'root' }),
        ctx.http
          .put(`/api/clusters/${clusterId}/nodes/n1/ssh`)
          .set(auth)
          .send({ host: 'h', port: 22 }),
        ctx.http
          .post('/api/bulk-clusters/push-ssh-keys')
          .set(auth)
          .send({ password: 'x', clusters: [{ clusterId }] }),
      ];
      const statuses = (await Promise.all(calls)).map((res) => res.status);
      expect({ role: u.role, statuses }).toEqual({ role: u.role, statuses: calls.map(() => 403) });
    }
    // Nothing was changed by the refused calls.
    expect((await ctx.prisma.cluster.findUnique({ where: { id: clusterId } }))!.sshUser).toBe(
      sshd.user,
    );
  });
});
