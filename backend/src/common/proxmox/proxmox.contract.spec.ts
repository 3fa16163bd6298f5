import { startSimulator, type RunningSimulator } from '@multpanel/simulator';
import { ProxmoxApi } from './proxmox.api';
import { pveContractChecker, pveSchemaPresent } from './testing/pve-contract';

const describeIfSchema = pveSchemaPresent ? describe : describe.skip;
if (!pveSchemaPresent)
  console.warn('simulator/schema/apidata.json.gz is missing: PVE contract tests skipped');

/**
 * Every typed client method against the in-process simulator, with each request checked against
 * the official schema before it is sent.
 */
describeIfSchema('ProxmoxApi against the simulator (contract-checked)', () => {
  let sim: RunningSimulator;
  let api: ProxmoxApi;
  const contract = pveContractChecker();

  beforeAll(async () => {
    sim = await startSimulator({
      port: 0,
      clusters: 1,
      nodes: 3,
      guests: 20,
      quiet: true,
      taskSpeed: 0,
    });
    const c = sim.clusters[0];
    api = ProxmoxApi.create({
      endpoints: [c.url],
      fingerprint: c.fingerprint,
      auth: { type: 'password', username: 'root@pam', password: 'sim-password' },
      onRequest: contract.onRequest,
      retryBaseDelayMs: 10,
    });
  });
  afterAll(async () => {
    api?.close();
    await sim?.close();
    expect(contract.violations).toEqual([]);
  });

  it('reads the inventory', async () => {
    expect((await api.version()).version).toMatch(/^9\./);
    const status = await api.clusterStatus();
    expect(status.find((s) => s.type === 'cluster')?.quorate).toBe(true);
    const resources = await api.clusterResources();
    const guests = resources.filter((r) => r.type === 'qemu' || r.type === 'lxc');
    expect(guests.length).toBeGreaterThan(0);
    expect(typeof guests[0].vmid).toBe('number');
    expect(typeof guests[0].template).toBe('boolean');
    expect(
      (await api.clusterResources('vm')).every((r) => r.type === 'qemu' || r.type === 'lxc'),
    ).toBe(true);
    const nodes = await api.nodes();
    expect(nodes).toHaveLength(3);
    const node = nodes[0].node;
    expect(await api.nodeStatus(node)).toHaveProperty('pveversion');
    await api.nodeRrdData(node, 'hour');
    expect(
      (await api.guests(node, 'qemu')).length + (await api.guests(node, 'lxc')).length,
    ).toBeGreaterThan(0);
    const storages = await api.storages(node);
    expect(storages.length).toBeGreaterThan(0);
    await api.storageContent(node, storages[0].storage);
    const bridges = await api.nodeBridges(node);
    expect(bridges.map((b) => b.iface)).toContain('vmbr0');
    expect(bridges.find((b) => b.iface === 'vmbr0')?.vlanAware).toBe(true);
    expect(await api.nextId()).toBeGreaterThanOrEqual(100);
    await api.clusterTasks();
    await api.nodeTasks(node, { limit: 5 });
    await api.pools();
    await api.permissions({ path: '/' });
    await api.pciDevices(node);
    await api.pciMappings();
    // the generated cluster's nightly job backs up every guest
    expect(await api.guestsWithoutBackupJob()).toEqual([]);
  });

  it('runs a VM lifecycle and waits for each task', async () => {
    const node = (await api.nodes())[0].node;
    const storage = (await api.storages(node, { content: 'images' }))[0].storage;
    const vmid = await api.nextId();
    const create = await api.createQemu(node, {
      vmid,
      name: 'contract-test',
      memory: '2048',
      cores: 2,
      scsihw: 'virtio-scsi-single',
      scsi0: `${storage}:8`,
      net0: 'virtio,bridge=vmbr0',
      ostype: 'l26',
    });
    await expect(api.waitForTask(create, { intervalMs: 20 })).resolves.toMatchObject({
      exitStatus: 'OK',
    });

    const config = await api.guestConfig(node, 'qemu', vmid);
    expect(config.digest).toBeTruthy();
    await api.updateConfig(node, 'qemu', vmid, { cores: 4, digest: config.digest });
    await api.guestPending(node, 'qemu', vmid);
    await api.waitForTask(await api.resizeDisk(node, 'qemu', vmid, 'scsi0', '+2G'), {
      intervalMs: 20,
    });

    const progress: number[] = [];
    await api.waitForTask(await api.power(node, 'qemu', vmid, 'start'), {
      intervalMs: 20,
      onProgress: (p) => progress.push(p.lines.length),
    });
    expect((await api.guestStatus(node, 'qemu', vmid)).status).toBe('running');
    await api.guestRrdData(node, 'qemu', vmid, 'hour', 'AVERAGE');
    await api.vncProxy(node, 'qemu', vmid);
    await api.termProxy(node, 'qemu', vmid);

    await api.waitForTask(
      await api.createSnapshot(node, 'qemu', vmid, 'before', { description: 'x' }),
      { intervalMs: 20 },
    );
    expect((await api.snapshots(node, 'qemu', vmid)).map((s) => s.name)).toContain('before');
    await api.waitForTask(await api.power(node, 'qemu', vmid, 'stop'), { intervalMs: 20 });
    await api.waitForTask(await api.rollbackSnapshot(node, 'qemu', vmid, 'before'), {
      intervalMs: 20,
    });
    await api.waitForTask(await api.deleteSnapshot(node, 'qemu', vmid, 'before'), {
      intervalMs: 20,
    });

    const backupStore = (await api.storages(node, { content: 'backup' }))[0]?.storage;
    expect(backupStore).toBeDefined();
    if (backupStore) {
      await api.waitForTask(
        await api.vzdump(node, {
          vmid: String(vmid),
          storage: backupStore,
          mode: 'snapshot',
          compress: 'zstd',
        }),
        { intervalMs: 20 },
      );
      const backups = await api.backups(node, backupStore, vmid);
      expect(backups.length).toBeGreaterThan(0);
      const restoreId = await api.nextId();
      await api.waitForTask(
        await api.restoreQemu(node, { vmid: restoreId, archive: backups[0].volid, storage }),
        { intervalMs: 20 },
      );
      await api.waitForTask(await api.deleteGuest(node, 'qemu', restoreId, { purge: true }), {
        intervalMs: 20,
      });
    }

    const cloneId = await api.nextId();
    await api.waitForTask(
      await api.clone(node, 'qemu', vmid, { newid: cloneId, name: 'contract-clone', full: true }),
      { intervalMs: 20 },
    );
    const target = (await api.nodes()).find((n) => n.node !== node)?.node;
    expect(target).toBeDefined();
    if (target) {
      await api.waitForTask(
        await api.migrate(node, 'qemu', cloneId, target, { 'with-local-disks': true }),
        { intervalMs: 20 },
      );
      await api.waitForTask(await api.deleteGuest(target, 'qemu', cloneId), { intervalMs: 20 });
    }
    const tpl = await api.convertToTemplate(node, 'qemu', vmid);
    if (tpl) await api.waitForTask(tpl, { intervalMs: 20 });
    expect(await api.guestConfig(node, 'qemu', vmid)).toMatchObject({ template: 1 });
    await api.waitForTask(
      await api.deleteGuest(node, 'qemu', vmid, {
        purge: true,
        'destroy-unreferenced-disks': true,
      }),
      { intervalMs: 20 },
    );
    expect(progress.length).toBeGreaterThan(0);
  });

  it('adds an esxi storage and reads how a guest would be imported', async () => {
    const node = (await api.nodes())[0].node;
    await api.createStorage({
      storage: 'contract-esxi',
      type: 'esxi',
      server: '192.0.2.10',
      username: 'root',
      password: 'x',
      content: 'import',
      'skip-cert-verification': 1,
    });
    const conf = (await api.storageConfigs('esxi')).find((s) => s.storage === 'contract-esxi');
    expect(conf).toMatchObject({ type: 'esxi', server: '192.0.2.10', content: 'import' });
    expect(conf).not.toHaveProperty('password');
    const vmx = (await api.storageContent(node, 'contract-esxi', { content: 'import' }))[0];
    const meta = await api.importMetadata(
      node,
      'contract-esxi',
      vmx.volid.slice('contract-esxi:'.length),
    );
    expect(meta).toMatchObject({ type: 'vm', source: 'esxi' });
    expect(Object.keys(meta.disks as object)).toContain('scsi0');
  });

  it('manages pools and API tokens, and a token client works', async () => {
    await api.createPool('contract-pool', 'test');
    await api.updatePool('contract-pool', { comment: 'changed' });
    expect((await api.pools()).map((p) => p.poolid)).toContain('contract-pool');
    await api.deletePool('contract-pool');

    const token = await api.createApiToken('root@pam', 'contract', {
      privsep: false,
      comment: 'test',
    });
    expect(token['full-tokenid']).toBe('root@pam!contract');
    const c = sim.clusters[0];
    const tokenApi = ProxmoxApi.create({
      endpoints: [c.url],
      fingerprint: c.fingerprint,
      auth: { type: 'token', tokenId: token['full-tokenid'], secret: token.value },
      onRequest: contract.onRequest,
    });
    try {
      expect((await tokenApi.version()).version).toMatch(/^9\./);
      expect((await tokenApi.apiTokens('root@pam')).map((t) => t.tokenid)).toContain('contract');
    } finally {
      tokenApi.close();
    }
    await api.deleteApiToken('root@pam', 'contract');
  });

  it('uploads a small ISO as multipart (the file is the filename parameter) and removes it', async () => {
    const data = Buffer.from('CD001'.repeat(500));
    const upid = await api.uploadFile('pve1', 'local', 'iso', 'cfg-test.iso', data);
    expect((await api.waitForTask(upid)).exitStatus).toBe('OK');
    const vol = sim.runtimes[0].state.volumes.find((v) => v.volid === 'local:iso/cfg-test.iso');
    expect(vol).toMatchObject({ size: data.length, content: 'iso' });
    expect(Buffer.from(vol!.data!, 'base64').equals(data)).toBe(true);
    await expect(api.uploadFile('pve1', 'local-lvm', 'iso', 'cfg-test.iso', data)).rejects.toThrow(
      /does not support content-type 'iso'/,
    );
    const del = await api.deleteVolume('pve1', 'local', 'local:iso/cfg-test.iso');
    if (del) await api.waitForTask(del);
  });

  it('writes a subnet to an SDN VNet, changes its gateway and applies SDN', async () => {
    expect(await api.sdnVnets()).toContainEqual(
      expect.objectContaining({ vnet: 'vnet1', zone: 'simple1' }),
    );
    await api.createSdnSubnet('vnet1', '10.44.0.0/24', { gateway: '10.44.0.1' });
    const pending = (await api.sdnSubnets('vnet1')).find((x) => x.cidr === '10.44.0.0/24');
    expect(pending).toEqual({
      subnet: 'simple1-10.44.0.0-24',
      cidr: '10.44.0.0/24',
      gateway: '10.44.0.1',
      deleted: false,
    });
    await api.updateSdnSubnet('vnet1', pending!.subnet, { gateway: '10.44.0.254' });
    expect((await api.sdnSubnets('vnet1')).find((x) => x.cidr === '10.44.0.0/24')?.gateway).toBe(
      '10.44.0.254',
    );
    await api.waitForTask(await api.applySdn());
    await api.updateSdnSubnet('vnet1', pending!.subnet, { delete: 'gateway' });
    await api.waitForTask(await api.applySdn());
    expect((await api.sdnSubnets('vnet1')).find((x) => x.cidr === '10.44.0.0/24')?.gateway).toBe(
      null,
    );
    // removal is pending (listed as deleted) until SDN is applied
    await api.deleteSdnSubnet('vnet1', pending!.subnet);
    expect((await api.sdnSubnets('vnet1')).find((x) => x.cidr === '10.44.0.0/24')?.deleted).toBe(
      true,
    );
    await api.waitForTask(await api.applySdn());
    expect((await api.sdnSubnets('vnet1')).some((x) => x.cidr === '10.44.0.0/24')).toBe(false);
  });

  it('lists SDN zones, creates a VNet (pending until applied) and deletes it', async () => {
    expect(await api.sdnZones()).toContainEqual({ zone: 'simple1', type: 'simple' });
    await api.createSdnVnet('edgect', 'simple1', { alias: 'Multpanel edge contract' });
    expect((await api.sdnVnets()).some((v) => v.vnet === 'edgect')).toBe(false);
    expect(await api.sdnVnets(undefined, { pending: true })).toContainEqual(
      expect.objectContaining({
        vnet: 'edgect',
        zone: 'simple1',
        alias: 'Multpanel edge contract',
      }),
    );
    await api.waitForTask(await api.applySdn());
    expect((await api.sdnVnets()).some((v) => v.vnet === 'edgect')).toBe(true);
    await api.deleteSdnVnet('edgect');
    // deleted but not applied: left out of the pending list, still in the applied one
    expect(
      (await api.sdnVnets(undefined, { pending: true })).some((v) => v.vnet === 'edgect'),
    ).toBe(false);
    await api.waitForTask(await api.applySdn());
    expect((await api.sdnVnets()).some((v) => v.vnet === 'edgect')).toBe(false);
  });

  it('rejects an undocumented call before it leaves the client', async () => {
    const before = contract.violations.length;
    await expect(api.client.get('/nodes/pve1/made-up')).rejects.toThrow(/PVE contract violation/);
    await expect(api.client.post('/pools', { poolid: 'x', bogus: 1 })).rejects.toThrow(/bogus/);
    contract.violations.splice(before); // expected violations, not client bugs
  });
});
