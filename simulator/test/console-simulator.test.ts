import { startSimulator, type RunningSimulator } from '../src';
import { fetchFirstFrame, RfbClient, TermproxyClient, WsRefusedError } from '../src/console';
import { findExecutable } from '../src/console/qemu-manager';
import { PveTestClient } from './pve-client';

const qemu = findExecutable('qemu-system-x86_64');

interface ProxyAnswer {
  user: string;
  ticket: string;
  port: number | string;
  upid: string;
  password?: string;
  cert?: string;
}

/** The whole path a Proxmox client takes: login → vncproxy/termproxy → wss vncwebsocket. */
for (const withQemu of [false, true]) {
  const dd = withQemu && !qemu ? describe.skip : describe;
  dd(`console through the HTTPS API (${withQemu ? 'real QEMU' : 'built-in RFB'})`, () => {
    let sim: RunningSimulator;
    let api: PveTestClient;

    beforeAll(async () => {
      sim = await startSimulator({
        quiet: true,
        guests: 12,
        taskSpeed: 0.05,
        consoleQemu: withQemu,
      });
      api = new PveTestClient(sim.clusters[0].url, sim.certPem);
      await api.login();
    });
    afterAll(() => sim.close());

    const running = (kind: 'qemu' | 'lxc') =>
      [...sim.runtimes[0].state.guests.values()].find(
        (g) => g.type === kind && !g.config.template && g.status === 'running' && !g.lock,
      )!;

    const wsUrl = (path: string, a: ProxyAnswer) =>
      `${sim.clusters[0].url.replace(/^https/, 'wss')}/api2/json${path}/vncwebsocket?port=${a.port}&vncticket=${encodeURIComponent(a.ticket)}`;
    const wsOptions = () => ({
      ca: sim.certPem,
      headers: { Cookie: `PVEAuthCookie=${encodeURIComponent(api.creds.ticket!)}` },
    });

    it('vncproxy + vncwebsocket: RFB handshake with the one-time password and a framebuffer update', async () => {
      const vm = running('qemu');
      const path = `/nodes/${vm.node}/qemu/${vm.vmid}`;
      const r = await api.post<ProxyAnswer>(`${path}/vncproxy`, {
        websocket: 1,
        'generate-password': 1,
      });
      expect(r.status).toBe(200);
      const a = r.body.data;
      expect(a.password).toMatch(/^[!-~]{8}$/);
      expect(a.ticket.startsWith(`${a.password}:PVEVNC:`)).toBe(true);
      expect(Number(a.port)).toBeGreaterThanOrEqual(5900);
      expect(a.upid).toMatch(/^UPID:/);
      const frame = await fetchFirstFrame(wsUrl(path, a), {
        password: a.password!,
        wsOptions: wsOptions(),
      });
      expect(frame.rect.nonZeroPixels).toBeGreaterThan(0);
      if (withQemu) expect(frame.server.name).toMatch(/^QEMU \(/);
      else expect(frame.server).toMatchObject({ width: 800, height: 600 });
    });

    it('refuses the websocket without API authentication and a reused ticket', async () => {
      const vm = running('qemu');
      const path = `/nodes/${vm.node}/qemu/${vm.vmid}`;
      const a = (
        await api.post<ProxyAnswer>(`${path}/vncproxy`, { websocket: 1, 'generate-password': 1 })
      ).body.data;
      await expect(
        RfbClient.connect(wsUrl(path, a), {
          password: a.password!,
          wsOptions: { ca: sim.certPem },
        }),
      ).rejects.toMatchObject({ statusCode: 401 });
      const c = await RfbClient.connect(wsUrl(path, a), {
        password: a.password!,
        wsOptions: wsOptions(),
      });
      const again = RfbClient.connect(wsUrl(path, a), {
        password: a.password!,
        wsOptions: wsOptions(),
      });
      await expect(again).rejects.toBeInstanceOf(WsRefusedError);
      await c.close();
    });

    if (!withQemu) {
      it('termproxy on a container: log in with user:ticket and echo', async () => {
        const ct = running('lxc');
        const path = `/nodes/${ct.node}/lxc/${ct.vmid}`;
        const a = (await api.post<ProxyAnswer>(`${path}/termproxy`)).body.data;
        const t = await TermproxyClient.connect(wsUrl(path, a), {
          user: a.user,
          ticket: a.ticket,
          wsOptions: wsOptions(),
        });
        await t.waitFor(/# $/);
        t.resize(100, 30);
        t.clearOutput();
        t.send('echo hello\r');
        await t.waitFor('\r\nhello\r\n');
        await t.close();
      });

      it('node shell via POST /nodes/{node}/termproxy', async () => {
        const node = sim.runtimes[0].state.nodes[0].name;
        const a = (await api.post<ProxyAnswer>(`/nodes/${node}/termproxy`)).body.data;
        const t = await TermproxyClient.connect(wsUrl(`/nodes/${node}`, a), {
          user: a.user,
          ticket: a.ticket,
          wsOptions: wsOptions(),
        });
        await t.waitFor(`root@${node}:~# `);
        await t.close();
      });
    }
  });
}
