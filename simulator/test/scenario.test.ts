import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSimulator, type RunningSimulator } from '../src';
import { loadPveSchema } from '../src/schema/schema-loader';
import { lookupParam } from '../src/schema/param-validator';
import { PveTestClient } from './pve-client';

describe('simulator scenarios', () => {
  let sim: RunningSimulator;
  let api: PveTestClient;
  const base = () => sim.clusters[0].url;

  beforeAll(async () => {
    sim = await startSimulator({
      quiet: true,
      taskSpeed: 0.05,
      guests: 30,
      consoleQemu: false,
      trackParams: true,
    });
    api = new PveTestClient(base(), sim.certPem);
    await api.login();
  });
  afterAll(() => sim.close());

  const firstVm = (kind: 'qemu' | 'lxc', status?: string) =>
    [...sim.runtimes[0].state.guests.values()].find(
      (g) => g.type === kind && !g.config.template && (!status || g.status === status) && !g.lock,
    )!;

  describe('authentication', () => {
    it('logs in with a PVE-format ticket and CSRF token, and renews with the ticket', async () => {
      const c = new PveTestClient(base(), sim.certPem);
      const r = await c.login();
      expect(r.status).toBe(200);
      expect(r.body.data.ticket).toMatch(/^PVE:root@pam:[0-9A-F]{8}::.+/);
      expect(r.body.data.CSRFPreventionToken).toMatch(/^[0-9A-F]{8}:.+/);
      expect(r.body.data).toHaveProperty('cap');
      const renewed = await c.request<{ ticket: string }>('POST', '/access/ticket', {
        username: 'root@pam',
        password: r.body.data.ticket,
      });
      expect(renewed.status).toBe(200);
      expect(renewed.body.data.ticket).toMatch(/^PVE:root@pam:/);
    });

    it('answers 401 for bad credentials, missing auth and missing CSRF header', async () => {
      const c = new PveTestClient(base(), sim.certPem);
      expect((await c.login('root@pam', 'wrong')).status).toBe(401);
      const anon = await c.get('/nodes');
      expect(anon.status).toBe(401);
      const noCsrf = new PveTestClient(base(), sim.certPem);
      noCsrf.creds = { ticket: api.creds.ticket };
      const r = await noCsrf.post('/pools', { poolid: 'nocsrf' });
      expect(r.status).toBe(401);
      expect(r.statusMessage).toMatch(/csrf/i);
      expect((await c.get('/access/domains')).status).toBe(200);
    });

    it('accepts the ticket in an Authorization: PVEAuthCookie header', async () => {
      const c = new PveTestClient(base(), sim.certPem);
      const r = await c.request(
        'GET',
        '/version',
        {},
        { headers: { Authorization: `PVEAuthCookie=${api.creds.ticket}` } },
      );
      expect(r.status).toBe(200);
    });
  });

  describe('errors like pve-http-server', () => {
    it('501 for unknown paths', async () => {
      const r = await api.get('/x');
      expect(r.status).toBe(501);
      expect(r.statusMessage).toBe("Method 'GET /x' not implemented");
      expect(r.body.data).toBeNull();
    });
    it('400 with an errors map for undeclared params, bad enums, bad booleans, bad property strings', async () => {
      const vm = firstVm('qemu');
      const r = await api.post(`/nodes/${vm.node}/qemu/${vm.vmid}/status/start`, {
        bogus: 1,
        skiplock: 'maybe',
      });
      expect(r.status).toBe(400);
      expect(r.statusMessage).toBe('Parameter verification failed.');
      expect(Object.keys(r.body.errors!).sort()).toEqual(['bogus', 'skiplock']);
      const rrd = await api.get(`/nodes/${vm.node}/qemu/${vm.vmid}/rrddata`, {
        timeframe: 'century',
      });
      expect(rrd.status).toBe(400);
      expect(rrd.body.errors!.timeframe).toMatch(/enumeration/);
      const missing = await api.get(`/nodes/${vm.node}/qemu/${vm.vmid}/rrddata`);
      expect(missing.body.errors!.timeframe).toMatch(/missing/);
      const net = await api.put(`/nodes/${vm.node}/qemu/${vm.vmid}/config`, {
        net5: 'virtio,bridge=vmbr0,tag=9999',
      });
      expect(net.status).toBe(400);
      expect(net.body.errors!.net5).toMatch(/tag/);
      const idx = await api.put(`/nodes/${vm.node}/qemu/${vm.vmid}/config`, {
        net32: 'virtio,bridge=vmbr0',
      });
      expect(idx.body.errors!.net32).toMatch(/not defined/);
    });
    it('500 with the Proxmox message for a missing guest', async () => {
      const r = await api.get('/nodes/pve1/qemu/99999/config');
      expect(r.status).toBe(500);
      expect(r.statusMessage).toMatch(/does not exist/);
    });
  });

  it('full lifecycle: create → start → snapshot → backup with retention → stop → delete', async () => {
    const vmid = 4000;
    const create = await api.post('/nodes/pve1/qemu', {
      vmid,
      name: 'life',
      memory: 1024,
      cores: 2,
      scsi0: 'local-lvm:8',
      net0: 'virtio,bridge=vmbr0',
      ide2: 'local-lvm:cloudinit',
      ipconfig0: 'ip=dhcp',
      ciuser: 'debian',
    });
    expect(create.status).toBe(200);
    const upid = create.body.data as string;
    expect(upid).toMatch(
      /^UPID:pve1:[0-9A-F]{8}:[0-9A-F]{8,9}:[0-9A-F]{8}:qmcreate:4000:root@pam:$/,
    );
    const during = await api.ok(api.get<Record<string, string>>(`/nodes/pve1/qemu/${vmid}/config`));
    expect(during.lock).toBe('create');
    expect((await api.waitTask(upid)).exitstatus).toBe('OK');
    const cfg = await api.ok(api.get<Record<string, string>>(`/nodes/pve1/qemu/${vmid}/config`));
    expect(cfg.scsi0).toBe('local-lvm:vm-4000-disk-0,size=8G');
    expect(cfg.ide2).toBe('local-lvm:vm-4000-cloudinit,media=cdrom');
    expect(cfg.digest).toMatch(/^[0-9a-f]{40}$/);

    expect(
      (await api.waitTask(await api.ok(api.post<string>(`/nodes/pve1/qemu/${vmid}/status/start`))))
        .exitstatus,
    ).toBe('OK');
    const cur = await api.ok(
      api.get<Record<string, unknown>>(`/nodes/pve1/qemu/${vmid}/status/current`),
    );
    expect(cur.status).toBe('running');
    expect(cur.ha).toEqual({ managed: 0 });

    // running guest: memory change goes to pending, digest guards concurrent edits
    await api.ok(
      api.put(`/nodes/pve1/qemu/${vmid}/config`, { memory: 2048, digest: cfg.digest as string }),
    );
    const pending = await api.ok(
      api.get<Array<{ key: string; pending?: string }>>(`/nodes/pve1/qemu/${vmid}/pending`),
    );
    expect(pending.find((p) => p.key === 'memory')).toMatchObject({ pending: '2048' });
    const stale = await api.put(`/nodes/pve1/qemu/${vmid}/config`, {
      cores: 4,
      digest: '0'.repeat(40),
    });
    expect(stale.status).toBe(500);
    expect(stale.statusMessage).toMatch(/detected modified configuration/);

    const snap = await api.ok(
      api.post<string>(`/nodes/pve1/qemu/${vmid}/snapshot`, {
        snapname: 'before',
        description: 'pre-upgrade',
      }),
    );
    expect((await api.waitTask(snap)).exitstatus).toBe('OK');
    const snaps = await api.ok(
      api.get<Array<{ name: string }>>(`/nodes/pve1/qemu/${vmid}/snapshot`),
    );
    expect(snaps.map((s) => s.name)).toEqual(['before', 'current']);
    const dup = await api.post(`/nodes/pve1/qemu/${vmid}/snapshot`, { snapname: 'before' });
    expect(dup.statusMessage).toMatch(/already used/);

    const backups: string[] = [];
    for (let i = 0; i < 3; i++) {
      const b = await api.ok(
        api.post<string>('/nodes/pve1/vzdump', {
          vmid,
          storage: 'local',
          mode: 'snapshot',
          compress: 'zstd',
          'prune-backups': 'keep-last=2',
          'notes-template': '{{guestname}} on {{node}}',
        }),
      );
      expect(b).toMatch(/:vzdump:4000:root@pam:$/);
      expect((await api.waitTask(b)).exitstatus).toBe('OK');
      backups.push(b);
    }
    const content = await api.ok(
      api.get<
        Array<{
          volid: string;
          notes?: string;
          protected?: number;
          subtype?: string;
          format: string;
        }>
      >('/nodes/pve1/storage/local/content', { content: 'backup', vmid }),
    );
    expect(content).toHaveLength(2);
    expect(content[0]).toMatchObject({
      notes: 'life on pve1',
      protected: 0,
      subtype: 'qemu',
      format: 'vma.zst',
    });
    expect(content[0].volid).toMatch(
      /^local:backup\/vzdump-qemu-4000-\d{4}_\d{2}_\d{2}-\d{2}_\d{2}_\d{2}\.vma\.zst$/,
    );
    const log = await api.get<Array<{ n: number; t: string }>>(
      `/nodes/pve1/tasks/${encodeURIComponent(backups[2])}/log`,
    );
    expect(log.body.total).toBeGreaterThan(2);
    expect(log.body.data.at(-1)!.t).toBe('TASK OK');
    expect(log.body.data.some((l) => /prune older backups: removed/.test(l.t))).toBe(true);

    // protected backups are never pruned; PUT notes
    await api.ok(
      api.put(`/nodes/pve1/storage/local/content/${encodeURIComponent(content[1].volid)}`, {
        protected: 1,
        notes: 'keep me',
      }),
    );
    const preview = await api.ok(
      api.get<Array<{ volid: string; mark: string }>>('/nodes/pve1/storage/local/prunebackups', {
        'prune-backups': 'keep-last=1',
        vmid,
      }),
    );
    expect(preview.find((p) => p.volid === content[1].volid)?.mark).toBe('protected');

    // deleting a volume forks imgdel without an id (a volid's ':' cannot be part of a UPID)
    const gone = await api.ok(
      api.del<string>(`/nodes/pve1/storage/local/content/${encodeURIComponent(content[0].volid)}`),
    );
    expect(gone).toMatch(/:imgdel::root@pam:$/);
    expect((await api.waitTask(gone)).exitstatus).toBe('OK');
    // a full storage fails the guest's backup with vma's write error
    const local = sim.runtimes[0].state.storages.find((s) => s.storage === 'local')!;
    const total = local.total;
    local.total = 1;
    const full = await api.ok(api.post<string>('/nodes/pve1/vzdump', { vmid, storage: 'local' }));
    expect((await api.waitTask(full)).exitstatus).toBe('job errors');
    const fullLog = await api.get<Array<{ n: number; t: string }>>(
      `/nodes/pve1/tasks/${encodeURIComponent(full)}/log`,
    );
    expect(fullLog.body.data.some((l) => /No space left on device/.test(l.t))).toBe(true);
    local.total = total;

    const del = await api.del(`/nodes/pve1/qemu/${vmid}`);
    expect(del.status).toBe(500);
    expect(del.statusMessage).toBe('VM 4000 is running - destroy failed');
    expect(
      (await api.waitTask(await api.ok(api.post<string>(`/nodes/pve1/qemu/${vmid}/status/stop`))))
        .exitstatus,
    ).toBe('OK');
    const stopped = await api.ok(
      api.get<Record<string, unknown>>(`/nodes/pve1/qemu/${vmid}/config`),
    );
    expect(String(stopped.memory)).toBe('2048'); // pending applied on stop
    expect(
      (await api.waitTask(await api.ok(api.del<string>(`/nodes/pve1/qemu/${vmid}`, { purge: 1 }))))
        .exitstatus,
    ).toBe('OK');
    expect((await api.get(`/nodes/pve1/qemu/${vmid}/config`)).status).toBe(500);

    const tasks = await api.get<Array<{ upid: string }>>('/nodes/pve1/tasks', { vmid, limit: 100 });
    expect(tasks.body.total).toBeGreaterThanOrEqual(7);
  });

  it('restores a guest from a backup archive', async () => {
    const vol = sim.runtimes[0].state.volumes.find(
      (v) => v.content === 'backup' && v.subtype === 'qemu',
    )!;
    const upid = await api.ok(
      api.post<string>('/nodes/pve1/qemu', {
        vmid: 4100,
        archive: vol.volid,
        storage: 'local-lvm',
        unique: 1,
      }),
    );
    expect(upid).toContain(':qmrestore:4100:');
    expect((await api.waitTask(upid)).exitstatus).toBe('OK');
    const cfg = await api.ok(api.get<Record<string, string>>('/nodes/pve1/qemu/4100/config'));
    expect(cfg.scsi0).toMatch(/^local-lvm:vm-4100-disk-0/);
  });

  it('fails like Proxmox: clone onto used vmid, locked VM, not enough memory, shrinking', async () => {
    const used = firstVm('qemu');
    const clone = await api.post('/nodes/pve1/qemu/9000/clone', { newid: used.vmid });
    expect(clone.status).toBe(500);
    expect(clone.statusMessage).toBe(
      `unable to create VM ${used.vmid}: config file already exists`,
    );

    const linked = await api.ok(
      api.post<string>('/nodes/pve1/qemu/9000/clone', {
        newid: 4200,
        name: 'web-clone',
        target: 'pve2',
      }),
    );
    expect((await api.waitTask(linked)).exitstatus).toBe('OK');
    const cc = await api.ok(api.get<Record<string, string>>('/nodes/pve2/qemu/4200/config'));
    expect(cc.scsi0).toMatch(/^ceph-pool:base-9000-disk-0\/vm-4200-disk-0/);

    sim.runtimes[0].state.guests.get(4200)!.lock = 'backup';
    const start = await api.ok(api.post<string>('/nodes/pve2/qemu/4200/status/start'));
    const st = await api.waitTask(start);
    expect(st.exitstatus).toBe('VM is locked (backup)');
    delete sim.runtimes[0].state.guests.get(4200)!.lock;

    await api.ok(api.put('/nodes/pve2/qemu/4200/config', { memory: 64 * 1024 * 1024 }));
    const big = await api.waitTask(
      await api.ok(api.post<string>('/nodes/pve2/qemu/4200/status/start')),
    );
    expect(big.exitstatus).toMatch(/start failed: QEMU exited with code 1/);

    const shrink = await api.put('/nodes/pve2/qemu/4200/resize', { disk: 'scsi0', size: '1G' });
    expect(shrink.status).toBe(500);
    expect(shrink.statusMessage).toBe('shrinking disks is not supported');
    const grow = await api.ok(
      api.put<string>('/nodes/pve2/qemu/4200/resize', { disk: 'scsi0', size: '+2G' }),
    );
    expect((await api.waitTask(grow)).exitstatus).toBe('OK');
    expect(
      (await api.ok(api.get<Record<string, string>>('/nodes/pve2/qemu/4200/config'))).scsi0,
    ).toMatch(/size=5G/);
  });

  it('API tokens: created via /access, privilege separated, 403 without ACL, filtered lists', async () => {
    await api.ok(api.post('/access/users', { userid: 'tenant@pve', password: 'tenant-pass' }));
    const tok = await api.ok(
      api.post<{ 'full-tokenid': string; value: string }>('/access/users/tenant@pve/token/ci', {
        privsep: 1,
      }),
    );
    expect(tok['full-tokenid']).toBe('tenant@pve!ci');
    const t = api.withToken(`${tok['full-tokenid']}=${tok.value}`);
    const vm = firstVm('qemu', 'stopped');
    expect(await t.ok(t.get<unknown[]>(`/nodes/${vm.node}/qemu`))).toEqual([]);
    const denied = await t.post(`/nodes/${vm.node}/qemu/${vm.vmid}/status/start`);
    expect(denied.status).toBe(403);
    expect(denied.statusMessage).toMatch(/Permission check failed/);
    expect(
      (await t.post('/access/ticket', { username: 'tenant@pve', password: 'tenant-pass' })).status,
    ).toBe(403);

    // user gets the role, but the privilege-separated token still needs its own ACL
    await api.ok(
      api.put('/access/acl', { path: `/vms/${vm.vmid}`, roles: 'PVEVMUser', users: 'tenant@pve' }),
    );
    expect((await t.post(`/nodes/${vm.node}/qemu/${vm.vmid}/status/start`)).status).toBe(403);
    await api.ok(
      api.put('/access/acl', {
        path: `/vms/${vm.vmid}`,
        roles: 'PVEVMUser',
        tokens: 'tenant@pve!ci',
      }),
    );
    const list = await t.ok(t.get<Array<{ vmid: number }>>(`/nodes/${vm.node}/qemu`));
    expect(list.map((x) => x.vmid)).toEqual([vm.vmid]);
    const res = await t.ok(t.get<Array<{ id: string }>>('/cluster/resources', { type: 'vm' }));
    expect(res.map((x) => x.id)).toEqual([`qemu/${vm.vmid}`]);
    const upid = await t.ok(t.post<string>(`/nodes/${vm.node}/qemu/${vm.vmid}/status/start`));
    expect(upid).toMatch(/:qmstart:\d+:tenant@pve!ci:$/);
    expect((await t.waitTask(upid)).exitstatus).toBe('OK');
    // VM.PowerMgmt but not VM.Config.Memory
    const cfg = await t.put(`/nodes/${vm.node}/qemu/${vm.vmid}/config`, { memory: 4096 });
    expect(cfg.status).toBe(403);
    // the user itself logs in with a password
    const u = new PveTestClient(base(), sim.certPem);
    expect((await u.login('tenant@pve', 'tenant-pass')).status).toBe(200);
  });

  it('GPU passthrough: mapping needs Mapping.Use, raw host= is root@pam only', async () => {
    const vm = firstVm('qemu', 'stopped');
    await api.ok(
      api.put(`/nodes/${vm.node}/qemu/${vm.vmid}/config`, {
        hostpci0: 'mapping=gpu-a100,pcie=1',
        machine: 'q35',
      }),
    );
    await api.ok(
      api.put(`/nodes/${vm.node}/qemu/${vm.vmid}/config`, { hostpci1: '0000:42:00.0,x-vga=1' }),
    );
    const mappings = await api.ok(api.get<Array<{ id: string }>>('/cluster/mapping/pci'));
    expect(mappings.map((m) => m.id)).toContain('gpu-a100');
    const rootTok = (
      await api.ok(api.post<{ value: string }>('/access/users/root@pam/token/gpu', { privsep: 0 }))
    ).value;
    const t = api.withToken(`root@pam!gpu=${rootTok}`);
    const raw = await t.put(`/nodes/${vm.node}/qemu/${vm.vmid}/config`, {
      hostpci2: '0000:43:00.0',
    });
    expect(raw.status).toBe(403);
    expect(
      (await t.put(`/nodes/${vm.node}/qemu/${vm.vmid}/config`, { hostpci2: 'mapping=gpu-a100' }))
        .status,
    ).toBe(200);
  });

  it('ESXi import: storage type esxi, import listing, metadata, create with import-from', async () => {
    const list = await api.ok(
      api.get<Array<{ volid: string; format: string; name: string }>>(
        '/nodes/pve1/storage/esxi/content',
        { content: 'import' },
      ),
    );
    const vmx = list.find((x) => x.name === 'sql-2019')!;
    expect(vmx).toMatchObject({ format: 'vmx' });
    const meta = await api.ok(
      api.get<{
        'create-args': Record<string, unknown>;
        disks: Record<string, { volid: string; size: number }>;
        source: string;
      }>('/nodes/pve1/storage/esxi/import-metadata', { volume: vmx.volid }),
    );
    expect(meta.source).toBe('esxi');
    const args: Record<string, string | number> = {
      vmid: 4300,
      ...(meta['create-args'] as Record<string, string | number>),
    };
    for (const [k, dsk] of Object.entries(meta.disks))
      args[k] = `local-lvm:0,import-from=${dsk.volid}`;
    args.net0 = 'vmxnet3,bridge=vmbr0';
    const upid = await api.ok(api.post<string>('/nodes/pve1/qemu', args));
    expect((await api.waitTask(upid)).exitstatus).toBe('OK');
    const cfg = await api.ok(api.get<Record<string, string>>('/nodes/pve1/qemu/4300/config'));
    expect(cfg.scsi1).toBe('local-lvm:vm-4300-disk-1,size=200G');
    const created = await api.ok(
      api.post<{ storage: string; type: string }>('/storage', {
        storage: 'esxi2',
        type: 'esxi',
        server: '10.9.9.9',
        username: 'root',
        password: 'x',
        'skip-cert-verification': 1,
        content: 'import',
      }),
    );
    expect(created).toEqual({ storage: 'esxi2', type: 'esxi' });
  });

  it('ESXi import: a storage lists what its host holds (/_sim/esxi), EFI and power warnings', async () => {
    const seeded = await api.request(
      'POST',
      '/_sim/esxi',
      {
        server: 'esx-a.test',
        vms: [
          JSON.stringify({
            path: 'ha-datacenter/LocalDS_0/app01/app01.vmx',
            name: 'app01',
            cores: 2,
            memory: 2048,
            disks: [8, 2],
            ostype: 'l26',
            firmware: 'efi',
            power: 'poweredOn',
            nics: [{ model: 'vmxnet3', macaddr: '00:50:56:aa:bb:01' }],
          }),
        ],
      },
      { raw: true },
    );
    expect(seeded.status).toBe(200);
    await api.ok(
      api.post('/storage', {
        storage: 'esxa',
        type: 'esxi',
        server: 'esx-a.test',
        username: 'root',
        password: 'x',
        content: 'import',
      }),
    );
    const list = await api.ok(
      api.get<Array<{ volid: string; name: string }>>('/nodes/pve1/storage/esxa/content', {
        content: 'import',
      }),
    );
    expect(list.map((x) => x.volid)).toEqual(['esxa:ha-datacenter/LocalDS_0/app01/app01.vmx']);
    const meta = await api.ok(
      api.get<{
        'create-args': Record<string, string | number>;
        disks: Record<string, { volid: string; size: number } | number>;
        net: Record<string, { model: string; macaddr: string }>;
        warnings: Array<{ type: string }>;
      }>('/nodes/pve1/storage/esxa/import-metadata', {
        volume: 'ha-datacenter/LocalDS_0/app01/app01.vmx',
      }),
    );
    expect(meta['create-args']).toMatchObject({ bios: 'ovmf', cores: 2, memory: 2048 });
    expect(meta.disks).toEqual({
      scsi0: { volid: 'esxa:ha-datacenter/LocalDS_0/app01/app01.vmdk', size: 8 * 1024 ** 3 },
      scsi1: { volid: 'esxa:ha-datacenter/LocalDS_0/app01/app01_1.vmdk', size: 2 * 1024 ** 3 },
      efidisk0: 1,
    });
    expect(meta.net.net0).toEqual({ model: 'vmxnet3', macaddr: '00:50:56:aa:bb:01' });
    expect(meta.warnings.map((w) => w.type)).toEqual(['efi-state-lost', 'guest-is-running']);
    const upid = await api.ok(
      api.post<string>('/nodes/pve1/qemu', {
        vmid: 4310,
        ...meta['create-args'],
        scsi0: 'local-lvm:0,import-from=esxa:ha-datacenter/LocalDS_0/app01/app01.vmdk',
        scsi1: 'local-lvm:0,import-from=esxa:ha-datacenter/LocalDS_0/app01/app01_1.vmdk',
        net0: 'vmxnet3=00:50:56:aa:bb:01,bridge=vmbr0',
      }),
    );
    expect((await api.waitTask(upid)).exitstatus).toBe('OK');
    const cfg = await api.ok(api.get<Record<string, string>>('/nodes/pve1/qemu/4310/config'));
    expect([cfg.scsi0, cfg.scsi1]).toEqual([
      'local-lvm:vm-4310-disk-0,size=8G',
      'local-lvm:vm-4310-disk-1,size=2G',
    ]);
    // another host's VM is no source here
    const bad = await api.post('/nodes/pve1/qemu', {
      vmid: 4311,
      scsi0: 'local-lvm:0,import-from=esxa:ha-datacenter/datastore1/web-legacy/web-legacy.vmdk',
    });
    expect(bad.status).toBe(500);
  });

  it('fault injection: failing tasks, offline nodes, 5xx share and latency', async () => {
    const ctl = (p: string, params: Record<string, string | number>) =>
      api.request('POST', p, params, { raw: true });
    expect((await ctl('/_sim/fail-tasks', { count: 1 })).status).toBe(200);
    const pool = await api.ok(
      api.post<string>('/nodes/pve1/vzdump', {
        vmid: firstVm('lxc', 'running').vmid,
        storage: 'local',
      }),
    );
    const failed = await api.waitTask(pool);
    expect(failed.exitstatus).toMatch(/simulated failure/);

    await ctl('/_sim/nodes/pve3/offline', {});
    const nodes = await api.ok(api.get<Array<{ node: string; status: string }>>('/nodes'));
    expect(nodes.find((n) => n.node === 'pve3')!.status).toBe('offline');
    const off = await api.get('/nodes/pve3/qemu');
    expect(off.status).toBe(595);
    await ctl('/_sim/nodes/pve3/online', {});
    expect((await api.get('/nodes/pve3/qemu')).status).toBe(200);

    await ctl('/_sim/error-rate', { rate: 1 });
    expect((await api.get('/version')).status).toBe(500);
    await ctl('/_sim/error-rate', { rate: 0 });
    await ctl('/_sim/latency', { ms: 120 });
    const t0 = Date.now();
    expect((await api.get('/version')).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(110);
    await ctl('/_sim/reset', {});
  });

  it('a failed clone removes the half-made guest, as Proxmox does', async () => {
    const tpl = [...sim.runtimes[0].state.guests.values()].find(
      (g) => g.type === 'qemu' && g.config.template,
    )!;
    const newid = Number(await api.ok(api.get<string>('/cluster/nextid')));
    await api.request('POST', '/_sim/fail-tasks', { count: 1 }, { raw: true });
    const upid = await api.ok(
      api.post<string>(`/nodes/${tpl.node}/qemu/${tpl.vmid}/clone`, { newid, name: 'doomed' }),
    );
    expect(sim.runtimes[0].state.guests.get(newid)?.lock).toBe('create');
    expect((await api.waitTask(upid)).exitstatus).toMatch(/simulated failure/);
    expect(sim.runtimes[0].state.guests.has(newid)).toBe(false);
  });

  it('fault injection: late and lost replies to writes that took effect', async () => {
    const ctl = (p: string, params: Record<string, string | number>) =>
      api.request('POST', p, params, { raw: true });
    const g = firstVm('qemu', 'running');
    const stops = () =>
      sim.runtimes[0].state.tasks.filter((t) => t.type === 'qmstop' && t.id === String(g.vmid));
    const before = stops().length;
    await ctl('/_sim/lost-replies', { count: 1 });
    await expect(api.post(`/nodes/${g.node}/qemu/${g.vmid}/status/stop`, {})).rejects.toThrow();
    // The request was carried out: one stop task exists although its answer never arrived.
    expect(stops()).toHaveLength(before + 1);
    expect((await api.get('/version')).status).toBe(200);

    await ctl('/_sim/reply-delay', { ms: 150 });
    const t0 = Date.now();
    const started = api.post(`/nodes/${g.node}/qemu/${g.vmid}/status/start`, {});
    await new Promise((r) => setTimeout(r, 50));
    expect(
      sim.runtimes[0].state.tasks.some((t) => t.type === 'qmstart' && t.id === String(g.vmid)),
    ).toBe(true);
    expect((await started).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    await ctl('/_sim/reset', {});
    expect(sim.runtimes[0].faults).toMatchObject({ replyDelayMs: 0, lostReplies: 0 });
  });

  it('fault injection: failed writes answer 500 and change nothing', async () => {
    const ctl = (p: string, params: Record<string, string | number>) =>
      api.request('POST', p, params, { raw: true });
    const g = firstVm('qemu', 'running');
    const stops = () =>
      sim.runtimes[0].state.tasks.filter((t) => t.type === 'qmstop' && t.id === String(g.vmid));
    const before = stops().length;
    await ctl('/_sim/failed-writes', { count: 1 });
    const failed = await api.post(`/nodes/${g.node}/qemu/${g.vmid}/status/stop`, {});
    expect(failed.status).toBe(500);
    expect(failed.statusMessage).toMatch(/failed-writes/);
    // Reads are not counted; the failed write started nothing, the next one is carried out.
    expect((await api.get('/version')).status).toBe(200);
    expect(stops()).toHaveLength(before);
    expect(sim.runtimes[0].faults.failedWrites).toBe(0);
    await api.post(`/nodes/${g.node}/qemu/${g.vmid}/status/stop`, {});
    expect(stops()).toHaveLength(before + 1);
    await ctl('/_sim/reset', {});
  });

  it('scheduled backup jobs return property strings as objects', async () => {
    await api.ok(
      api.post('/cluster/backup', {
        id: 'weekly-tenant',
        schedule: 'sun 01:00',
        vmid: '100,101',
        storage: 'local',
        'prune-backups': 'keep-weekly=4',
        enabled: 1,
      }),
    );
    const job = await api.ok(api.get<Record<string, unknown>>('/cluster/backup/weekly-tenant'));
    expect(job['prune-backups']).toEqual({ 'keep-weekly': 4 });
    expect(typeof job['next-run']).toBe('number');
    await api.ok(api.del('/cluster/backup/weekly-tenant'));
    expect((await api.get('/cluster/backup/weekly-tenant')).status).toBe(500);
  });

  it('guest firewall: security groups, rule positions, ipfilter ipsets, options with digest', async () => {
    const vm = firstVm('qemu');
    const fw = `/nodes/${vm.node}/qemu/${vm.vmid}/firewall`;
    await api.ok(api.post('/cluster/firewall/groups', { group: 'tenant-web', comment: 'web' }));
    await api.ok(
      api.post('/cluster/firewall/groups/tenant-web', {
        type: 'in',
        action: 'ACCEPT',
        macro: 'HTTPS',
      }),
    );
    await api.ok(api.post(`${fw}/rules`, { type: 'group', action: 'tenant-web', enable: 1 }));
    await api.ok(
      api.post(`${fw}/rules`, {
        type: 'in',
        action: 'DROP',
        source: '192.0.2.0/24',
        pos: 0,
        enable: 1,
      }),
    );
    const rules = await api.ok(
      api.get<Array<{ pos: number; action: string; digest: string }>>(`${fw}/rules`),
    );
    expect(rules.map((x) => [x.pos, x.action])).toEqual([
      [0, 'DROP'],
      [1, 'tenant-web'],
    ]);
    const missing = await api.post(`${fw}/rules`, { type: 'group', action: 'nope' });
    expect(missing.status).toBe(500);
    await api.ok(api.put(`${fw}/rules/1`, { moveto: 0, digest: rules[0].digest }));
    expect((await api.ok(api.get<Array<{ action: string }>>(`${fw}/rules`)))[0].action).toBe(
      'tenant-web',
    );
    await api.ok(api.post(`${fw}/ipset`, { name: 'ipfilter-net0' }));
    await api.ok(api.post(`${fw}/ipset/ipfilter-net0`, { cidr: '10.20.0.5' }));
    await api.ok(api.put(`${fw}/options`, { enable: 1, ipfilter: 1, policy_in: 'DROP' }));
    expect(await api.ok(api.get(`${fw}/options`))).toMatchObject({
      enable: 1,
      ipfilter: 1,
      policy_in: 'DROP',
    });
    const bad = await api.put(`${fw}/options`, { policy_in: 'ALLOW' });
    expect(bad.status).toBe(400);
  });

  it('cloud-init keys, generated user-data and HA resources', async () => {
    const vm = firstVm('qemu', 'stopped');
    await api.ok(
      api.put(`/nodes/${vm.node}/qemu/${vm.vmid}/config`, {
        ciuser: 'ops',
        ipconfig0: 'ip=10.1.2.3/24,gw=10.1.2.1',
        ide2: 'local-lvm:cloudinit',
      }),
    );
    const ci = await api.ok(
      api.get<Array<{ key: string; value?: string }>>(
        `/nodes/${vm.node}/qemu/${vm.vmid}/cloudinit`,
      ),
    );
    expect(ci.map((x) => x.key)).toEqual(['ciuser', 'ipconfig0']);
    const net = await api.ok(
      api.get<string>(`/nodes/${vm.node}/qemu/${vm.vmid}/cloudinit/dump`, { type: 'network' }),
    );
    expect(net).toContain("address: '10.1.2.3/24'");
    await api.ok(api.post('/cluster/ha/resources', { sid: `vm:${vm.vmid}`, state: 'started' }));
    expect(await api.ok(api.get(`/cluster/ha/resources/vm:${vm.vmid}`))).toMatchObject({
      sid: `vm:${vm.vmid}`,
      type: 'vm',
      state: 'started',
    });
  });

  it('node network edits are staged until applied; SDN IPAM entries', async () => {
    await api.ok(
      api.post('/nodes/pve2/network', {
        iface: 'vmbr42',
        type: 'bridge',
        bridge_ports: 'eno2',
        bridge_vlan_aware: 1,
        comments: 'tenant uplink',
      }),
    );
    const staged = await api.ok(
      api.get<Array<{ iface: string; pending?: number }>>('/nodes/pve2/network', {
        type: 'bridge',
      }),
    );
    expect(staged.find((i) => i.iface === 'vmbr42')).toMatchObject({ pending: 1 });
    const bad = await api.post('/nodes/pve2/network', {
      iface: 'vmbr43',
      type: 'bridge',
      bridge_ports: 'eno9',
    });
    expect(bad.status).toBe(500);
    const upid = await api.ok(api.put<string>('/nodes/pve2/network'));
    expect((await api.waitTask(upid)).exitstatus).toBe('OK');
    const applied = await api.ok(
      api.get<Array<{ iface: string; pending?: number; active?: number }>>(
        '/nodes/pve2/network/vmbr42',
      ),
    );
    expect(applied).toMatchObject({ iface: 'vmbr42', active: 1 });
    await api.ok(
      api.post('/cluster/sdn/vnets/vnet1/ips', {
        zone: 'simple1',
        ip: '10.10.0.50',
        mac: 'BC:24:11:00:00:50',
      }),
    );
    const outside = await api.post('/cluster/sdn/vnets/vnet1/ips', {
      zone: 'simple1',
      ip: '10.99.0.1',
    });
    expect(outside.status).toBe(500);
    const status = await api.ok(
      api.get<Array<{ ip: string; gateway?: number }>>('/cluster/sdn/ipams/pve/status'),
    );
    expect(status.map((x) => x.ip)).toEqual(expect.arrayContaining(['10.10.0.1', '10.10.0.50']));
  });

  it('uploads an ISO with multipart/form-data and downloads one by URL', async () => {
    const data = Buffer.alloc(3 * 1024 * 1024 + 17, 7);
    const r = await api.upload<string>(
      '/nodes/pve1/storage/local/upload',
      { content: 'iso' },
      { field: 'filename', name: 'tenant-tools.iso', data },
    );
    expect(r.status).toBe(200);
    expect((await api.waitTask(r.body.data)).exitstatus).toBe('OK');
    const isos = await api.ok(
      api.get<Array<{ volid: string; size: number }>>('/nodes/pve1/storage/local/content', {
        content: 'iso',
      }),
    );
    expect(isos.find((v) => v.volid === 'local:iso/tenant-tools.iso')?.size).toBe(data.length);
    const wrong = await api.upload(
      '/nodes/pve1/storage/local-lvm/upload',
      { content: 'iso' },
      { field: 'filename', name: 'x.iso', data: Buffer.from('x') },
    );
    expect(wrong.status).toBe(500);
    const dl = await api.ok(
      api.post<string>('/nodes/pve2/storage/local/download-url', {
        content: 'iso',
        filename: 'alma-9.iso',
        url: 'https://example.invalid/alma-9.iso',
      }),
    );
    expect((await api.waitTask(dl)).exitstatus).toBe('OK');
  });

  it('handler-level permission checks on user=all endpoints (storage content, prune, groups, tasks)', async () => {
    await api.ok(api.post('/access/users', { userid: 'auditor@pve', password: 'auditor-pass' }));
    await api.ok(
      api.put('/access/acl', {
        path: '/storage/local',
        roles: 'PVEDatastoreUser',
        users: 'auditor@pve',
      }),
    );
    const u = new PveTestClient(base(), sim.certPem);
    await u.login('auditor@pve', 'auditor-pass');
    const vol = sim.runtimes[0].state.volumes.find(
      (v) => v.content === 'backup' && v.node === 'pve1' && !v.protected,
    )!;
    const del = await u.del(`/nodes/pve1/storage/local/content/${encodeURIComponent(vol.volid)}`);
    expect(del.status).toBe(403);
    expect(
      (await u.del('/nodes/pve1/storage/local/prunebackups', { 'prune-backups': 'keep-last=1' }))
        .status,
    ).toBe(403);
    expect(await u.ok(u.get('/access/groups'))).toEqual([]);
    expect(await u.ok(u.get<unknown[]>('/nodes/pve1/tasks'))).toEqual([]);
    const isos = await u.ok(u.get<Array<{ content: string }>>('/nodes/pve1/storage/local/content'));
    expect(isos.length).toBeGreaterThan(0);
    expect(isos.some((v) => v.content === 'iso')).toBe(true); // Datastore.Audit shows all content
  });

  it('long tasks log progress lines while running (clone, backup)', async () => {
    const upid = await api.ok(
      api.post<string>('/nodes/pve1/qemu/9001/clone', { newid: 4400, full: 1, name: 'progress' }),
    );
    expect((await api.waitTask(upid)).exitstatus).toBe('OK');
    const log = await api.ok(
      api.get<Array<{ t: string }>>(`/nodes/pve1/tasks/${encodeURIComponent(upid)}/log`),
    );
    const pcts = log
      .map((l) => /\(([\d.]+)%\)/.exec(l.t)?.[1])
      .filter(Boolean)
      .map(Number);
    expect(pcts).toEqual([20, 40, 60, 80]);
  });

  it('node bulk actions: stopall / startall with vms, migrateall to another node', async () => {
    const onNode3 = [...sim.runtimes[0].state.guests.values()].filter(
      (g) => g.node === 'pve3' && !g.config.template && !g.lock,
    );
    const ids = onNode3.slice(0, 3).map((g) => g.vmid);
    expect(
      (
        await api.waitTask(
          await api.ok(api.post<string>('/nodes/pve3/stopall', { vms: ids.join(',') })),
        )
      ).exitstatus,
    ).toBe('OK');
    for (const id of ids) expect(sim.runtimes[0].state.guests.get(id)!.status).toBe('stopped');
    expect(
      (
        await api.waitTask(
          await api.ok(api.post<string>('/nodes/pve3/startall', { vms: ids.join(',') })),
        )
      ).exitstatus,
    ).toBe('OK');
    for (const id of ids) expect(sim.runtimes[0].state.guests.get(id)!.status).toBe('running');
    const shared = onNode3.find((g) =>
      Object.values(g.config).some((v) => String(v).startsWith('ceph-pool:')),
    )!;
    const mig = await api.ok(
      api.post<string>('/nodes/pve3/migrateall', { target: 'pve1', vms: String(shared.vmid) }),
    );
    expect((await api.waitTask(mig)).exitstatus).toBe('OK');
    expect(sim.runtimes[0].state.guests.get(shared.vmid)!.node).toBe('pve1');
  });

  it('HA-managed guests are recovered on another node when their node goes offline', async () => {
    const g = [...sim.runtimes[0].state.guests.values()].find(
      (x) => x.node === 'pve2' && x.type === 'qemu' && x.status === 'running' && !x.lock,
    )!;
    await api.ok(api.post('/cluster/ha/resources', { sid: `vm:${g.vmid}`, state: 'started' }));
    await api.request('POST', '/_sim/nodes/pve2/offline', {}, { raw: true });
    try {
      const end = Date.now() + 3000;
      while (sim.runtimes[0].state.guests.get(g.vmid)!.node === 'pve2' && Date.now() < end)
        await new Promise((r) => setTimeout(r, 25));
      const moved = sim.runtimes[0].state.guests.get(g.vmid)!;
      expect(moved.node).not.toBe('pve2');
      const cur = await api.ok(
        api.get<{ status: string; ha: { managed: number } }>(
          `/nodes/${moved.node}/qemu/${g.vmid}/status/current`,
        ),
      );
      expect(cur).toMatchObject({ status: 'running', ha: { managed: 1 } });
    } finally {
      await api.request('POST', '/_sim/nodes/pve2/online', {}, { raw: true });
    }
  });

  it('handlers of every flow above read only parameters the schema declares', () => {
    const schema = loadPveSchema();
    const undeclared: string[] = [];
    for (const [key, names] of sim.paramReads!) {
      const [method, template] = key.split(' ');
      const props = schema.get(method, template)!.def.parameters?.properties ?? {};
      for (const n of names) if (!lookupParam(props, n)) undeclared.push(`${key}: ${n}`);
    }
    expect(undeclared).toEqual([]);
    expect(sim.paramReads!.size).toBeGreaterThan(30);
  });
});

describe('simulator process features', () => {
  it('serves N independent clusters and keeps the world in --state across restarts', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pve-sim-'));
    const state = path.join(dir, 'world.json');
    try {
      let sim = await startSimulator({
        quiet: true,
        clusters: 2,
        guests: 12,
        state,
        taskSpeed: 0.05,
        consoleQemu: false,
      });
      expect(sim.clusters.map((c) => c.name)).toEqual(['sim-cluster-1', 'sim-cluster-2']);
      expect(sim.clusters[0].port).not.toBe(sim.clusters[1].port);
      const a = new PveTestClient(sim.clusters[1].url, sim.clusters[1].certPem);
      expect(sim.clusters[1].fingerprint).not.toBe(sim.clusters[0].fingerprint);
      await a.login();
      expect((await a.ok(a.get<{ name: string }[]>('/cluster/status')))[0].name).toBe(
        'sim-cluster-2',
      );
      await a.waitTask(
        await a.ok(
          a.post<string>('/nodes/pve1/lxc', {
            vmid: 777,
            ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
            hostname: 'persist',
            rootfs: 'local-lvm:4',
          }),
        ),
      );
      const ticket = a.creds.ticket;
      const fp2 = sim.clusters[1].fingerprint;
      await sim.close();
      sim = await startSimulator({ quiet: true, clusters: 2, state, consoleQemu: false });
      const b = new PveTestClient(sim.clusters[1].url, sim.clusters[1].certPem);
      expect(sim.clusters[1].fingerprint).toBe(fp2);
      b.creds = { ticket };
      const cfg = await b.ok(b.get<Record<string, string>>('/nodes/pve1/lxc/777/config'));
      expect(cfg.hostname).toBe('persist');
      await sim.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
