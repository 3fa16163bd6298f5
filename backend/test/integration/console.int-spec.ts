import { RfbClient, startSimulator, type RunningSimulator } from '@multpanel/simulator';
import { ConsoleCloseCode, termproxyFrame } from '@multpanel/contracts';
import WebSocket from 'ws';
import { ProxmoxApi } from '../../src/common/proxmox';
import { pveContractChecker } from '../../src/common/proxmox/testing/pve-contract';
import { ClusterConnectionService } from '../../src/modules/clusters/cluster-connection.service';
import { ClustersModule } from '../../src/modules/clusters/clusters.module';
import { ConsoleModule } from '../../src/modules/console/console.module';
import { ConsoleOptions } from '../../src/modules/console/console.options';
import { InventorySyncService } from '../../src/modules/inventory/inventory-sync.service';
import { InventoryModule } from '../../src/modules/inventory/inventory.module';
import type { Company, Guest } from '../../src/generated/prisma/client';
import { TestContext, type LoggedIn } from '../helpers/test-context';

interface Closed {
  code: number;
  reason: string;
}

/** Opens a raw WebSocket and collects what arrives, resolving `closed` with the close frame. */
function openWs(url: string, headers: Record<string, string> = {}) {
  const ws = new WebSocket(url, ['binary'], { headers, perMessageDeflate: false });
  let text = '';
  ws.on('message', (d: Buffer) => (text += d.toString('utf8')));
  const closed = new Promise<Closed>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  ws.on('error', () => undefined);
  return {
    ws,
    closed,
    output: () => text,
    async waitFor(re: RegExp, ms = 15_000): Promise<string> {
      const end = Date.now() + ms;
      while (!re.test(text)) {
        if (Date.now() > end)
          throw new Error(`timeout waiting for ${re}; got ${JSON.stringify(text)}`);
        if (ws.readyState === ws.CLOSED)
          throw new Error(`closed (${JSON.stringify(await closed)}); got ${JSON.stringify(text)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return text;
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Browser consoles through the real app (HTTP + WS), MariaDB and Redis against the in-process
 * simulator (real QEMU VNC when installed). The security cases prove that a refused socket never
 * causes a connection to Proxmox's vncwebsocket.
 */
describe('console (integration)', () => {
  let ctx: TestContext;
  let sim: RunningSimulator;
  let clusterId: string;
  let company: Company;
  let other: Company;
  let vm: Guest;
  let ct: Guest;
  let superAdmin: LoggedIn;
  let customerAdmin: LoggedIn;
  let upgrades = 0;
  const contract = pveContractChecker();

  const wsUrl = (wsPath: string) => `${ctx.baseUrl.replace('http', 'ws')}${wsPath}`;
  const open = (guestId: string, auth: LoggedIn['auth'], headers: Record<string, string> = {}) =>
    ctx.http.post(`/api/vms/${guestId}/console`).set(auth).set(headers);
  const activity = (action: string, resourceId: string) =>
    ctx.prisma.activityLog.findMany({
      where: { action, resourceId },
      orderBy: { createdAt: 'asc' },
    });
  async function eventually<T>(
    fn: () => Promise<T | undefined | null | false>,
    ms = 5000,
  ): Promise<T> {
    const end = Date.now() + ms;
    for (;;) {
      const v = await fn();
      if (v) return v;
      if (Date.now() > end) throw new Error('condition not met in time');
      await sleep(25);
    }
  }

  beforeAll(async () => {
    sim = await startSimulator({
      port: 0,
      clusters: 1,
      nodes: 2,
      guests: 16,
      quiet: true,
      taskSpeed: 0,
    });
    const c = sim.clusters[0];
    const root = ProxmoxApi.create({
      endpoints: [c.url],
      fingerprint: c.fingerprint,
      auth: { type: 'password', username: 'root@pam', password: 'sim-password' },
    });
    const token = await root.createApiToken('root@pam', 'multpanel-console', { privsep: false });
    root.close();

    // Count every vncwebsocket upgrade that reaches the simulator's console service.
    const consoleSvc = sim.runtimes[0].console!;
    const original = consoleSvc.handleUpgrade.bind(consoleSvc);
    consoleSvc.handleUpgrade = (...args) => {
      upgrades++;
      original(...args);
    };

    // One trusted proxy hop, as behind Nginx: X-Forwarded-For decides the client address.
    ctx = await TestContext.create({
      env: { TRUST_PROXY: '1' },
      modules: [ClustersModule, InventoryModule, ConsoleModule],
    });
    ctx.app
      .get(ClusterConnectionService)
      .setClientDecorator((o) => ({ ...o, onRequest: contract.onRequest }));
    superAdmin = await ctx.login(await ctx.newUser({ role: 'super_admin' }));
    const created = await ctx.http
      .post('/api/clusters')
      .set(superAdmin.auth)
      .send({
        name: ctx.unique('console-lab'),
        endpoints: [{ url: c.url, fingerprint: c.fingerprint }],
        credentials: { type: 'token', tokenId: token['full-tokenid'], secret: token.value },
      });
    expect(created.status).toBe(201);
    clusterId = created.body.id;
    expect(await ctx.app.get(InventorySyncService).sync(clusterId)).toMatchObject({ ok: true });

    company = await ctx.newCompany();
    other = await ctx.newCompany();
    const running = (kind: 'qemu' | 'lxc') => {
      const g = [...sim.runtimes[0].state.guests.values()].find(
        (x) => x.type === kind && x.status === 'running' && !x.config.template,
      );
      if (!g) throw new Error(`no running ${kind} in the simulator`);
      return g.vmid;
    };
    vm = await ctx.prisma.guest.findFirstOrThrow({ where: { clusterId, vmid: running('qemu') } });
    ct = await ctx.prisma.guest.findFirstOrThrow({ where: { clusterId, vmid: running('lxc') } });
    await ctx.prisma.guest.updateMany({
      where: { id: { in: [vm.id, ct.id] } },
      data: { companyId: company.id, importedAt: new Date() },
    });
    customerAdmin = await ctx.login(
      await ctx.newUser({ role: 'company_admin', companyId: company.id }),
    );
  }, 60_000);

  afterAll(async () => {
    await ctx?.close();
    await sim?.close();
    expect(contract.violations).toEqual([]);
  });

  it('relays a QEMU screen with VNC auth done by the relay (the browser gets no Proxmox secret)', async () => {
    const res = await open(vm.id, customerAdmin.auth);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      kind: 'vnc',
      token: expect.stringMatching(/^ct_/),
      title: vm.name,
    });
    expect(res.body.wsPath).toBe(`/api/vms/console?token=${res.body.token}`);
    expect(Date.parse(res.body.expiresAt) - Date.now()).toBeLessThanOrEqual(30_000);
    expect(JSON.stringify(res.body)).not.toMatch(/PVEVNC|password/i);

    const before = upgrades;
    // The password given here is never used: the relay offers security type None.
    const client = await RfbClient.connect(wsUrl(res.body.wsPath), {
      password: 'unused!!',
      timeoutMs: 20_000,
    });
    try {
      expect(upgrades).toBe(before + 1);
      expect(client.server.width).toBeGreaterThan(0);
      // With qemu-system-x86_64 installed the screen comes from a real QEMU VNC server.
      const svc = sim.runtimes[0].console as unknown as {
        usesQemu: boolean;
        qemuInstances: number;
      };
      if (svc.usesQemu) expect(svc.qemuInstances).toBeGreaterThanOrEqual(1);
      const rect = await client.waitForNonBlank(20_000);
      expect(rect.nonZeroPixels).toBeGreaterThan(0);
      client.sendCtrlAltDel();
      client.sendClipboard('pasted text');
      // Still alive after the key combination and clipboard.
      const update = await client.requestUpdate(false);
      expect(update.bytes).toBeGreaterThan(0);
    } finally {
      await client.close();
    }

    const [opened] = await eventually(async () => {
      const rows = await activity('console.open', vm.id);
      return rows.length ? rows : null;
    });
    expect(opened).toMatchObject({
      companyId: company.id,
      resourceType: 'guest',
      result: 'success',
    });
    const [closed] = await eventually(async () => {
      const rows = await activity('console.close', vm.id);
      return rows.length ? rows : null;
    });
    expect(closed.details).toMatchObject({
      mode: 'vnc',
      reason: 'browser_closed',
      durationMs: expect.any(Number),
      bytesDown: expect.any(Number),
    });
    expect((closed.details as { bytesDown: number }).bytesDown).toBeGreaterThan(1000);
  }, 60_000);

  it('relays a container shell: the relay logs in, the browser speaks the termproxy framing', async () => {
    const res = await open(ct.id, customerAdmin.auth);
    expect(res.status).toBe(200);
    expect(res.body.kind).toBe('term');
    const term = openWs(wsUrl(res.body.wsPath));
    await new Promise((r) => term.ws.once('open', r));
    term.ws.send(termproxyFrame.resize(100, 30));
    term.ws.send(termproxyFrame.data('echo hello-from-relay\r'));
    await term.waitFor(/hello-from-relay[\s\S]*hello-from-relay/);
    // The relay consumed the termproxy "OK": the output is terminal bytes only.
    expect(term.output().startsWith('OK')).toBe(false);
    term.ws.close(1000);
    expect((await term.closed).code).toBe(1000);
  });

  it('serves a token issued by one API process from another (state lives in Redis only)', async () => {
    const second = await TestContext.create({
      env: { TRUST_PROXY: '1' },
      modules: [ClustersModule, InventoryModule, ConsoleModule],
    });
    try {
      const res = await open(ct.id, customerAdmin.auth);
      const term = openWs(`${second.baseUrl.replace('http', 'ws')}${res.body.wsPath}`);
      await new Promise((r) => term.ws.once('open', r));
      term.ws.send(termproxyFrame.data('echo other-process\r'));
      await term.waitFor(/other-process[\s\S]*other-process/);
      term.ws.close(1000);
      await term.closed;
      // ...and it is spent there too: the first process refuses it now.
      expect((await openWs(wsUrl(res.body.wsPath)).closed).code).toBe(
        ConsoleCloseCode.InvalidToken,
      );
    } finally {
      await second.close();
    }
  });

  it('opens a node shell for platform operators only', async () => {
    const node = sim.runtimes[0].state.nodes[0].name;
    const url = `/api/clusters/${clusterId}/nodes/${node}/console`;
    expect((await ctx.http.post(url).set(customerAdmin.auth)).status).toBe(403);
    const res = await ctx.http.post(url).set(superAdmin.auth);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: 'term', title: `node ${node}` });
    const term = openWs(wsUrl(res.body.wsPath));
    await new Promise((r) => term.ws.once('open', r));
    term.ws.send(termproxyFrame.data('echo node-shell-ok\r'));
    await term.waitFor(/node-shell-ok[\s\S]*node-shell-ok/);
    term.ws.close();
    await term.closed;
  });

  describe('refusals (nothing reaches Proxmox)', () => {
    it('refuses a reused token', async () => {
      const res = await open(ct.id, customerAdmin.auth);
      const first = openWs(wsUrl(res.body.wsPath));
      await new Promise((r) => first.ws.once('open', r));
      first.ws.send(termproxyFrame.data('echo once\r'));
      await first.waitFor(/once[\s\S]*once/);
      first.ws.close();
      await first.closed;

      const before = upgrades;
      const again = openWs(wsUrl(res.body.wsPath));
      expect(await again.closed).toEqual({
        code: ConsoleCloseCode.InvalidToken,
        reason: expect.stringMatching(/expired or already used/),
      });
      expect(upgrades).toBe(before);
    });

    it('refuses an expired token', async () => {
      const options = ctx.app.get(ConsoleOptions);
      const ttl = options.tokenTtlMs;
      options.tokenTtlMs = 300;
      let res;
      try {
        res = await open(vm.id, customerAdmin.auth);
      } finally {
        options.tokenTtlMs = ttl;
      }
      expect(res.status).toBe(200);
      await sleep(600);
      const before = upgrades;
      const late = openWs(wsUrl(res.body.wsPath));
      expect((await late.closed).code).toBe(ConsoleCloseCode.InvalidToken);
      expect(upgrades).toBe(before);
    });

    it('refuses unknown and malformed tokens', async () => {
      const before = upgrades;
      for (const path of [
        '/api/vms/console',
        '/api/vms/console?token=nope',
        `/api/vms/console?token=ct_${'A'.repeat(43)}`,
      ]) {
        expect((await openWs(wsUrl(path)).closed).code).toBe(ConsoleCloseCode.InvalidToken);
      }
      expect(upgrades).toBe(before);
    });

    it('answers 400 to a socket that does not speak the binary subprotocol', async () => {
      const res = await open(ct.id, customerAdmin.auth);
      const before = upgrades;
      const ws = new WebSocket(wsUrl(res.body.wsPath), ['base64'], { perMessageDeflate: false });
      ws.on('error', () => undefined);
      const status = await new Promise<number | undefined>((resolve) =>
        ws.once('unexpected-response', (_req, answer) => resolve(answer.statusCode)),
      );
      expect(status).toBe(400);
      ws.terminate();
      expect(upgrades).toBe(before);
    });

    it('refuses a token used from another client address, without spending it', async () => {
      const res = await open(ct.id, customerAdmin.auth, { 'X-Forwarded-For': '203.0.113.5' });
      expect(res.status).toBe(200);
      const before = upgrades;
      const stolen = openWs(wsUrl(res.body.wsPath), { 'X-Forwarded-For': '198.51.100.7' });
      expect(await stolen.closed).toEqual({
        code: ConsoleCloseCode.Forbidden,
        reason: expect.stringMatching(/another address/),
      });
      expect(upgrades).toBe(before);
      // The owner's console still opens with the same token.
      const owner = openWs(wsUrl(res.body.wsPath), { 'X-Forwarded-For': '203.0.113.5' });
      await new Promise((r) => owner.ws.once('open', r));
      owner.ws.send(termproxyFrame.data('echo still-mine\r'));
      await owner.waitFor(/still-mine[\s\S]*still-mine/);
      owner.ws.close(1000);
      await owner.closed;
      const refused = await eventually(async () => {
        const rows = await activity('console.refused', ct.id);
        return rows.find((r) => r.ip === '198.51.100.7');
      });
      expect(refused.result).toBe('failure');
    });

    it('refuses a token whose user was disabled in between', async () => {
      const user = await ctx.newUser({ role: 'company_admin', companyId: company.id });
      const session = await ctx.login(user);
      const res = await open(ct.id, session.auth);
      expect(res.status).toBe(200);
      await ctx.prisma.user.update({ where: { id: user.id }, data: { status: 'disabled' } });
      const before = upgrades;
      expect((await openWs(wsUrl(res.body.wsPath)).closed).code).toBe(ConsoleCloseCode.Forbidden);
      expect(upgrades).toBe(before);
    });

    it("hides another company's guest (404) and enforces the per-VM console grant for users", async () => {
      const foreignAdmin = await ctx.login(
        await ctx.newUser({ role: 'company_admin', companyId: other.id }),
      );
      const before = upgrades;
      const foreign = await open(vm.id, foreignAdmin.auth);
      expect(foreign.status).toBe(404);
      expect(foreign.body.code).toBe('NOT_FOUND');
      expect((await open('01234567-89ab-7def-8123-456789abcdef', customerAdmin.auth)).status).toBe(
        404,
      );

      const noGrant = await ctx.newUser({ role: 'user', companyId: company.id });
      expect((await open(vm.id, (await ctx.login(noGrant)).auth)).status).toBe(404);

      const userWith = async (rights: string[]) => {
        const u = await ctx.newUser({ role: 'user', companyId: company.id });
        await ctx.prisma.vmGrant.create({
          data: { userId: u.id, companyId: company.id, guestId: ct.id, rights },
        });
        return ctx.login(u);
      };
      const denied = await open(ct.id, (await userWith(['view', 'power'])).auth);
      expect(denied.status).toBe(403);
      expect(denied.body.code).toBe('FORBIDDEN');

      const operator = await userWith(['view', 'console']);
      const allowed = await open(ct.id, operator.auth);
      expect(allowed.status).toBe(200);
      expect(upgrades).toBe(before);
    });
  });

  it('closes an idle session with a reason and logs how long it lasted', async () => {
    const options = ctx.app.get(ConsoleOptions);
    const idle = options.idleTimeoutMs;
    options.idleTimeoutMs = 400;
    try {
      const res = await open(ct.id, customerAdmin.auth);
      const term = openWs(wsUrl(res.body.wsPath));
      await new Promise((r) => term.ws.once('open', r));
      // Keep-alive pings do not count as activity.
      const pinger = setInterval(
        () => term.ws.readyState === term.ws.OPEN && term.ws.send(termproxyFrame.ping),
        100,
      );
      const closed = await term.closed;
      clearInterval(pinger);
      expect(closed).toEqual({
        code: ConsoleCloseCode.IdleTimeout,
        reason: 'closed after inactivity',
      });
      const row = await eventually(async () => {
        const rows = await activity('console.close', ct.id);
        return rows.find((r) => (r.details as { reason?: string }).reason === 'idle');
      });
      expect((row.details as { durationMs: number }).durationMs).toBeGreaterThanOrEqual(400);
    } finally {
      options.idleTimeoutMs = idle;
    }
  });
});
