import { SecretsCipher } from '../../src/common/crypto/secrets-cipher';
import { EsxiModule } from '../../src/modules/esxi/esxi.module';
import { ESXI_PASSWORD_CONTEXT } from '../../src/modules/esxi/esxi.service';
import { VsphereClient } from '../../src/modules/esxi/vsphere-client';
import { expectApiResponse } from '../helpers/api-response';
import type { LoggedIn } from '../helpers/test-context';
import { startVcsim, vcsimSkipReason, type Vcsim } from '../helpers/vcsim';
import { VmsHarness } from './vms-harness';

const GiB = 1024 ** 3;

// Import of discovered ESXi VMs through Proxmox VE's native importer, against the simulator: the
// source becomes an esxi storage on the cluster, import-metadata is shown with its warnings, the VM
// is created with import-from disks and the mapped bridge, owned by the source's company, with its
// old address kept from the mapped IPAM range. The ESXi host's inventory is seeded into the
// simulator (what a real PVE reads from the host through its FUSE mount).
describe('esxi import through the Proxmox importer (integration, simulator)', () => {
  let h: VmsHarness;
  let acme: string;
  let globex: string;
  let staff: LoggedIn;
  let globexSales: LoggedIn;
  let acmeAdmin: LoggedIn;
  let sourceId: string;
  let rangeId: string;
  const vmIds: Record<string, string> = {};
  const host = 'esx-acme.test';

  const addVm = async (name: string, over: Record<string, unknown> = {}) => {
    const row = await h.ctx.prisma.esxiVm.create({
      data: {
        sourceId,
        companyId: acme,
        moref: `vm-${name}`,
        name,
        cpus: 2,
        memoryMb: 2048,
        powerState: 'poweredOff',
        ipAddresses: ['10.60.0.25'],
        disks: [],
        nics: [
          {
            label: 'Network adapter 1',
            model: 'vmxnet3',
            mac: `00:50:56:aa:00:${name.length.toString(16).padStart(2, '0')}`,
            network: 'VM Network',
            connected: true,
          },
        ],
        vmxPath: `[LocalDS_0] ${name}/${name}.vmx`,
        discoveredAt: new Date(),
        ...over,
      },
    });
    vmIds[name] = row.id;
  };
  const seedHost = (
    vms: Array<{
      name: string;
      disks: number[];
      firmware?: 'bios' | 'efi';
      power?: string;
      datastore?: string;
    }>,
  ) => {
    const state = h.rt.state;
    state.esxiGuests = [
      ...state.esxiGuests.filter((e) => e.server !== host),
      ...vms.map((v) => ({
        server: host,
        path: `ha-datacenter/${v.datastore ?? 'LocalDS_0'}/${v.name}/${v.name}.vmx`,
        name: v.name,
        cores: 2,
        memory: 2048,
        disks: v.disks,
        ostype: 'l26',
        firmware: v.firmware ?? 'bios',
        power: (v.power ?? 'poweredOff') as 'poweredOn' | 'poweredOff',
        nics: [
          {
            model: 'vmxnet3',
            macaddr: `00:50:56:aa:00:${v.name.length.toString(16).padStart(2, '0')}`,
          },
        ],
      })),
    ];
  };
  const plan = (vm: string, auth = staff.auth, body: Record<string, unknown> = {}) =>
    h.ctx.http
      .post(`/api/esxi-sources/${sourceId}/vms/${vmIds[vm]}/import-plan`)
      .set(auth)
      .send({ clusterId: h.clusterId, node: 'pve1', ...body });
  const importVm = (vm: string, body: Record<string, unknown> = {}, auth = staff.auth) =>
    h.ctx.http
      .post(`/api/esxi-sources/${sourceId}/vms/${vmIds[vm]}/import`)
      .set(auth)
      .send({
        clusterId: h.clusterId,
        node: 'pve1',
        storage: 'local-lvm',
        networks: [{ bridge: 'vmbr0' }],
        ...body,
      });
  const simGuest = (vmid: number) => h.rt.state.guests.get(vmid);

  beforeAll(async () => {
    h = await VmsHarness.start({ modules: [EsxiModule], workerModules: [EsxiModule.forWorker()] });
    await h.startWorker();
    acme = (await h.ctx.newCompany()).id;
    globex = (await h.ctx.newCompany()).id;
    staff = h.admin;
    const gs = await h.ctx.newUser({ role: 'salesperson' });
    await h.ctx.assignSales(gs.id, globex);
    globexSales = await h.ctx.login(gs);
    acmeAdmin = await h.ctx.login(await h.ctx.newUser({ role: 'company_admin', companyId: acme }));
    const source = await h.ctx.prisma.esxiSource.create({
      data: {
        companyId: acme,
        name: 'acme esx',
        host,
        port: 443,
        username: 'root',
        password: h.ctx.app.get(SecretsCipher).encrypt('esx-secret', ESXI_PASSWORD_CONTEXT),
        fingerprint: 'AB:'.repeat(31) + 'AB',
      },
    });
    sourceId = source.id;
    await addVm('app01', { powerState: 'poweredOn', firmware: 'efi' });
    await addVm('db01');
    await addVm('web01');
    await addVm('gone01');
    await addVm('crm01', { vmxPath: '[LocalDS_1] crm01/crm01.vmx' });
    await addVm('mail01');
    seedHost([
      { name: 'crm01', disks: [6], datastore: 'LocalDS_1' },
      { name: 'mail01', disks: [3] },
      { name: 'app01', disks: [8, 2], firmware: 'efi', power: 'poweredOn' },
      { name: 'db01', disks: [16] },
      { name: 'web01', disks: [4] },
    ]);
    const range = await h.ctx.http
      .post('/api/ipam/ranges')
      .set(staff.auth)
      .send({
        name: 'Acme migrated',
        cidr: '10.60.0.0/24',
        companyId: acme,
        vlan: 60,
        gateway: '10.60.0.1',
        clusterIds: [h.clusterId],
      });
    expect(range.status).toBe(201);
    rangeId = range.body.id;
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    expect(h.contract.violations).toEqual([]);
  });

  it('adds the source as an esxi storage and shows what the importer will create, with warnings', async () => {
    const res = await plan('app01');
    expectApiResponse('POST /esxi-sources/:id/vms/:id/import-plan', res);
    expect(res.body.volid).toBe(`${res.body.esxiStorage}:ha-datacenter/LocalDS_0/app01/app01.vmx`);
    expect(res.body.disks).toEqual([
      { key: 'scsi0', volid: expect.stringMatching(/app01\/app01\.vmdk$/), sizeBytes: 8 * GiB },
      { key: 'scsi1', volid: expect.stringMatching(/app01\/app01_1\.vmdk$/), sizeBytes: 2 * GiB },
    ]);
    expect(res.body.efiDisk).toBe(true);
    expect(res.body.nics).toEqual([
      { key: 'net0', model: 'vmxnet3', mac: '00:50:56:aa:00:05', network: 'VM Network' },
    ]);
    expect(res.body.warnings.map((w: { type: string }) => w.type)).toEqual([
      'efi-state-lost',
      'guest-is-running',
    ]);
    const storage = h.rt.state.storages.find((s) => s.storage === res.body.esxiStorage)!;
    expect(storage).toMatchObject({
      type: 'esxi',
      server: host,
      username: 'root',
      content: 'import',
      'skip-cert-verification': 1,
    });
    // The password reached Proxmox (which keeps it in /etc/pve/priv) and is never returned.
    expect(JSON.stringify(res.body)).not.toContain('esx-secret');
    // A second plan reuses the storage.
    expect((await plan('db01')).status).toBe(200);
    expect(h.rt.state.storages.filter((s) => s.type === 'esxi' && s.server === host)).toHaveLength(
      1,
    );
  });

  it('imports with import-from disks and the mapped bridge; the guest is Acme’s with its old address', async () => {
    const res = await importVm('app01', {
      networks: [{ source: 'VM Network', bridge: 'vmbr0', ipamRangeId: rangeId }],
      name: 'app01-pve',
    });
    expectApiResponse('POST /esxi-sources/:id/vms/:id/import', res);
    const vmId = res.body.vmId as string;
    // The guest is in the inventory at once (a placeholder while the import runs).
    const placeholder = await h.ctx.prisma.guest.findUniqueOrThrow({ where: { id: vmId } });
    expect(placeholder.companyId).toBe(acme);
    const job = await h.waitJob(res.body.job.id, 60_000);
    expect([job.status, job.error]).toEqual(['succeeded', null]);
    const row = await h.ctx.prisma.guest.findUniqueOrThrow({ where: { id: vmId } });
    expect(row).toMatchObject({ companyId: acme, name: 'app01-pve', lock: null });
    const g = simGuest(row.activeVmid!)!;
    expect(g.config.name).toBe('app01-pve');
    expect(g.config.bios).toBe('ovmf');
    expect(String(g.config.scsi0)).toMatch(/^local-lvm:vm-\d+-disk-\d,size=8G$/);
    expect(String(g.config.scsi1)).toMatch(/size=2G$/);
    expect(String(g.config.efidisk0)).toMatch(/^local-lvm:/);
    expect(String(g.config.net0)).toMatch(/00:50:56:AA:00:05/i);
    expect(String(g.config.net0)).toContain('bridge=vmbr0');
    expect(String(g.config.net0)).toContain('tag=60');
    const addr = await h.ctx.prisma.ipAddress.findFirstOrThrow({ where: { guestId: vmId } });
    expect(addr).toMatchObject({ address: '10.60.0.25', status: 'allocated', nic: 0 });
    const log = (
      await h.ctx.prisma.jobLog.findMany({
        where: { jobId: res.body.job.id },
        orderBy: { id: 'asc' },
      })
    )
      .map((l) => l.line)
      .join('\n');
    expect(log).toContain('importing disk');
    expect(log).toContain('warning: efi-state-lost');
    expect(log).toContain('net0: IPAM address 10.60.0.25');
  });

  it('starts the guest on request; a taken old address gives the next free one', async () => {
    const res = await importVm('db01', {
      networks: [{ bridge: 'vmbr0', ipamRangeId: rangeId }],
      start: true,
    });
    expect(res.status).toBe(202);
    expect((await h.waitJob(res.body.job.id, 60_000)).status).toBe('succeeded');
    const row = await h.ctx.prisma.guest.findUniqueOrThrow({ where: { id: res.body.vmId } });
    expect(row.status).toBe('running');
    expect(simGuest(row.activeVmid!)!.status).toBe('running');
    const addr = await h.ctx.prisma.ipAddress.findFirstOrThrow({
      where: { guestId: res.body.vmId },
    });
    expect(addr.address).not.toBe('10.60.0.25');
    expect(addr.address).toMatch(/^10\.60\.0\.\d+$/);
  });

  it('a failed import removes the placeholder and frees its address', async () => {
    h.failNextTasks(1);
    const res = await importVm('web01', {
      networks: [{ bridge: 'vmbr0', ipamRangeId: rangeId }],
    });
    expect(res.status).toBe(202);
    expect((await h.waitJob(res.body.job.id, 60_000)).status).toBe('failed');
    const row = await h.ctx.prisma.guest.findUniqueOrThrow({ where: { id: res.body.vmId } });
    expect(row.activeVmid).toBeNull();
    expect(row.status).toBe('failed');
    expect(
      await h.ctx.prisma.ipAddress.count({
        where: { guestId: res.body.vmId, status: 'allocated' },
      }),
    ).toBe(0);
  });

  it('refuses bad input with clear 4xx answers', async () => {
    const bad = async (res: { status: number; body: { code: string; message: string } }) => [
      res.status,
      res.body.code,
    ];
    expect(await bad(await importVm('web01', { storage: 'local' }))).toEqual([
      400,
      'VALIDATION_FAILED',
    ]);
    expect(
      await bad(await importVm('web01', { networks: [{ source: 'DMZ', bridge: 'vmbr1' }] })),
    ).toEqual([400, 'VALIDATION_FAILED']);
    expect(await bad(await importVm('web01', { networks: [] }))).toEqual([
      400,
      'VALIDATION_FAILED',
    ]);
    expect(
      await bad(await importVm('web01', { networks: [{ bridge: 'vmbr0', vlan: 5000 }] })),
    ).toEqual([400, 'VALIDATION_FAILED']);
    expect(await bad(await importVm('web01', { node: 'nowhere' }))).toEqual([404, 'NOT_FOUND']);
    expect(await bad(await importVm('web01', { extra: 1 }))).toEqual([400, 'VALIDATION_FAILED']);
    const gone = await importVm('gone01');
    expect([gone.status, gone.body.code]).toEqual([409, 'ESXI_IMPORT_SOURCE_MISSING']);
    expect(gone.body.message).toContain('gone01');
  });

  it('Acme’s source and VMs are invisible to Globex; company admins may not import', async () => {
    expect((await plan('db01', globexSales.auth)).status).toBe(404);
    expect((await importVm('db01', {}, globexSales.auth)).status).toBe(404);
    expect((await plan('db01', acmeAdmin.auth)).status).toBe(403);
    // A VM id of another source is no VM of this one.
    const other = await h.ctx.prisma.esxiSource.create({
      data: {
        companyId: globex,
        name: 'globex esx',
        host: 'esx-globex.test',
        username: 'root',
        password: h.ctx.app.get(SecretsCipher).encrypt('x', ESXI_PASSWORD_CONTEXT),
        fingerprint: 'CD:'.repeat(31) + 'CD',
      },
    });
    const res = await h.ctx.http
      .post(`/api/esxi-sources/${other.id}/vms/${vmIds.db01}/import-plan`)
      .set(staff.auth)
      .send({ clusterId: h.clusterId, node: 'pve1' });
    expect([res.status, res.body.message]).toEqual([404, 'ESXi VM not found']);
  });

  describe('migration projects', () => {
    let projectId: string;

    it('plans a wave of VMs with mappings, runs it, and reports per VM; Acme sees its progress', async () => {
      const create = await h.ctx.http
        .post('/api/esxi-projects')
        .set(staff.auth)
        .send({
          sourceId,
          name: 'Acme off VMware',
          clusterId: h.clusterId,
          node: 'pve2',
          storage: 'local-lvm',
          networks: [{ source: 'VM Network', bridge: 'vmbr0', vlan: 42 }],
          datastores: [{ datastore: 'LocalDS_1', storage: 'ceph-pool' }],
        });
      expect(create.status).toBe(201);
      projectId = create.body.id;
      expect(create.body.companyId).toBe(acme);
      const set = await h.ctx.http
        .put(`/api/esxi-projects/${projectId}/vms`)
        .set(staff.auth)
        .send({
          vms: [
            { esxiVmId: vmIds.crm01, wave: 1 },
            { esxiVmId: vmIds.gone01, wave: 1 },
            { esxiVmId: vmIds.mail01, wave: 1 },
            { esxiVmId: vmIds.web01, wave: 2 },
          ],
        });
      expectApiResponse('PUT /esxi-projects/:id/vms', set);
      expect(set.body.vms.map((v: { name: string; wave: number }) => [v.name, v.wave])).toEqual([
        ['crm01', 1],
        ['gone01', 1],
        ['mail01', 1],
        ['web01', 2],
      ]);

      const run = await h.ctx.http
        .post(`/api/esxi-projects/${projectId}/waves/1/run`)
        .set(staff.auth)
        .send({});
      expectApiResponse('POST /esxi-projects/:id/waves/:id/run', run);
      expect([run.body.started, run.body.refused]).toEqual([2, 1]);
      const byName = (b: { vms: Array<Record<string, unknown>> }, n: string) =>
        b.vms.find((v) => v.name === n)!;
      expect(byName(run.body.project, 'gone01')).toMatchObject({
        status: 'refused',
        error: expect.stringContaining('does not see gone01'),
      });
      for (const n of ['crm01', 'mail01'])
        expect((await h.waitJob(byName(run.body.project, n).jobId as string, 60_000)).status).toBe(
          'succeeded',
        );

      // The customer reads its project's report.
      const report = await h.ctx.http.get(`/api/esxi-projects/${projectId}`).set(acmeAdmin.auth);
      expectApiResponse('GET /esxi-projects/:id', report);
      const crm = byName(report.body, 'crm01');
      expect(crm).toMatchObject({ status: 'succeeded', progress: 100, wave: 1 });
      expect(crm.durationSeconds).toEqual(expect.any(Number));
      expect(byName(report.body, 'web01')).toMatchObject({ status: 'planned', jobId: null });
      const crmGuest = await h.ctx.prisma.guest.findUniqueOrThrow({
        where: { id: crm.guestId as string },
      });
      expect(crmGuest).toMatchObject({ companyId: acme, node: 'pve2' });
      const g = simGuest(crmGuest.activeVmid!)!;
      expect(String(g.config.scsi0)).toMatch(/^ceph-pool:vm-\d+-disk-0,size=6G$/);
      expect(String(g.config.net0)).toMatch(/bridge=vmbr0,.*tag=42|tag=42.*bridge=vmbr0/);
      const mail = byName(report.body, 'mail01');
      const mailGuest = await h.ctx.prisma.guest.findUniqueOrThrow({
        where: { id: mail.guestId as string },
      });
      expect(String(simGuest(mailGuest.activeVmid!)!.config.scsi0)).toMatch(/^local-lvm:/);

      // Running the wave again: nothing left but the refused VM, which is refused again.
      const again = await h.ctx.http
        .post(`/api/esxi-projects/${projectId}/waves/1/run`)
        .set(staff.auth)
        .send({});
      expect([again.status, again.body.started, again.body.refused]).toEqual([202, 0, 1]);
    });

    it('refuses bad input and keeps Globex out', async () => {
      const post = (body: Record<string, unknown>, auth = staff.auth) =>
        h.ctx.http
          .post('/api/esxi-projects')
          .set(auth)
          .send({
            sourceId,
            name: 'p',
            clusterId: h.clusterId,
            node: 'pve1',
            storage: 'local-lvm',
            networks: [{ bridge: 'vmbr0' }],
            ...body,
          });
      expect((await post({ networks: [] })).status).toBe(400);
      expect((await post({ storage: '1bad' })).status).toBe(400);
      expect((await post({ sourceId: vmIds.db01 })).status).toBe(404);
      expect((await post({}, globexSales.auth)).status).toBe(404);
      expect((await post({}, acmeAdmin.auth)).status).toBe(403);
      const put = (vms: unknown[]) =>
        h.ctx.http.put(`/api/esxi-projects/${projectId}/vms`).set(staff.auth).send({ vms });
      expect((await put([{ esxiVmId: vmIds.db01, wave: 0 }])).status).toBe(400);
      const dup = await put([
        { esxiVmId: vmIds.db01, wave: 1 },
        { esxiVmId: vmIds.db01, wave: 2 },
      ]);
      expect(dup.status).toBe(400);
      expect((await put([{ esxiVmId: projectId, wave: 1 }])).status).toBe(400);
      const run = (wave: string) =>
        h.ctx.http
          .post(`/api/esxi-projects/${projectId}/waves/${wave}/run`)
          .set(staff.auth)
          .send({});
      expect((await run('x')).status).toBe(400);
      expect((await run('0')).status).toBe(400);
      expect((await run('9')).status).toBe(409);
      for (const auth of [globexSales.auth]) {
        expect((await h.ctx.http.get(`/api/esxi-projects/${projectId}`).set(auth)).status).toBe(
          404,
        );
        expect(
          (await h.ctx.http.post(`/api/esxi-projects/${projectId}/waves/2/run`).set(auth).send({}))
            .status,
        ).toBe(404);
        const list = await h.ctx.http.get('/api/esxi-projects').set(auth);
        expect(list.body.items.map((p: { id: string }) => p.id)).not.toContain(projectId);
      }
    });
  });

  describe('wave checks, per-source limit and cancel', () => {
    let projectId: string;
    const wave2 = ['lim01', 'lim02', 'lim03', 'lim04'];

    beforeAll(async () => {
      await addVm('huge01');
      for (const n of wave2) await addVm(n);
      seedHost([
        { name: 'crm01', disks: [6], datastore: 'LocalDS_1' },
        { name: 'mail01', disks: [3] },
        { name: 'app01', disks: [8, 2], firmware: 'efi', power: 'poweredOn' },
        { name: 'db01', disks: [16] },
        { name: 'web01', disks: [4] },
        // More than local-lvm holds (8 TiB in the simulator).
        { name: 'huge01', disks: [10000] },
        ...wave2.map((name) => ({ name, disks: [2] })),
      ]);
      const create = await h.ctx.http
        .post('/api/esxi-projects')
        .set(staff.auth)
        .send({
          sourceId,
          name: 'Acme limits',
          clusterId: h.clusterId,
          node: 'pve1',
          storage: 'local-lvm',
          networks: [{ bridge: 'vmbr0' }],
        });
      expect(create.status).toBe(201);
      projectId = create.body.id;
      const set = await h.ctx.http
        .put(`/api/esxi-projects/${projectId}/vms`)
        .set(staff.auth)
        .send({
          vms: [
            { esxiVmId: vmIds.huge01, wave: 1 },
            ...wave2.map((n) => ({ esxiVmId: vmIds[n], wave: 2 })),
          ],
        });
      expect(set.status).toBe(200);
    });
    const run = (wave: number) =>
      h.ctx.http.post(`/api/esxi-projects/${projectId}/waves/${wave}/run`).set(staff.auth).send({});
    const project = async () =>
      (await h.ctx.http.get(`/api/esxi-projects/${projectId}`).set(staff.auth)).body as {
        vms: Array<{
          id: string;
          name: string;
          status: string;
          jobId: string | null;
          guestId: string | null;
        }>;
      };

    it('refuses a wave whose disks do not fit on the target storage, before any import starts', async () => {
      const res = await run(1);
      expect(res.status).toBe(409);
      expect(res.body.message).toMatch(/needs 10000\.0 GiB on local-lvm/);
      const vm = (await project()).vms.find((v) => v.name === 'huge01')!;
      expect(vm).toMatchObject({ status: 'planned', jobId: null });
    });

    it('refuses a wave over the company quota as a whole, though each VM alone would fit', async () => {
      const quota = await h.ctx.http.get(`/api/companies/${acme}/quota`).set(staff.auth);
      expect(quota.status).toBe(200);
      const used = quota.body.usage.memoryMb as number;
      // Room for one more 2 GiB guest, not four.
      await h.ctx.prisma.company.update({
        where: { id: acme },
        data: { maxMemoryMb: used + 3000 },
      });
      try {
        const res = await run(2);
        expect(res.status).toBe(409);
        expect(res.body.code).toBe('QUOTA_EXCEEDED');
        expect(res.body.message).toMatch(/memoryMb would be \d+ of \d+/);
        expect((await project()).vms.filter((v) => v.jobId)).toEqual([]);
      } finally {
        await h.ctx.prisma.company.update({ where: { id: acme }, data: { maxMemoryMb: null } });
      }
    });

    it('imports at most two VMs of one source at once, and a cancelled import leaves nothing', async () => {
      const res = await run(2);
      expect(res.status).toBe(202);
      expect(res.body.started).toBe(4);
      const last = (res.body.project as Awaited<ReturnType<typeof project>>).vms.find(
        (v) => v.name === 'lim04',
      )!;
      const cancel = await h.ctx.http
        .post(`/api/esxi-projects/${projectId}/vms/${last.id}/cancel`)
        .set(staff.auth);
      expectApiResponse('POST /esxi-projects/:id/vms/:id/cancel', cancel);
      const jobs = (res.body.project as Awaited<ReturnType<typeof project>>).vms.filter(
        (v) => v.jobId,
      );
      const ends = await Promise.all(jobs.map((v) => h.waitJob(v.jobId!, 120_000)));
      const byName = Object.fromEntries(jobs.map((v, i) => [v.name, ends[i]!.status]));
      expect(byName).toEqual({
        lim01: 'succeeded',
        lim02: 'succeeded',
        lim03: 'succeeded',
        lim04: 'cancelled',
      });
      const { EsxiImportService } = await import('../../src/modules/esxi/esxi-import.service');
      const seen = h.worker!.get(EsxiImportService).sourceSlots.maxSeen.get(`esxi/${sourceId}`);
      expect(seen).toBe(2);
      const after = await project();
      expect(after.vms.find((v) => v.name === 'lim04')).toMatchObject({ status: 'cancelled' });
      const placeholder = await h.ctx.prisma.guest.findUnique({ where: { id: last.guestId! } });
      expect(placeholder?.goneAt ?? null).not.toBeNull();
      // Nothing left to cancel; a Globex caller sees no such project.
      expect(
        (
          await h.ctx.http
            .post(`/api/esxi-projects/${projectId}/vms/${last.id}/cancel`)
            .set(staff.auth)
        ).status,
      ).toBe(409);
      expect(
        (
          await h.ctx.http
            .post(`/api/esxi-projects/${projectId}/vms/${last.id}/cancel`)
            .set(globexSales.auth)
        ).status,
      ).toBe(404);
    });
  });

  // A wave that shuts its source VMs down on ESXi (vcsim), and its rollback that powers them on.
  const vcsimSkip = vcsimSkipReason();
  (vcsimSkip ? describe.skip : describe)('shutdown of source VMs and wave rollback (vcsim)', () => {
    let vc: Vcsim;
    let vcSourceId: string;
    let vms: Array<{ id: string; name: string; moref: string; vmxPath: string }>;
    let pid: string;
    const power = async (moref: string) => {
      const c = new VsphereClient(vc.host, vc.port, vc.fingerprint);
      await c.login(vc.user, vc.password);
      try {
        return await c.powerState(moref);
      } finally {
        await c.logout();
      }
    };

    beforeAll(async () => {
      vc = await startVcsim({ mode: 'esx', vms: 2 });
      const created = await h.ctx.http.post('/api/esxi-sources').set(staff.auth).send({
        companyId: acme,
        name: 'acme vcsim',
        host: vc.host,
        port: vc.port,
        username: vc.user,
        password: vc.password,
      });
      expect(created.status).toBe(201);
      vcSourceId = created.body.id;
      const accept = await h.ctx.http
        .post(`/api/esxi-sources/${vcSourceId}/accept-certificate`)
        .set(staff.auth)
        .send({ fingerprint: vc.fingerprint });
      expect(accept.status).toBe(200);
      const disc = await h.ctx.http
        .post(`/api/esxi-sources/${vcSourceId}/discover`)
        .set(staff.auth);
      expect(disc.status).toBe(202);
      expect((await h.waitJob(disc.body.job.id, 60_000)).status).toBe('succeeded');
      vms = (await h.ctx.http.get(`/api/esxi-sources/${vcSourceId}/vms`).set(staff.auth)).body
        .items;
      expect(vms.length).toBeGreaterThanOrEqual(2);
      const state = h.rt.state;
      state.esxiGuests = [
        ...state.esxiGuests.filter((e) => e.server !== vc.host),
        ...vms.map((v) => {
          const m = /^\[([^\]]+)\]\s*(.+)$/.exec(v.vmxPath)!;
          return {
            server: vc.host,
            path: `ha-datacenter/${m[1]}/${m[2]}`,
            name: v.name,
            cores: 1,
            memory: 512,
            disks: [1],
            ostype: 'l26',
            firmware: 'bios' as const,
            power: 'poweredOff' as const,
            nics: [{ model: 'vmxnet3', macaddr: '00:50:56:00:00:01' }],
          };
        }),
      ];
    }, 300_000);
    afterAll(async () => {
      await vc?.stop();
    });

    it('shuts the source VMs down before the copy, and a rollback powers them on again', async () => {
      const [a, b] = vms as [(typeof vms)[0], (typeof vms)[0]];
      expect(await power(a.moref)).toBe('poweredOn');
      const create = await h.ctx.http
        .post('/api/esxi-projects')
        .set(staff.auth)
        .send({
          sourceId: vcSourceId,
          name: 'Acme vcsim wave',
          clusterId: h.clusterId,
          node: 'pve1',
          storage: 'local-lvm',
          networks: [{ bridge: 'vmbr0' }],
        });
      expect(create.status).toBe(201);
      pid = create.body.id as string;
      await h.ctx.http
        .put(`/api/esxi-projects/${pid}/vms`)
        .set(staff.auth)
        .send({
          vms: [
            { esxiVmId: a.id, wave: 1 },
            { esxiVmId: b.id, wave: 1 },
          ],
        })
        .expect(200);
      const run = await h.ctx.http
        .post(`/api/esxi-projects/${pid}/waves/1/run`)
        .set(staff.auth)
        .send({ shutdownSource: true });
      expect([run.status, run.body.started]).toEqual([202, 2]);
      for (const v of run.body.project.vms as Array<{ jobId: string }>)
        expect((await h.waitJob(v.jobId, 120_000)).status).toBe('succeeded');
      expect(await power(a.moref)).toBe('poweredOff');
      expect(await power(b.moref)).toBe('poweredOff');
      const report = await h.ctx.http.get(`/api/esxi-projects/${pid}`).set(staff.auth);
      expect(
        report.body.vms.map((v: { sourceShutDown: boolean; status: string }) => [
          v.status,
          v.sourceShutDown,
        ]),
      ).toEqual([
        ['succeeded', true],
        ['succeeded', true],
      ]);

      // Globex cannot roll Acme's wave back; a wave that never ran has nothing to roll back.
      expect(
        (await h.ctx.http.post(`/api/esxi-projects/${pid}/waves/1/rollback`).set(globexSales.auth))
          .status,
      ).toBe(404);
      expect(
        (await h.ctx.http.post(`/api/esxi-projects/${pid}/waves/2/rollback`).set(staff.auth))
          .status,
      ).toBe(409);
      const rb = await h.ctx.http
        .post(`/api/esxi-projects/${pid}/waves/1/rollback`)
        .set(staff.auth);
      expectApiResponse('POST /esxi-projects/:id/waves/:id/rollback', rb);
      expect(rb.body).toMatchObject({ wave: 1, cancelled: 0, poweredOn: 2, errors: [] });
      expect(await power(a.moref)).toBe('poweredOn');
      expect(await power(b.moref)).toBe('poweredOn');
      expect(rb.body.project.vms.map((v: { status: string }) => v.status)).toEqual([
        'rolled-back',
        'rolled-back',
      ]);
    });

    interface ReportVm {
      name: string;
      status: string;
      jobId: string | null;
      guestId: string | null;
      error: string | null;
      agent: { answered: boolean; addresses: string[]; waitedSeconds: number } | null;
      hints: Array<{ type: string; message: string }>;
    }

    it('a rolled-back wave runs again: a VM whose guest is still there is refused, the others are imported again and their guest agent checked', async () => {
      const [a, b] = vms as [(typeof vms)[0], (typeof vms)[0]];
      const report = async () => {
        const res = await h.ctx.http.get(`/api/esxi-projects/${pid}`).set(staff.auth);
        return (expectApiResponse('GET /esxi-projects/:id', res) as { vms: ReportVm[] }).vms;
      };
      const before = await report();
      const firstGuests = before.map((v) => v.guestId!);
      expect(firstGuests.every(Boolean)).toBe(true);

      // Both guests of the first run are still there: nothing is imported twice.
      const again = await h.ctx.http
        .post(`/api/esxi-projects/${pid}/waves/1/run`)
        .set(staff.auth)
        .send({ start: true });
      expect([again.status, again.body.started, again.body.refused]).toEqual([202, 0, 2]);
      for (const v of again.body.project.vms as ReportVm[]) {
        expect(v.status).toBe('refused');
        expect(v.error).toMatch(/was imported before as .+; delete that guest to import it again$/);
      }
      // The agent can only be checked on guests that are started.
      const bad = await h.ctx.http
        .post(`/api/esxi-projects/${pid}/waves/1/run`)
        .set(staff.auth)
        .send({ start: false, verifyAgentSeconds: 10 });
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toContain('verifyAgentSeconds');

      // Staff remove the first run's guests; the wave then imports both VMs again.
      for (const guestId of firstGuests) {
        const g = await h.ctx.prisma.guest.findUniqueOrThrow({ where: { id: guestId } });
        const del = await h.ctx.http
          .delete(`/api/vms/${guestId}`)
          .query({ confirm: g.name ?? String(g.vmid) })
          .set(staff.auth);
        expect(del.status).toBe(202);
        expect((await h.waitJob(del.body.job.id, 60_000)).status).toBe('succeeded');
      }
      const rerun = await h.ctx.http
        .post(`/api/esxi-projects/${pid}/waves/1/run`)
        .set(staff.auth)
        .send({ start: true, shutdownSource: true, verifyAgentSeconds: 6 });
      expect([rerun.status, rerun.body.started, rerun.body.refused]).toEqual([202, 2, 0]);
      const rerunVms = rerun.body.project.vms as ReportVm[];
      expect(rerunVms.map((v) => v.guestId)).not.toContain(firstGuests[0]);
      expect(rerunVms.map((v) => v.guestId)).not.toContain(firstGuests[1]);

      // The guest OS of `a` runs qemu-guest-agent once it booted; `b`'s never does.
      const guestA = rerunVms.find((v) => v.name === a.name)!.guestId!;
      const until = Date.now() + 60_000;
      for (;;) {
        const row = await h.ctx.prisma.guest.findUniqueOrThrow({ where: { id: guestA } });
        const sim = row.vmid ? h.rt.state.guests.get(row.vmid) : undefined;
        if (sim?.status === 'running') {
          sim.guestAgent = true;
          sim.reportedAddress = '10.77.0.21';
          break;
        }
        if (Date.now() > until) throw new Error('the re-imported guest never ran');
        await new Promise((r) => setTimeout(r, 100));
      }
      for (const v of rerunVms)
        expect((await h.waitJob(v.jobId!, 120_000)).status).toBe('succeeded');
      expect(await power(a.moref)).toBe('poweredOff');
      expect(await power(b.moref)).toBe('poweredOff');

      const done = await report();
      const ra = done.find((v) => v.name === a.name)!;
      const rb2 = done.find((v) => v.name === b.name)!;
      expect([ra.status, rb2.status]).toEqual(['succeeded', 'succeeded']);
      expect(ra.agent).toMatchObject({ answered: true, addresses: ['10.77.0.21'] });
      expect(rb2.agent).toMatchObject({ answered: false, addresses: [] });
      expect(rb2.agent!.waitedSeconds).toBeGreaterThanOrEqual(5);
      // The VMs were created with the agent channel on (Proxmox's own config).
      for (const v of done) {
        const row = await h.ctx.prisma.guest.findUniqueOrThrow({ where: { id: v.guestId! } });
        expect(String(h.rt.state.guests.get(row.vmid!)!.config.agent)).toBe('1');
        // A Linux guest (l26) on pvscsi with a vmxnet3 NIC: its after-import checklist.
        expect(v.hints.map((x) => x.type)).toEqual([
          'remove-vmware-tools',
          'install-guest-agent',
          'virtio-scsi',
          'virtio-nic',
        ]);
      }
      const jobB = await h.ctx.http.get(`/api/jobs/${rb2.jobId}`).set(staff.auth);
      expect(JSON.stringify(jobB.body.log)).toContain('guest agent did not answer within 6 s');
      expect(h.contract.violations).toEqual([]);
    }, 300_000);
  });
});
