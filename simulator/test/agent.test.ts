import { startSimulator, type RunningSimulator } from '../src';
import { guestAgentRunning } from '../src/world/agent';
import type { Guest } from '../src/world/types';
import { PveTestClient } from './pve-client';

// Real estates have many running VMs whose guest OS runs no qemu-guest-agent; PVE answers their agent
// calls with HTTP 500 "QEMU guest agent is not running". The simulator makes it a property of each VM.

describe('per-guest QEMU guest agent', () => {
  let sim: RunningSimulator;
  let api: PveTestClient;

  beforeAll(async () => {
    sim = await startSimulator({ quiet: true, taskSpeed: 0, guests: 60, consoleQemu: false });
    api = new PveTestClient(sim.clusters[0].url, sim.certPem);
    await api.login();
  });
  afterAll(() => sim.close());

  const guests = () => [...sim.runtimes[0].state.guests.values()];
  const runningVms = () =>
    guests().filter((g) => g.type === 'qemu' && g.status === 'running' && !g.config.template);
  const ping = (g: Pick<Guest, 'node' | 'vmid'>) =>
    api.post(`/nodes/${g.node}/qemu/${g.vmid}/agent/ping`);
  const simCtl = (path: string, params: Record<string, string | number> = {}, method = 'POST') =>
    api.request<Record<string, unknown>>(method, path, params, { raw: true });
  const startVm = async (g: Pick<Guest, 'node' | 'vmid'>) =>
    api.waitTask(await api.ok(api.post<string>(`/nodes/${g.node}/qemu/${g.vmid}/status/start`)));

  it('seeds some running VMs with a working agent and some without, deterministically', async () => {
    const answers = await Promise.all(
      runningVms().map(async (g) => [g.vmid, await ping(g)] as const),
    );
    const ok = answers.filter(([, r]) => r.status === 200).map(([id]) => id);
    const silent = answers.filter(([, r]) => r.status !== 200);
    expect(ok.length).toBeGreaterThan(0);
    expect(silent.length).toBeGreaterThan(0);
    for (const [, r] of silent) {
      expect(r.status).toBe(500);
      expect(r.statusMessage).toBe('QEMU guest agent is not running');
      expect(r.body).toEqual({ data: null, message: 'QEMU guest agent is not running\n' });
    }
    // the same seed gives the same estate
    const again = await startSimulator({ quiet: true, guests: 60, consoleQemu: false, port: 0 });
    try {
      const twin = [...again.runtimes[0].state.guests.values()];
      expect(
        twin
          .filter((g) => runningVms().some((x) => x.vmid === g.vmid) && guestAgentRunning(g))
          .map((g) => g.vmid),
      ).toEqual(ok);
    } finally {
      await again.close();
    }
    const status = await simCtl('/_sim/status', {}, 'GET');
    expect(status.body.data).toMatchObject({
      guestAgents: { answering: ok.length, notRunning: silent.length },
    });
  });

  it('every agent endpoint answers the same way for a VM without an agent', async () => {
    const g = runningVms()[0];
    await simCtl(`/_sim/guests/${g.vmid}/agent`, { running: 0 });
    for (const [method, path] of [
      ['GET', 'network-get-interfaces'],
      ['GET', 'get-osinfo'],
      ['GET', 'info'],
      ['POST', 'exec'],
    ] as const) {
      const r = await api.request(method, `/nodes/${g.node}/qemu/${g.vmid}/agent/${path}`, {
        ...(path === 'exec' ? { command: 'uptime' } : {}),
      });
      expect([path, r.status, r.statusMessage]).toEqual([
        path,
        500,
        'QEMU guest agent is not running',
      ]);
    }
  });

  it('is switched per guest through /_sim and reported there', async () => {
    const g = runningVms()[1];
    const off = await simCtl(`/_sim/guests/${g.vmid}/agent`, { running: 0 });
    expect(off.body.data).toMatchObject({
      vmid: g.vmid,
      agent: { configured: true, enabled: true, running: false },
    });
    expect((await ping(g)).status).toBe(500);
    await simCtl(`/_sim/guests/${g.vmid}/agent`, { running: 1 });
    expect((await ping(g)).status).toBe(200);
    const ifaces = await api.ok(
      api.get<{ result: Array<{ name: string }> }>(
        `/nodes/${g.node}/qemu/${g.vmid}/agent/network-get-interfaces`,
      ),
    );
    expect(ifaces.result.map((i) => i.name)).toEqual(['lo', 'eth0']);
    expect((await simCtl(`/_sim/guests/${g.vmid}`, {}, 'GET')).body.data).toMatchObject({
      agent: { running: true },
    });
    const ct = guests().find((x) => x.type === 'lxc')!;
    expect((await simCtl(`/_sim/guests/${ct.vmid}/agent`, { running: 1 })).status).toBe(400);
    expect((await simCtl('/_sim/guests/99999/agent', { running: 1 })).status).toBe(404);
    expect((await simCtl(`/_sim/guests/${g.vmid}/agent`, { running: 2 })).status).toBe(400);
  });

  it('reports the address set through /_sim/guests/<vmid>/address on eth0 (a real SSH endpoint)', async () => {
    const g = runningVms()[3];
    await simCtl(`/_sim/guests/${g.vmid}/agent`, { running: 1 });
    const eth0 = async () =>
      (
        await api.ok(
          api.get<{
            result: Array<{ name: string; 'ip-addresses': Array<{ 'ip-address': string }> }>;
          }>(`/nodes/${g.node}/qemu/${g.vmid}/agent/network-get-interfaces`),
        )
      ).result.find((i) => i.name === 'eth0')!['ip-addresses'][0]['ip-address'];
    const generated = await eth0();
    expect(
      (await simCtl(`/_sim/guests/${g.vmid}/address`, { ip: '127.0.0.1' })).body.data,
    ).toMatchObject({
      reportedAddress: '127.0.0.1',
    });
    expect(await eth0()).toBe('127.0.0.1');
    expect((await simCtl(`/_sim/guests/${g.vmid}/address`, { ip: 'not-an-ip' })).status).toBe(400);
    await simCtl(`/_sim/guests/${g.vmid}/address`, {});
    expect(await eth0()).toBe(generated);
  });

  it("answers PVE's other errors first: no agent key, agent disabled, VM stopped, VM paused", async () => {
    const g = runningVms()[2];
    await simCtl(`/_sim/guests/${g.vmid}/agent`, { running: 1 });
    const msg = async () => (await ping(g)).statusMessage;
    await api.ok(api.put(`/nodes/${g.node}/qemu/${g.vmid}/config`, { agent: '0' }));
    expect(await msg()).toBe('QEMU guest agent is not running');
    await api.ok(api.put(`/nodes/${g.node}/qemu/${g.vmid}/config`, { delete: 'agent' }));
    expect(await msg()).toBe('No QEMU guest agent configured');
    await api.ok(api.put(`/nodes/${g.node}/qemu/${g.vmid}/config`, { agent: 'enabled=1' }));
    expect((await ping(g)).status).toBe(200);
    await api.waitTask(
      await api.ok(api.post<string>(`/nodes/${g.node}/qemu/${g.vmid}/status/suspend`)),
    );
    expect(await msg()).toBe('QEMU guest agent is not running');
    await api.waitTask(
      await api.ok(api.post<string>(`/nodes/${g.node}/qemu/${g.vmid}/status/stop`)),
    );
    expect(await msg()).toBe(`VM ${g.vmid} is not running`);
  });

  it('a VM installed from an ISO has no agent; a clone of a cloud template has one', async () => {
    const iso = { node: 'pve1', vmid: 810 };
    await api.waitTask(
      await api.ok(
        api.post<string>('/nodes/pve1/qemu', {
          vmid: iso.vmid,
          scsi0: 'local-lvm:8',
          ide2: 'local:iso/debian-12.7.0-amd64-netinst.iso,media=cdrom',
          agent: '1',
        }),
      ),
    );
    await startVm(iso);
    expect((await ping(iso)).statusMessage).toBe('QEMU guest agent is not running');
    const clone = { node: 'pve1', vmid: 811 };
    await api.waitTask(
      await api.ok(api.post<string>('/nodes/pve1/qemu/9000/clone', { newid: clone.vmid })),
    );
    await startVm(clone);
    expect((await ping(clone)).status).toBe(200);
  });
});
