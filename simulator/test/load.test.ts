import { startSimulator, type RunningSimulator } from '../src';
import { PveTestClient } from './pve-client';

// Monitoring tests drive a guest's CPU through /_sim/guests/{vmid}/load and read it back the way the
// platform does: from /cluster/resources.

describe('per-guest CPU load knob', () => {
  let sim: RunningSimulator;
  let api: PveTestClient;

  beforeAll(async () => {
    sim = await startSimulator({ quiet: true, taskSpeed: 0, guests: 20, consoleQemu: false });
    api = new PveTestClient(sim.clusters[0].url, sim.certPem);
    await api.login();
  });
  afterAll(() => sim.close());

  const simCtl = (path: string, params: Record<string, string | number> = {}) =>
    api.request<Record<string, unknown>>('POST', path, params, { raw: true });
  const cpuOf = async (vmid: number) => {
    const rows = await api.ok(
      api.get<Array<{ vmid?: number; cpu?: number }>>('/cluster/resources', { type: 'vm' }),
    );
    return rows.find((r) => r.vmid === vmid)?.cpu;
  };
  const running = () =>
    [...sim.runtimes[0].state.guests.values()].find(
      (g) => g.status === 'running' && !g.config.template,
    )!;

  it('reports the set load in /cluster/resources until cleared or reset', async () => {
    const g = running();
    const set = await simCtl(`/_sim/guests/${g.vmid}/load`, { cpu: 0.97 });
    expect(set.status).toBe(200);
    expect(set.body.data).toMatchObject({ vmid: g.vmid, cpuLoad: 0.97 });
    expect(await cpuOf(g.vmid)).toBe(0.97);
    await simCtl(`/_sim/guests/${g.vmid}/load`);
    expect(await cpuOf(g.vmid)).not.toBe(0.97);
    await simCtl(`/_sim/guests/${g.vmid}/load`, { cpu: 0.5 });
    await simCtl('/_sim/reset');
    expect(await cpuOf(g.vmid)).not.toBe(0.5);
  });

  it('refuses a load outside 0..1 and an unknown guest', async () => {
    expect((await simCtl(`/_sim/guests/${running().vmid}/load`, { cpu: 2 })).status).toBe(400);
    expect((await simCtl('/_sim/guests/99999/load', { cpu: 0.5 })).status).toBe(404);
  });
});
