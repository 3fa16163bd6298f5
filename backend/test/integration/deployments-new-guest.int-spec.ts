import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { LoggedIn } from '../helpers/test-context';
import { describeDeployments, freePort } from './deployments-harness';

// Issue 24, a deployment onto a guest it creates: the VM create flow (template clone, cloud-init
// SSH key, IPAM address, automatic placement) runs as a job, the first release waits for it and
// deploys to the simulator's new guest, which is the real SSH server (/_sim/ssh-endpoint: its agent
// reports 127.0.0.1, its cloud-init keys land in the test user's authorized_keys). The app's output
// is streamed on request; deleting the deployment destroys the guest.

const SECRET = 'sekret-new-guest-value-42';

/** An app that logs every request (and its secret, which must come out redacted). */
const LOGGING_APP = [
  "const http = require('http');",
  "console.log('booting with', process.env.APP_SECRET, 'on', process.env.APP_DOMAIN);",
  'http',
  '  .createServer((req, res) => {',
  "    console.log('request', req.url);",
  "    res.end(['new', process.env.MULTPANEL_COMMIT, process.env.APP_DOMAIN].join(' '));",
  '  })',
  "  .listen(Number(process.env.PORT), '0.0.0.0');",
  '',
].join('\n');

describeDeployments('deployments: a new guest created by the deployment', (t) => {
  let admin: LoggedIn;
  let templateId: string;
  let rangeId: string;
  let appPort: number;
  let commit: string;
  let id: string;
  let guestId: string;

  beforeAll(async () => {
    admin = t.admin;
    appPort = await freePort();
    const scan = await http().post('/api/templates/scan').set(admin.auth).send({
      clusterId: t.h.clusterId,
    });
    expect((await t.h.waitJob(scan.body.job.id)).status).toBe('succeeded');
    const list = await http()
      .get('/api/templates')
      .query({ clusterId: t.h.clusterId, pageSize: 200 })
      .set(admin.auth);
    templateId = list.body.items.find(
      (x: { kind: string; clusterId: string }) =>
        x.kind === 'qemu' && x.clusterId === t.h.clusterId,
    ).id;
    await http()
      .put(`/api/templates/${templateId}`)
      .set(admin.auth)
      .send({ allowedCompanyIds: [t.companyId] });
    const range = await http()
      .post('/api/ipam/ranges')
      .set(admin.auth)
      .send({
        name: 'Apps',
        cidr: '192.168.88.0/28',
        companyId: t.companyId,
        gateway: '192.168.88.1',
        clusterIds: [t.h.clusterId],
      });
    expect(range.status).toBe(201);
    rangeId = range.body.id;
    // Guests created from now on are the test's sshd, for its throwaway user (who owns the file).
    t.sshd.writeAuthorizedKeys([]);
    t.h.rt.state.sshEndpoint = { address: '127.0.0.1', keysFile: t.sshd.authorizedKeysPath };
    commit = t.git.pushSource(LOGGING_APP, 'logging app');
  }, 180_000);

  const http = () => t.http();
  const waitJob = (jobId: string) => t.waitJob(jobId);

  function newTarget(over: Record<string, unknown> = {}) {
    return {
      type: 'new',
      kind: 'qemu',
      source: { type: 'template', templateId },
      cores: 1,
      memoryMb: 512,
      diskGb: 8,
      networks: [{ bridge: 'vmbr0', ipamRangeId: rangeId }],
      sshUser: t.sshd.user,
      sshPort: t.sshd.port,
      ...over,
    };
  }

  function body(name: string, port: number, over: Record<string, unknown> = {}) {
    return {
      companyId: t.companyId,
      name,
      repoUrl: t.git.url,
      ref: 'main',
      framework: 'express',
      target: newTarget(),
      port,
      buildCommand: 'true',
      installCommand: 'true',
      domain: 'shop.example.test',
      env: [{ key: 'APP_SECRET', value: SECRET, secret: true }],
      ...over,
    };
  }

  it('creates the guest through the VM create flow, waits for it and reaches RUNNING', async () => {
    const res = await http().post('/api/deployments').set(admin.auth).send(body('fresh', appPort));
    expect(res.status).toBe(201);
    expect(res.body.target).toMatchObject({ type: 'new', sshUser: t.sshd.user });
    // Nothing to paste anywhere: the first release was started with the guest's creation.
    expect(res.body.lastJobId).toEqual(expect.any(String));
    expect(res.body.status).toBe('PENDING');
    id = res.body.id;
    guestId = res.body.target.guestId;
    t.appDir('fresh');

    const j = await waitJob(res.body.lastJobId);
    expect(j.error).toBeNull();
    expect(j.status).toBe('succeeded');
    const text = await (await fetch(`http://127.0.0.1:${appPort}/`)).text();
    expect(text).toBe(`new ${commit} shop.example.test`);

    // The guest: the company's, made by a vm.create job from the template, its NIC on the IPAM
    // range, the deployment's key given by cloud-init for the SSH user.
    const guest = await t.h.ctx.prisma.guest.findUniqueOrThrow({ where: { id: guestId } });
    expect(guest).toMatchObject({ companyId: t.companyId, name: 'app-fresh', goneAt: null });
    const sim = t.h.rt.state.guests.get(guest.vmid!)!;
    expect(sim.status).toBe('running');
    expect(sim.config.ipconfig0).toBe('ip=192.168.88.2/28,gw=192.168.88.1');
    expect(sim.config.ciuser).toBe(t.sshd.user);
    const key = (res.body.accessPublicKey as string).trim();
    expect(decodeURIComponent(String(sim.config.sshkeys)).trim()).toBe(key);
    expect(t.sshd.authorizedKeys().map((k) => k.trim())).toContain(key);
    const create = await t.h.ctx.prisma.job.findFirstOrThrow({
      where: { guestId, type: 'vm.create' },
    });
    expect(create.status).toBe('succeeded');

    const d = await http().get(`/api/deployments/${id}`).set(admin.auth);
    expect(d.body).toMatchObject({
      status: 'RUNNING',
      hostKeyFingerprint: t.sshd.hostKeyFingerprint,
    });
    const rel = await http().get(`/api/deployments/${id}/releases`).set(admin.auth);
    expect(rel.body[0]).toMatchObject({ trigger: 'create', status: 'SUCCEEDED', commit });
    // The domain: in the app's env (the answer above) and an Nginx server block beside the app.
    const site = execFileSync('cat', [join(t.sshd.home, 'multpanel/apps/fresh/nginx.conf')]);
    expect(site.toString()).toContain('server_name shop.example.test;');
    expect(site.toString()).toContain(`proxy_pass http://127.0.0.1:${appPort};`);
  }, 180_000);

  it("streams the app's output as it comes, redacted, only to callers who see the deployment", async () => {
    const other = await t.h.ctx.newCompany();
    const stranger = await t.h.ctx.login(
      await t.h.ctx.newUser({ role: 'company_admin', companyId: other.id }),
    );
    const foreign = await fetch(`${t.h.ctx.baseUrl}/api/deployments/${id}/app-logs/stream`, {
      headers: stranger.auth,
    });
    expect(foreign.status).toBe(404);
    await foreign.body?.cancel();

    const ac = new AbortController();
    const res = await fetch(`${t.h.ctx.baseUrl}/api/deployments/${id}/app-logs/stream?lines=20`, {
      headers: admin.auth,
      signal: ac.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    let seen = '';
    const lines = (): string[] =>
      seen
        .split('\n\n')
        .slice(0, -1) // complete frames only
        .filter((f) => f.startsWith('data: '))
        .map((f) => JSON.parse(f.slice(6)) as string);
    // One read in flight at a time: a read left behind by a time-out would swallow its chunk.
    let pending: ReturnType<typeof reader.read> | null = null;
    const until = async (pred: () => boolean, what: string) => {
      const end = Date.now() + 30_000;
      while (!pred()) {
        if (Date.now() > end) throw new Error(`never saw ${what}; got ${seen}`);
        pending ??= reader.read();
        const r = await Promise.race([
          pending,
          new Promise<null>((resolve) => setTimeout(() => resolve(null), 1000)),
        ]);
        if (!r) continue;
        pending = null;
        if (r.done) throw new Error(`stream ended before ${what}: ${seen}`);
        seen += Buffer.from(r.value).toString('utf8');
      }
    };
    try {
      // The last lines first (the boot line, its secret redacted)...
      await until(() => lines().some((l) => l.startsWith('booting with')), 'the boot line');
      expect(lines()).toContain('booting with *** on shop.example.test');
      // ...then what the app writes from now on.
      const path = `/live-${Date.now()}`;
      await fetch(`http://127.0.0.1:${appPort}${path}`).then((r) => r.text());
      await until(() => lines().includes(`request ${path}`), 'the live request line');
      expect(seen).not.toContain(SECRET);
    } finally {
      ac.abort();
      await reader.cancel().catch(() => undefined);
    }
    // The follower on the guest ends with the stream (its pty hung up).
    const end = Date.now() + 10_000;
    for (;;) {
      const n = Number(
        execFileSync('sh', ['-c', `pgrep -u ${t.sshd.user} -x tail | wc -l`])
          .toString()
          .trim(),
      );
      if (n === 0) break;
      if (Date.now() > end) throw new Error(`${n} tail process(es) still run on the guest`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }, 60_000);

  it('a guest whose creation fails fails the first release at its provision step', async () => {
    t.h.failNextTasks(1);
    const res = await http()
      .post('/api/deployments')
      .set(admin.auth)
      .send(
        body('broken', await freePort(), {
          target: newTarget({ networks: [{ bridge: 'vmbr0' }] }),
        }),
      );
    expect(res.status).toBe(201);
    const j = await waitJob(res.body.lastJobId);
    expect(j.status).toBe('failed');
    const d = await http().get(`/api/deployments/${res.body.id}`).set(admin.auth);
    expect(d.body).toMatchObject({ status: 'FAILED', failedStep: 'provision' });
    expect(d.body.error).toMatch(/creating the guest failed/);
    // Delete: the guest never came to be; the deployment goes without a destroy.
    const del = await http().delete(`/api/deployments/${res.body.id}`).set(admin.auth);
    expect(del.status).toBe(202);
    expect((await waitJob(del.body.id)).status).toBe('succeeded');
    expect((await http().get(`/api/deployments/${res.body.id}`).set(admin.auth)).status).toBe(404);
  }, 120_000);

  it('bad new-guest targets are 4xx before anything is created', async () => {
    const vmFromIso = await http()
      .post('/api/deployments')
      .set(admin.auth)
      .send(
        body('bad-one', 3999, {
          target: newTarget({ kind: 'qemu', source: { type: 'iso', isoVolid: 'local:iso/x.iso' } }),
        }),
      );
    expect(vmFromIso.status).toBe(400);
    // A container cloned from a CT template could not get its key: only ostemplate creates.
    const lxcClone = await http()
      .post('/api/deployments')
      .set(admin.auth)
      .send(body('bad-lxc', 3999, { target: newTarget({ kind: 'lxc' }) }));
    expect(lxcClone.status).toBe(400);
    const guestsOfCluster = () =>
      t.h.ctx.prisma.guest.count({ where: { clusterId: t.h.clusterId } });
    const before = await guestsOfCluster();
    const foreignRange = await http()
      .post('/api/deployments')
      .set(admin.auth)
      .send(
        body('bad-two', 3999, {
          companyId: (await t.h.ctx.newCompany()).id,
        }),
      );
    expect(foreignRange.status).toBeGreaterThanOrEqual(400);
    expect(foreignRange.status).toBeLessThan(500);
    expect(await guestsOfCluster()).toBe(before);
  });

  it('delete destroys the guest the deployment created', async () => {
    const guest = await t.h.ctx.prisma.guest.findUniqueOrThrow({ where: { id: guestId } });
    const res = await http().delete(`/api/deployments/${id}`).set(admin.auth);
    expect(res.status).toBe(202);
    const j = await waitJob(res.body.id);
    expect(j.error).toBeNull();
    expect(j.status).toBe('succeeded');
    expect((await http().get(`/api/deployments/${id}`).set(admin.auth)).status).toBe(404);
    const after = await t.h.ctx.prisma.guest.findUniqueOrThrow({ where: { id: guestId } });
    expect(after.goneAt).not.toBeNull();
    expect(t.h.rt.state.guests.has(guest.vmid!)).toBe(false);
    const del = await t.h.ctx.prisma.job.findFirstOrThrow({
      where: { guestId, type: 'vm.delete' },
    });
    expect(del.status).toBe('succeeded');
    // Its IPAM address is held, not handed out again at once.
    const held = await t.h.ctx.prisma.ipAddress.findFirstOrThrow({
      where: { rangeId, address: '192.168.88.2' },
    });
    expect(held.status).toBe('held');
  }, 120_000);

  it('every Proxmox call was a documented method and path', () => {
    expect(t.h.contract.violations).toEqual([]);
  });
});
