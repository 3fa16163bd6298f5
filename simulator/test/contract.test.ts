import { startSimulator, type RunningSimulator } from '../src';
import { checkReturns } from '../src/schema/returns-checker';
import { loadPveSchema } from '../src/schema/schema-loader';
import { lookupParam } from '../src/schema/param-validator';
import { PveTestClient } from './pve-client';

/** `{id}` in these paths names a fixture of the generated world */
const ID_VALUES = [
  ['mapping/pci', 'gpu-a100'],
  ['mapping/usb', 'backup-key'],
  ['fabrics', 'ceph-mesh'],
  ['backup', 'backup-daily'],
] as const;

/**
 * Where the schema and PVE's code disagree we follow the code: the USB mapping list declares a required
 * `error` member, but PVE::API2::Cluster::Mapping::USB sends `errors` and only with `check-node`.
 */
const SCHEMA_GAPS = new Set(['GET /cluster/mapping/usb: data[0].error: required property missing']);

/** GETs that answer an error on a PVE 9.1 cluster by design (checked in scenario tests instead) */
const ERROR_BY_DESIGN = new Set(['/cluster/ha/groups']);

describe('PVE API contract', () => {
  let sim: RunningSimulator;
  let api: PveTestClient;
  const values: Record<string, string> = {};

  beforeAll(async () => {
    sim = await startSimulator({
      quiet: true,
      taskSpeed: 0,
      guests: 20,
      trackParams: true,
      consoleQemu: false,
    });
    api = new PveTestClient(sim.clusters[0].url, sim.certPem);
    await api.login();
    const guests = [...sim.runtimes[0].state.guests.values()];
    const qemu = guests.find(
      (g) => g.type === 'qemu' && g.node === 'pve1' && !g.config.template && g.status === 'running',
    )!;
    const lxc = guests.find(
      (g) => g.type === 'lxc' && g.node === 'pve1' && g.status === 'running',
    )!;
    // fixtures the GET walk needs: snapshots, a token, a backup, a finished task
    for (const g of [qemu, lxc])
      await api.waitTask(
        await api.ok(
          api.post<string>(`/nodes/pve1/${g.type}/${g.vmid}/snapshot`, { snapname: 'snap1' }),
        ),
      );
    await api.ok(api.post('/access/users/root@pam/token/contract', { privsep: 0 }));
    const backup = await api.ok(
      api.post<string>('/nodes/pve1/vzdump', {
        vmid: qemu.vmid,
        storage: 'local',
        compress: 'zstd',
      }),
    );
    await api.waitTask(backup);
    // firewall, HA and agent fixtures
    await api.ok(
      api.post('/nodes/pve1/firewall/rules', { type: 'in', action: 'ACCEPT', macro: 'SSH' }),
    );
    for (const fw of [
      '/cluster/firewall',
      `/nodes/pve1/qemu/${qemu.vmid}/firewall`,
      `/nodes/pve1/lxc/${lxc.vmid}/firewall`,
    ]) {
      await api.ok(
        api.post(`${fw}/rules`, {
          type: 'in',
          action: 'ACCEPT',
          proto: 'tcp',
          dport: '22',
          enable: 1,
        }),
      );
      await api.ok(api.post(`${fw}/ipset`, { name: 'tenant' }));
      await api.ok(api.post(`${fw}/ipset/tenant`, { cidr: '10.0.0.0/24' }));
      await api.ok(api.post(`${fw}/aliases`, { name: 'gw', cidr: '10.0.0.1' }));
    }
    await api.ok(api.post('/cluster/firewall/groups', { group: 'webservers' }));
    await api.ok(
      api.post('/cluster/firewall/groups/webservers', {
        type: 'in',
        action: 'ACCEPT',
        macro: 'HTTPS',
      }),
    );
    await api.ok(api.post('/cluster/ha/resources', { sid: `vm:${qemu.vmid}` }));
    await api.ok(
      api.post('/cluster/ha/rules', {
        rule: 'prefer-pve1',
        type: 'node-affinity',
        resources: `vm:${qemu.vmid}`,
        nodes: 'pve1:2,pve2',
      }),
    );
    const exec = await api.ok(
      api.post<{ pid: number }>(`/nodes/pve1/qemu/${qemu.vmid}/agent/exec`, { command: 'echo hi' }),
    );
    const vol = sim.runtimes[0].state.volumes.find(
      (v) => v.content === 'backup' && v.vmid === qemu.vmid,
    )!;
    Object.assign(values, {
      node: 'pve1',
      storage: 'local',
      upid: backup,
      snapname: 'snap1',
      userid: 'root@pam',
      tokenid: 'contract',
      roleid: 'PVEVMAdmin',
      groupid: 'admins',
      poolid: 'production',
      zone: 'simple1',
      vnet: 'vnet1',
      subnet: 'simple1-10.10.0.0-24',
      volume: vol.volid,
      iface: 'vmbr0',
      pos: '0',
      name: 'tenant',
      cidr: '10.0.0.0/24',
      group: 'webservers',
      sid: `vm:${qemu.vmid}`,
      rule: 'prefer-pve1',
      'config-keys': 'global:fsid',
      ipam: 'pve',
      type: 'user',
      pid: String(exec.pid),
      feature: 'snapshot',
      'pci-id-or-mapping': '0000:41:00.0',
      timeframe: 'hour',
      qemu: String(qemu.vmid),
      lxc: String(lxc.vmid),
    });
  });
  afterAll(() => sim?.close());

  it('registers only method+path pairs that exist in the schema', () => {
    const known = new Set(loadPveSchema().endpoints.map((e) => `${e.method} ${e.path}`));
    const unknown = sim.routes.map((r) => `${r.method} ${r.path}`).filter((k) => !known.has(k));
    expect(unknown).toEqual([]);
    expect(sim.routes.length).toBeGreaterThan(150);
    console.log(`simulator implements ${sim.routes.length} of ${known.size} schema endpoints`);
  });

  it('answers every implemented GET with data that matches the schema returns', async () => {
    const schema = loadPveSchema();
    const problems: string[] = [];
    const gets = sim.routes.filter(
      (r) =>
        r.method === 'GET' && !r.path.endsWith('/vncwebsocket') && !ERROR_BY_DESIGN.has(r.path),
    );
    for (const route of gets) {
      const kind = route.path.includes('/lxc/') ? 'lxc' : 'qemu';
      const concrete = route.path.replace(/\{([^}]+)\}/g, (_m, k: string) =>
        encodeURIComponent(
          k === 'vmid'
            ? values[kind]
            : k === 'storage' && route.path.includes('import-metadata')
              ? 'esxi'
              : k === 'id'
                ? ID_VALUES.find(([part]) => route.path.includes(part))![1]
                : k === 'name' && route.path.includes('aliases')
                  ? 'gw'
                  : (values[k] ?? k),
        ),
      );
      const def = schema.get('GET', route.path)!.def;
      const query: Record<string, string> = {};
      for (const [name, p] of Object.entries(def.parameters?.properties ?? {})) {
        if (p.optional || route.path.includes(`{${name}}`)) continue;
        if (name === 'volume')
          query.volume = route.path.includes('import-metadata')
            ? 'esxi:ha-datacenter/datastore1/web-legacy/web-legacy.vmx'
            : values.volume;
        else query[name] = values[name] ?? 'x';
      }
      const r = await api.get(concrete, query);
      if (r.status !== 200) {
        problems.push(`GET ${route.path}: HTTP ${r.status} ${r.statusMessage}`);
        continue;
      }
      for (const p of checkReturns(def.returns, r.body.data))
        if (!SCHEMA_GAPS.has(`GET ${route.path}: ${p}`)) problems.push(`GET ${route.path}: ${p}`);
    }
    expect(problems).toEqual([]);
    expect(gets.length).toBeGreaterThan(80);
  });

  it('handlers read only parameters the schema declares', async () => {
    // exercise the write paths once so their parameter reads are recorded too
    const g = values.qemu;
    await api.ok(
      api.put(`/nodes/pve1/qemu/${g}/config`, { description: 'contract', delete: 'tags' }),
    );
    await api.waitTask(
      await api.ok(
        api.post<string>(`/nodes/pve1/qemu/9000/clone`, {
          newid: 5000,
          full: 1,
          storage: 'local-lvm',
        }),
      ),
    );
    await api.waitTask(
      await api.ok(
        api.post<string>(`/nodes/pve1/qemu/5000/migrate`, {
          target: 'pve2',
          'with-local-disks': 1,
        }),
      ),
    );
    const schema = loadPveSchema();
    const undeclared: string[] = [];
    for (const [key, names] of sim.paramReads!) {
      const [method, template] = key.split(' ');
      const props = schema.get(method, template)!.def.parameters?.properties ?? {};
      for (const n of names) if (!lookupParam(props, n)) undeclared.push(`${key}: ${n}`);
    }
    expect(undeclared).toEqual([]);
    expect(sim.paramReads!.size).toBeGreaterThan(50);
  });
});
