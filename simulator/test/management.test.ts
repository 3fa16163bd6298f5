import { startSimulator, type RunningSimulator } from '../src';
import type { Guest } from '../src/world/types';
import { PveTestClient } from './pve-client';

// The endpoints a widely used multi-cluster manager called and got 501 for: metrics export, HA rules,
// groups and manager status, node replication, Ceph views, LVM/thin/ZFS, APT repositories, USB
// mappings, SDN fabrics, the root-only `execute` batch and SPICE.

type Metric = { id: string; metric: string; timestamp: number; type: string; value: number };

describe('management endpoints of PVE 9.1', () => {
  let sim: RunningSimulator;
  let api: PveTestClient;
  let tenant: PveTestClient;

  beforeAll(async () => {
    sim = await startSimulator({ quiet: true, taskSpeed: 0, guests: 30, consoleQemu: false });
    api = new PveTestClient(sim.clusters[0].url, sim.certPem);
    await api.login();
    await api.ok(api.post('/access/users', { userid: 'tenant@pve', password: 'tenant-pass' }));
    tenant = new PveTestClient(sim.clusters[0].url, sim.certPem);
    await tenant.login('tenant@pve', 'tenant-pass');
  });
  afterAll(() => sim.close());

  const guests = () => [...sim.runtimes[0].state.guests.values()];
  const vm = (pred: (g: Guest) => boolean = () => true) =>
    guests().find((g) => g.type === 'qemu' && !g.config.template && !g.lock && pred(g))!;
  const simCtl = (path: string) => api.request('POST', path, {}, { raw: true });

  describe('GET /cluster/metrics/export', () => {
    const exportMetrics = async (params: Record<string, string | number> = {}) =>
      (await api.ok(api.get<{ data: Metric[] }>('/cluster/metrics/export', params))).data;

    it('answers the current metrics of every node, guest and storage, as pvestatd caches them', async () => {
      const rows = await exportMetrics();
      const stamps = new Set(rows.map((r) => r.timestamp));
      expect(stamps.size).toBe(1);
      expect([...stamps][0] % 10).toBe(0);
      const ids = new Set(rows.map((r) => r.id));
      for (const n of ['pve1', 'pve2', 'pve3']) {
        expect(ids.has(`node/${n}`)).toBe(true);
        expect(ids.has(`storage/${n}/local-lvm`)).toBe(true);
      }
      for (const g of guests()) expect(ids.has(`${g.type}/${g.vmid}`)).toBe(true);
      const running = vm((g) => g.status === 'running');
      const stopped = vm((g) => g.status === 'stopped');
      const of = (g: Guest) =>
        rows.filter((r) => r.id === `qemu/${g.vmid}`).map((r) => `${r.metric}:${r.type}`);
      expect(of(running)).toEqual(
        expect.arrayContaining(['cpu_current:gauge', 'net_in:derive', 'mem_total:gauge']),
      );
      expect(of(stopped).sort()).toEqual(
        ['cpu_max:gauge', 'disk_total:gauge', 'mem_total:gauge', 'uptime:gauge'].sort(),
      );
      const mem = rows.find((r) => r.id === 'node/pve1' && r.metric === 'mem_total')!;
      expect(mem.value).toBe(sim.runtimes[0].state.nodes[0].maxmem);
    });

    it('narrows to the local node or a node list, skips offline nodes, refuses unknown ones', async () => {
      const nodesOf = (rows: Metric[]) =>
        [...new Set(rows.filter((r) => r.id.startsWith('node/')).map((r) => r.id))].sort();
      expect(nodesOf(await exportMetrics({ 'local-only': 1 }))).toEqual(['node/pve1']);
      expect(nodesOf(await exportMetrics({ 'node-list': 'pve2,pve3' }))).toEqual([
        'node/pve2',
        'node/pve3',
      ]);
      await simCtl('/_sim/nodes/pve3/offline');
      try {
        expect(nodesOf(await exportMetrics())).toEqual(['node/pve1', 'node/pve2']);
      } finally {
        await simCtl('/_sim/nodes/pve3/online');
      }
      const bad = await api.get('/cluster/metrics/export', { 'node-list': 'pve9' });
      expect([bad.status, bad.statusMessage]).toEqual([
        500,
        'Requested node-list contains unknown nodes - pve9',
      ]);
    });

    it('returns history at 10 s steps after start-time, sorted, and needs Sys.Audit', async () => {
      const start = Math.floor(Date.now() / 1000) - 60;
      const rows = await exportMetrics({ history: 1, 'start-time': start, 'local-only': 1 });
      const stamps = [...new Set(rows.map((r) => r.timestamp))];
      expect(stamps.length).toBeGreaterThanOrEqual(5);
      expect(stamps.length).toBeLessThanOrEqual(7);
      expect(stamps.every((t) => t > start && t % 10 === 0)).toBe(true);
      expect(rows.map((r) => r.timestamp)).toEqual([...rows.map((r) => r.timestamp)].sort());
      expect((await tenant.get('/cluster/metrics/export')).status).toBe(403);
    });
  });

  describe('HA', () => {
    it('creates, filters and deletes node-affinity and resource-affinity rules', async () => {
      expect(await api.ok(api.get('/cluster/ha/rules'))).toEqual([]);
      const [a, b] = [vm(), vm((g) => g.vmid !== vm().vmid)];
      const unmanaged = await api.post('/cluster/ha/rules', {
        rule: 'r1',
        type: 'node-affinity',
        resources: `vm:${a.vmid}`,
        nodes: 'pve1',
      });
      expect(unmanaged.statusMessage).toBe(`cannot use unmanaged resource(s) vm:${a.vmid}.`);
      for (const g of [a, b])
        await api.ok(api.post('/cluster/ha/resources', { sid: `vm:${g.vmid}` }));
      await api.ok(
        api.post('/cluster/ha/rules', {
          rule: 'r1',
          type: 'node-affinity',
          resources: `vm:${a.vmid}`,
          nodes: 'pve2:1,pve1:2',
          strict: 1,
        }),
      );
      await api.ok(
        api.post('/cluster/ha/rules', {
          rule: 'apart',
          type: 'resource-affinity',
          resources: `vm:${b.vmid},vm:${a.vmid}`,
          affinity: 'negative',
        }),
      );
      const rules = await api.ok(api.get<Array<Record<string, unknown>>>('/cluster/ha/rules'));
      expect(rules.map((r) => [r.rule, r.order])).toEqual([
        ['r1', 1],
        ['apart', 2],
      ]);
      expect(rules[0]).toMatchObject({
        type: 'node-affinity',
        resources: `vm:${a.vmid}`,
        nodes: 'pve1:2,pve2:1',
        strict: 1,
      });
      const [lo, hi] = [a.vmid, b.vmid].sort((x, y) => x - y);
      expect(rules[1]).toMatchObject({ resources: `vm:${lo},vm:${hi}`, affinity: 'negative' });
      const byType = await api.ok(
        api.get<unknown[]>('/cluster/ha/rules', { type: 'resource-affinity' }),
      );
      expect(byType).toHaveLength(1);
      const byRes = await api.ok(
        api.get<Array<{ rule: string }>>('/cluster/ha/rules', { resource: `vm:${b.vmid}` }),
      );
      expect(byRes.map((r) => r.rule)).toEqual(['apart']);
      expect(await api.ok(api.get('/cluster/ha/rules/r1'))).toMatchObject({ rule: 'r1' });
      const dup = await api.post('/cluster/ha/rules', {
        rule: 'r1',
        type: 'node-affinity',
        resources: `vm:${a.vmid}`,
        nodes: 'pve1',
      });
      expect(dup.statusMessage).toBe("HA rule 'r1' already defined");
      const ghost = await api.post('/cluster/ha/rules', {
        rule: 'r2',
        type: 'node-affinity',
        resources: `vm:${a.vmid}`,
        nodes: 'pve7',
      });
      expect(ghost.statusMessage).toBe('cannot use non-existent node(s) pve7.');
      await api.ok(api.del('/cluster/ha/rules/apart'));
      expect((await api.get('/cluster/ha/rules/apart')).statusMessage).toBe(
        "no such ha rule 'apart'",
      );
      const denied = await tenant.post('/cluster/ha/rules', {
        rule: 'denied',
        type: 'node-affinity',
        resources: `vm:${a.vmid}`,
        nodes: 'pve1',
      });
      expect(denied.status).toBe(403);
    });

    it('refuses HA groups as PVE 9 does once they are migrated to rules', async () => {
      const r = await api.get('/cluster/ha/groups');
      expect([r.status, r.statusMessage]).toEqual([
        500,
        'cannot index groups: ha groups have been migrated to rules',
      ]);
    });

    it("reports the CRM's full status for the managed resources", async () => {
      const st = await api.ok(
        api.get<{
          manager_status: {
            master_node: string;
            node_status: Record<string, string>;
            service_status: Record<string, { node: string; state: string }>;
          };
          quorum: { quorate: number };
          lrm_status: Record<string, { mode: string; state: string }>;
        }>('/cluster/ha/status/manager_status'),
      );
      expect(st.quorum.quorate).toBe(1);
      expect(st.manager_status.master_node).toBe('pve1');
      expect(st.manager_status.node_status).toEqual({
        pve1: 'online',
        pve2: 'online',
        pve3: 'online',
      });
      const sids = Object.keys(st.manager_status.service_status);
      expect(sids).toHaveLength(2);
      for (const sid of sids) {
        const g = sim.runtimes[0].state.guests.get(Number(sid.split(':')[1]))!;
        expect(st.manager_status.service_status[sid]).toMatchObject({
          node: g.node,
          state: g.status === 'running' ? 'started' : 'starting',
        });
      }
      expect(Object.keys(st.lrm_status).sort()).toEqual(['pve1', 'pve2', 'pve3']);
    });
  });

  describe('Ceph, disks, replication, APT', () => {
    it('shows one CephFS with its pools, one active MDS and manager, and the same fsid everywhere', async () => {
      const fs = await api.ok(
        api.get<Array<{ name: string; data_pool: string; metadata_pool: string }>>(
          '/nodes/pve1/ceph/fs',
        ),
      );
      const pools = (
        await api.ok(api.get<Array<{ pool_name: string }>>('/nodes/pve1/ceph/pool'))
      ).map((p) => p.pool_name);
      expect(fs).toEqual([
        { name: 'cephfs', data_pool: 'cephfs_data', metadata_pool: 'cephfs_metadata' },
      ]);
      expect(pools).toEqual(expect.arrayContaining([fs[0].data_pool, fs[0].metadata_pool]));
      const mds = await api.ok(api.get<Array<{ state: string }>>('/nodes/pve1/ceph/mds'));
      expect(mds.map((m) => m.state).sort()).toEqual(['up:active', 'up:standby', 'up:standby']);
      const mgr = await api.ok(api.get<Array<{ state: string }>>('/nodes/pve2/ceph/mgr'));
      expect(mgr.filter((m) => m.state === 'active')).toHaveLength(1);
      expect(await api.ok(api.get('/nodes/pve1/ceph/rules'))).toEqual([
        { name: 'replicated_rule' },
      ]);
      const status = await api.ok(
        api.get<{ fsid: string; fsmap: { up: number } }>('/cluster/ceph/status'),
      );
      expect(status.fsmap.up).toBe(1);
      const raw = await api.ok(api.get<string>('/nodes/pve1/ceph/cfg/raw'));
      expect(raw).toContain(`fsid = ${status.fsid}`);
      expect(raw).toContain('[mds.pve3]');
      expect(
        await api.ok(
          api.get('/nodes/pve1/ceph/cfg/value', {
            'config-keys': 'global:fsid;osd:osd_memory_target',
          }),
        ),
      ).toEqual({ global: { fsid: status.fsid }, osd: { osd_memory_target: '4294967296' } });
      expect(await api.ok(api.get<unknown[]>('/nodes/pve1/ceph/cfg/db'))).not.toHaveLength(0);
      const log = await api.ok(
        api.get<Array<{ n: number; t: string }>>('/nodes/pve1/ceph/log', { start: 10, limit: 5 }),
      );
      expect(log.map((l) => l.n)).toEqual([11, 12, 13, 14, 15]);
      expect(log[0].t).toMatch(/cluster \[(DBG|INF)\]/);
      await simCtl('/_sim/nodes/pve2/offline');
      try {
        expect((await api.get('/nodes/pve2/ceph/mds')).status).toBe(595);
      } finally {
        await simCtl('/_sim/nodes/pve2/online');
      }
    });

    it("reports the node's volume group and thin pool as the local-lvm storage sees them; no ZFS", async () => {
      const storage = await api.ok(
        api.get<{ total: number; used: number }>('/nodes/pve1/storage/local-lvm/status'),
      );
      const thin = await api.ok(
        api.get<Array<{ lv: string; vg: string; lv_size: number; used: number }>>(
          '/nodes/pve1/disks/lvmthin',
        ),
      );
      expect(thin).toHaveLength(1);
      expect(thin[0]).toMatchObject({
        lv: 'data',
        vg: 'pve',
        lv_size: storage.total,
        used: storage.used,
      });
      const lvm = await api.ok(
        api.get<{
          children: Array<{ name: string; size: number; children: Array<{ name: string }> }>;
        }>('/nodes/pve1/disks/lvm'),
      );
      expect(lvm.children[0].name).toBe('pve');
      expect(lvm.children[0].size).toBeGreaterThan(storage.total);
      expect(lvm.children[0].children[0].name).toBe('/dev/nvme0n1p3');
      expect(await api.ok(api.get('/nodes/pve1/disks/zfs'))).toEqual([]);
      expect((await tenant.get('/nodes/pve1/disks/lvm')).status).toBe(403);
    });

    it('answers 501 for /ceph/config, which PVE 9.1 no longer has (it serves /ceph/cfg/raw)', async () => {
      const r = await api.get('/nodes/pve1/ceph/config');
      expect([r.status, r.statusMessage]).toEqual([
        501,
        "Method 'GET /nodes/pve1/ceph/config' not implemented",
      ]);
    });

    it('lists no replication jobs (there is no ZFS storage) and checks the guest filter', async () => {
      const g = vm((x) => x.node === 'pve1');
      expect(await api.ok(api.get('/nodes/pve1/replication'))).toEqual([]);
      expect(await api.ok(api.get('/nodes/pve1/replication', { guest: g.vmid }))).toEqual([]);
      expect((await api.get('/nodes/pve1/replication', { guest: 'x' })).status).toBe(400);
    });

    it('shows the APT repositories of a no-subscription PVE 9 node', async () => {
      const apt = await api.ok(
        api.get<{
          files: Array<{
            path: string;
            repositories: Array<{ Components: string[]; Enabled: boolean }>;
          }>;
          infos: Array<{ kind: string; message: string }>;
          'standard-repos': Array<{ handle: string; status?: boolean }>;
          digest: string;
        }>('/nodes/pve1/apt/repositories'),
      );
      expect(apt.files.map((f) => f.path)).toContain('/etc/apt/sources.list.d/proxmox.sources');
      const enabled = apt.files.flatMap((f) => f.repositories).filter((r) => r.Enabled);
      expect(enabled.flatMap((r) => r.Components)).toContain('pve-no-subscription');
      expect(apt['standard-repos'].find((r) => r.handle === 'no-subscription')?.status).toBe(true);
      expect(apt.infos.some((i) => i.kind === 'warning')).toBe(true);
      expect(apt.digest).toMatch(/^[0-9a-f]{64}$/);
    });
  });

  describe('mappings and fabrics', () => {
    it('lists USB mappings with the checks for a node, filtered by Mapping privileges', async () => {
      const list = await api.ok(
        api.get<Array<{ id: string; map: string[]; errors?: unknown[] }>>('/cluster/mapping/usb'),
      );
      expect(list.map((m) => m.id)).toEqual(['backup-key']);
      expect(list[0].errors).toBeUndefined();
      const checked = async (node: string) =>
        (
          await api.ok(
            api.get<Array<{ errors: unknown[] }>>('/cluster/mapping/usb', { 'check-node': node }),
          )
        )[0].errors;
      expect(await checked('pve1')).toEqual([]);
      expect(await checked('pve2')).toEqual([
        { severity: 'warning', message: 'No mapping for node pve2.' },
      ]);
      expect(await api.ok(api.get('/cluster/mapping/usb/backup-key'))).toMatchObject({
        type: 'usb',
      });
      expect(await tenant.ok(tenant.get('/cluster/mapping/usb'))).toEqual([]);
    });

    it('lists the SDN fabrics', async () => {
      expect(await api.ok(api.get('/cluster/sdn/fabrics/fabric'))).toEqual([
        expect.objectContaining({
          id: 'ceph-mesh',
          protocol: 'openfabric',
          ip_prefix: '10.15.15.0/24',
        }),
      ]);
      expect(await api.ok(api.get('/cluster/sdn/fabrics/fabric/ceph-mesh'))).toMatchObject({
        protocol: 'openfabric',
      });
      expect(await tenant.ok(tenant.get('/cluster/sdn/fabrics/fabric'))).toEqual([]);
    });
  });

  describe('POST /nodes/{node}/execute', () => {
    it('runs a batch of calls on the node in order, each answered with its status', async () => {
      const g = vm((x) => x.node === 'pve2' && x.status === 'running');
      const out = await api.ok(
        api.post<Array<{ status: number; data?: unknown; message?: string; errors?: unknown }>>(
          '/nodes/pve2/execute',
          {
            commands: JSON.stringify([
              { method: 'GET', path: 'version' },
              { method: 'GET', path: `qemu/${g.vmid}/status/current` },
              { method: 'POST', path: `qemu/${g.vmid}/status/stop` },
              { method: 'GET', path: 'nothing/here' },
              { method: 'PUT', path: `qemu/${g.vmid}/config`, args: { cores: 'many' } },
            ]),
          },
        ),
      );
      expect(out.map((x) => x.status)).toEqual([200, 200, 200, 500, 400]);
      expect(out[0].data).toMatchObject({ release: '9.1' });
      expect(out[1].data).toMatchObject({ vmid: g.vmid, status: 'running' });
      expect(String(out[2].data)).toMatch(
        new RegExp(`^UPID:pve2:[0-9A-F]+:[0-9A-F]+:[0-9A-F]+:qmstop:${g.vmid}:root@pam:$`),
      );
      expect(out[3].message).toBe("no handler for 'nodes/pve2/nothing/here'\n");
      expect(out[4].errors).toEqual({ cores: "type check ('integer') failed - got 'many'" });
    });

    it('is root only and checks its commands parameter', async () => {
      expect((await tenant.post('/nodes/pve1/execute', { commands: '[]' })).status).toBe(403);
      const bad = await api.post('/nodes/pve1/execute', { commands: '{"method":"GET"}' });
      expect([bad.status, bad.body.errors]).toEqual([
        400,
        { commands: 'commands is not a valid array of commands' },
      ]);
    });
  });

  describe('POST /nodes/{node}/qemu/{vmid}/spiceproxy', () => {
    it('answers a remote-viewer config for a running VM with a SPICE display', async () => {
      // vga cannot be hot-plugged: set it while the VM is stopped, then start it
      const g = vm((x) => x.status === 'stopped' && x.node === 'pve1');
      await api.ok(api.put(`/nodes/pve1/qemu/${g.vmid}/config`, { vga: 'qxl' }));
      await api.waitTask(await api.ok(api.post<string>(`/nodes/pve1/qemu/${g.vmid}/status/start`)));
      const cur = await api.ok(
        api.get<{ spice: number }>(`/nodes/pve1/qemu/${g.vmid}/status/current`),
      );
      expect(cur.spice).toBe(1);
      const cfg = await api.ok(
        api.post<Record<string, unknown>>(`/nodes/pve1/qemu/${g.vmid}/spiceproxy`, {
          proxy: 'pve.example.com',
        }),
      );
      expect(cfg).toMatchObject({
        type: 'spice',
        proxy: 'http://pve.example.com:3128',
        title: `VM ${g.vmid} - ${g.config.name}`,
        'delete-this-file': 1,
      });
      expect(String(cfg.host)).toMatch(
        new RegExp(`^pvespiceproxy:[0-9A-F]+:${g.vmid}:pve1:[0-9a-f]+$`),
      );
      expect(Number.isInteger(cfg['tls-port'])).toBe(true);
      expect(String(cfg.password)).toMatch(/^[0-9a-f]{40}$/);
    });

    it('refuses a VM without SPICE and a stopped VM like qemu-server', async () => {
      const plain = vm((x) => x.status === 'running' && !x.config.vga);
      expect(
        (await api.post(`/nodes/${plain.node}/qemu/${plain.vmid}/spiceproxy`)).statusMessage,
      ).toBe('no spice port');
      const off = vm((x) => x.status === 'stopped');
      expect((await api.post(`/nodes/${off.node}/qemu/${off.vmid}/spiceproxy`)).statusMessage).toBe(
        `VM ${off.vmid} not running`,
      );
    });
  });
});
