import { startSimulator, type RunningSimulator } from '../src';
import { PveTestClient } from './pve-client';

/**
 * Two clusters that mount one PBS datastore (under different storage ids) see the same backups:
 * what one writes the other lists and restores from; what one deletes is gone for both.
 */
describe('shared datastores across simulated clusters', () => {
  let sim: RunningSimulator;
  let a: PveTestClient;
  let b: PveTestClient;

  beforeAll(async () => {
    sim = await startSimulator({ quiet: true, taskSpeed: 0.05, guests: 10, clusters: 2 });
    const pbs = {
      type: 'pbs',
      server: 'pbs.test',
      datastore: 'dr',
      content: 'backup',
      shared: 1 as const,
    };
    sim.runtimes[0].state.storages.push({ storage: 'pbs-a', total: 2 ** 40, ...pbs });
    sim.runtimes[1].state.storages.push({ storage: 'pbs-b', total: 2 ** 40, ...pbs });
    // another datastore on the same server is not shared
    sim.runtimes[1].state.storages.push({
      storage: 'other',
      total: 2 ** 40,
      ...pbs,
      datastore: 'x',
    });
    a = new PveTestClient(sim.clusters[0].url, sim.clusters[0].certPem);
    b = new PveTestClient(sim.clusters[1].url, sim.clusters[1].certPem);
    await a.login();
    await b.login();
  });
  afterAll(() => sim.close());

  it('a backup written by cluster A is listed and restorable on cluster B, and deleted for both', async () => {
    const g = [...sim.runtimes[0].state.guests.values()].find(
      (x) => x.type === 'qemu' && !x.config.template && !x.lock,
    )!;
    const upid = await a.ok(
      a.post<string>(`/nodes/${g.node}/vzdump`, {
        vmid: String(g.vmid),
        storage: 'pbs-a',
        'notes-template': '{{guestname}} marker-1',
      }),
    );
    expect((await a.waitTask(upid)).exitstatus).toBe('OK');
    const listed = await b.ok(
      b.get<Array<{ volid: string; notes?: string; vmid: number }>>(
        '/nodes/pve2/storage/pbs-b/content',
        { content: 'backup', vmid: g.vmid },
      ),
    );
    expect(listed).toHaveLength(1);
    expect(listed[0].volid).toMatch(
      new RegExp(`^pbs-b:backup/vm/${g.vmid}/\\d{4}-\\d\\d-\\d\\dT[\\d:]{8}Z$`),
    );
    expect(listed[0].notes).toContain('marker-1');
    expect(
      await b.ok(b.get<unknown[]>('/nodes/pve1/storage/other/content', { content: 'backup' })),
    ).toEqual([]);

    const restore = await b.ok(
      b.post<string>('/nodes/pve1/qemu', {
        vmid: 4200,
        archive: listed[0].volid,
        storage: 'local-lvm',
      }),
    );
    expect((await b.waitTask(restore)).exitstatus).toBe('OK');
    expect(sim.runtimes[1].state.guests.get(4200)?.status).toBe('stopped');

    const mine = await a.ok(
      a.get<Array<{ volid: string }>>(`/nodes/${g.node}/storage/pbs-a/content`, {
        content: 'backup',
        vmid: g.vmid,
      }),
    );
    const del = await a.ok(
      a.del<string>(`/nodes/${g.node}/storage/pbs-a/content/${encodeURIComponent(mine[0].volid)}`),
    );
    expect((await a.waitTask(del)).exitstatus).toBe('OK');
    expect(
      await b.ok(
        b.get<unknown[]>('/nodes/pve1/storage/pbs-b/content', { content: 'backup', vmid: g.vmid }),
      ),
    ).toEqual([]);
  });
});
