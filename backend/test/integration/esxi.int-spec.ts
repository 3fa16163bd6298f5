import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Company } from '../../src/generated/prisma/client';
import { AppConfig } from '../../src/config/app-config';
import { CoreModule } from '../../src/core.module';
import { EsxiModule } from '../../src/modules/esxi/esxi.module';
import { JobsModule } from '../../src/modules/jobs/jobs.module';
import { expectApiResponse } from '../helpers/api-response';
import { TestContext, type LoggedIn } from '../helpers/test-context';
import { startVcsim, vcsimSkipReason, type Vcsim } from '../helpers/vcsim';

const skip = vcsimSkipReason();
if (skip) console.warn(`ESXi discovery tests skipped: ${skip}`);
const describeVcsim = skip ? describe.skip : describe;

/**
 * ESXi / vCenter sources against VMware's own simulator (vcsim, built from test-peers/vcsim):
 * certificate pinning, test connection, discovery as a tracked job (paged property collection),
 * rediscovery's changes, refused credentials, tenancy.
 */
describeVcsim('esxi sources and discovery (integration, vcsim)', () => {
  let ctx: TestContext;
  let worker: INestApplicationContext;
  let esx: Vcsim;
  let acme: Company;
  let globex: Company;
  let staff: LoggedIn;
  let acmeSales: LoggedIn;
  let globexSales: LoggedIn;
  let acmeAdmin: LoggedIn;
  let sourceId: string;

  const http = () => ctx.http;
  const waitJob = async (id: string, timeoutMs = 60_000) => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const j = await ctx.prisma.job.findUniqueOrThrow({ where: { id } });
      if (['succeeded', 'failed', 'cancelled'].includes(j.status)) return j;
      if (Date.now() > until) throw new Error(`job ${id} still ${j.status} (${j.message})`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const addSource = async (
    v: Vcsim,
    companyId: string,
    auth = staff.auth,
    password = v.password,
  ) => {
    const res = await http()
      .post('/api/esxi-sources')
      .set(auth)
      .send({
        companyId,
        name: `esx ${v.port}`,
        host: v.host,
        port: v.port,
        username: v.user,
        password,
      });
    expectApiResponse('POST /esxi-sources', res);
    return res.body.id as string;
  };
  const acceptAndDiscover = async (id: string, fingerprint: string) => {
    expect(
      (
        await http()
          .post(`/api/esxi-sources/${id}/accept-certificate`)
          .set(staff.auth)
          .send({ fingerprint })
      ).status,
    ).toBe(200);
    const res = await http().post(`/api/esxi-sources/${id}/discover`).set(staff.auth);
    expect(res.status).toBe(202);
    return waitJob(res.body.job.id);
  };

  beforeAll(async () => {
    ctx = await TestContext.create();
    const config = ctx.config;
    @Module({
      imports: [
        CoreModule.forRoot(config),
        JobsModule.forWorker({ strict: false, schedulers: false, pollIntervalMs: 100 }),
        EsxiModule.forWorker(),
      ],
      providers: [{ provide: AppConfig, useValue: config }],
    })
    class EsxiTestWorker {}
    worker = await NestFactory.createApplicationContext(EsxiTestWorker, {
      logger: false,
      abortOnError: false,
    });
    await worker.init();
    esx = await startVcsim({ vms: 3, password: 'esx-secret' });
    acme = await ctx.newCompany();
    globex = await ctx.newCompany();
    staff = await ctx.login(await ctx.newUser({ role: 'super_admin' }));
    const s1 = await ctx.newUser({ role: 'salesperson' });
    await ctx.assignSales(s1.id, acme.id);
    acmeSales = await ctx.login(s1);
    const s2 = await ctx.newUser({ role: 'salesperson' });
    await ctx.assignSales(s2.id, globex.id);
    globexSales = await ctx.login(s2);
    acmeAdmin = await ctx.login(await ctx.newUser({ role: 'company_admin', companyId: acme.id }));
  }, 600_000); // a first run builds vcsim (minutes on a busy machine)
  afterAll(async () => {
    await worker?.close();
    await esx?.stop();
    await ctx?.close();
  });

  it('adds a source for a company; the password is stored encrypted and never answered', async () => {
    sourceId = await addSource(esx, acme.id, acmeSales.auth);
    const row = await ctx.prisma.esxiSource.findUniqueOrThrow({ where: { id: sourceId } });
    expect(row.password).not.toContain('esx-secret');
    const res = await http().get(`/api/esxi-sources/${sourceId}`).set(staff.auth);
    expectApiResponse('GET /esxi-sources/:id', res);
    expect(JSON.stringify(res.body)).not.toContain('esx-secret');
    expect(res.body).toMatchObject({
      companyId: acme.id,
      host: esx.host,
      port: esx.port,
      fingerprint: null,
    });
  });

  it('refuses bad input with a 400 and customers with a 403', async () => {
    const bad = await http()
      .post('/api/esxi-sources')
      .set(staff.auth)
      .send({ companyId: acme.id, name: 'x', host: 'a b;', port: 0, username: '', password: 'p' });
    expect(bad.status).toBe(400);
    const extra = await http()
      .post(`/api/esxi-sources/${sourceId}/accept-certificate`)
      .set(staff.auth)
      .send({ fingerprint: 'not-a-fingerprint' });
    expect(extra.status).toBe(400);
    expect((await http().get('/api/esxi-sources').set(acmeAdmin.auth)).status).toBe(403);
  });

  it('an unknown certificate needs acceptance: the test reports it, discovery is refused', async () => {
    const discover = await http().post(`/api/esxi-sources/${sourceId}/discover`).set(staff.auth);
    expect(discover.status).toBe(409);
    expect(discover.body.code).toBe('ESXI_CERTIFICATE_UNTRUSTED');

    const test = await http().post(`/api/esxi-sources/${sourceId}/test`).set(staff.auth);
    expectApiResponse('POST /esxi-sources/:id/test', test);
    expect(test.body).toMatchObject({ ok: false, trusted: false, fingerprint: esx.fingerprint });

    const wrong = await http()
      .post(`/api/esxi-sources/${sourceId}/accept-certificate`)
      .set(staff.auth)
      .send({ fingerprint: 'AB:'.repeat(31) + 'AB' });
    expect(wrong.status).toBe(409);
    expect(wrong.body.details).toEqual({ fingerprint: esx.fingerprint });

    const ok = await http()
      .post(`/api/esxi-sources/${sourceId}/accept-certificate`)
      .set(staff.auth)
      .send({ fingerprint: esx.fingerprint.toLowerCase() });
    expectApiResponse('POST /esxi-sources/:id/accept-certificate', ok);
    expect(ok.body.fingerprint).toBe(esx.fingerprint);
  });

  it('tests the connection: version, API type, VM count, latency', async () => {
    const res = await http().post(`/api/esxi-sources/${sourceId}/test`).set(staff.auth);
    expectApiResponse('POST /esxi-sources/:id/test', res);
    expect(res.body).toMatchObject({
      ok: true,
      trusted: true,
      apiType: 'HostAgent',
      vmCount: 3,
      error: null,
    });
    expect(res.body.version).toMatch(/^\d+\.\d+/);
    expect(res.body.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('discovers the VMs with CPUs, memory, disks and NICs, datastores and networks', async () => {
    const res = await http().post(`/api/esxi-sources/${sourceId}/discover`).set(staff.auth);
    expect(res.status).toBe(202);
    expectApiResponse('POST /esxi-sources/:id/discover', res);
    const job = await waitJob(res.body.job.id);
    expect(job.error).toBeNull();
    expect(job.status).toBe('succeeded');
    expect(job.progress).toBe(100);
    expect(job.companyId).toBe(acme.id);

    const vms = await http().get(`/api/esxi-sources/${sourceId}/vms`).set(staff.auth);
    expectApiResponse('GET /esxi-sources/:id/vms', vms);
    expect(vms.body.total).toBe(3);
    for (const vm of vms.body.items) {
      expect(vm.name).toMatch(/VM\d/);
      expect(vm.uuid).toMatch(/^[0-9a-f-]{36}$/);
      expect(vm.cpus).toBeGreaterThanOrEqual(1);
      expect(vm.memoryMb).toBeGreaterThan(0);
      expect(vm.firmware).toBe('bios');
      expect(['poweredOn', 'poweredOff', 'suspended']).toContain(vm.powerState);
      // The import finds the VM on Proxmox's esxi storage by its .vmx path.
      expect(vm.vmxPath).toBe(`[LocalDS_0] ${vm.name}/${vm.name}.vmx`);
      expect(vm.disks.length).toBeGreaterThanOrEqual(1);
      expect(vm.disks[0].fileName).toMatch(/^\[LocalDS_0\] .+\.vmdk$/);
      expect(vm.disks[0].datastore).toBe('LocalDS_0');
      expect(vm.disks[0].capacityBytes).toBeGreaterThan(0);
      expect(vm.nics.length).toBeGreaterThanOrEqual(1);
      expect(vm.nics[0].mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
      expect(vm.nics[0].network).toBe('VM Network');
      expect(vm.nics[0].model).toMatch(/e1000|vmxnet3|pcnet32/);
    }
    const filtered = await http()
      .get(`/api/esxi-sources/${sourceId}/vms`)
      .query({ search: vms.body.items[0].name })
      .set(staff.auth);
    expect(filtered.body.items.map((v: { name: string }) => v.name)).toEqual([
      vms.body.items[0].name,
    ]);

    const inv = await http().get(`/api/esxi-sources/${sourceId}/inventory`).set(staff.auth);
    expectApiResponse('GET /esxi-sources/:id/inventory', inv);
    expect(inv.body.datastores).toEqual([
      expect.objectContaining({ name: 'LocalDS_0', capacityBytes: expect.any(Number) }),
    ]);
    expect(inv.body.networks.map((n: { name: string }) => n.name)).toContain('VM Network');
    expect(inv.body.changes.added).toHaveLength(3);
    expect(inv.body.discoveredAt).not.toBeNull();
  });

  it('rediscovery records what was added, removed and changed', async () => {
    const stored = await ctx.prisma.esxiVm.findMany({
      where: { sourceId },
      orderBy: { name: 'asc' },
    });
    // What the platform knew differs from the host: one VM changed, one missing, one extra.
    await ctx.prisma.esxiVm.update({ where: { id: stored[0].id }, data: { cpus: 64 } });
    await ctx.prisma.esxiVm.delete({ where: { id: stored[1].id } });
    await ctx.prisma.esxiVm.create({
      data: {
        sourceId,
        companyId: acme.id,
        moref: 'vm-gone',
        name: 'decommissioned',
        cpus: 1,
        memoryMb: 512,
        powerState: 'poweredOff',
        ipAddresses: [],
        disks: [],
        nics: [],
        discoveredAt: new Date(),
      },
    });
    const res = await http().post(`/api/esxi-sources/${sourceId}/discover`).set(staff.auth);
    expect((await waitJob(res.body.job.id)).status).toBe('succeeded');
    const inv = await http().get(`/api/esxi-sources/${sourceId}/inventory`).set(staff.auth);
    expectApiResponse('GET /esxi-sources/:id/inventory', inv);
    expect(inv.body.changes).toEqual({
      added: [stored[1].name],
      removed: ['decommissioned'],
      changed: [{ name: stored[0].name, fields: ['cpus'] }],
    });
    expect(await ctx.prisma.esxiVm.count({ where: { sourceId } })).toBe(3);
  });

  it('pages through RetrievePropertiesEx / ContinueRetrievePropertiesEx on a larger host', async () => {
    const big = await startVcsim({ vms: 230, password: 'big' });
    try {
      const id = await addSource(big, acme.id);
      const job = await acceptAndDiscover(id, big.fingerprint);
      expect(job.error).toBeNull();
      expect(await ctx.prisma.esxiVm.count({ where: { sourceId: id } })).toBe(230);
      const logs = await ctx.prisma.jobLog.findMany({ where: { jobId: job.id } });
      const lines = logs.map((l) => l.line);
      expect(lines.join('\n')).toContain('Logged in to');
      expect(lines.filter((l) => /^page \d+:/.test(l))).toEqual([
        'page 1: 100 VMs',
        'page 2: 100 VMs',
        'page 3: 30 VMs',
      ]);
    } finally {
      await big.stop();
    }
  });

  it('reads a vCenter (VirtualCenter API)', async () => {
    const vc = await startVcsim({ mode: 'vcenter', vms: 2, password: 'vc' });
    try {
      const id = await addSource(vc, acme.id);
      const job = await acceptAndDiscover(id, vc.fingerprint);
      expect(job.error).toBeNull();
      const test = await http().post(`/api/esxi-sources/${id}/test`).set(staff.auth);
      expect(test.body).toMatchObject({ ok: true, apiType: 'VirtualCenter' });
      expect(test.body.vmCount).toBe(await ctx.prisma.esxiVm.count({ where: { sourceId: id } }));
    } finally {
      await vc.stop();
    }
  });

  it('a wrong password is a clear error, in the test and in the discovery job', async () => {
    const id = await addSource(esx, acme.id, staff.auth, 'wrong-password');
    await http()
      .post(`/api/esxi-sources/${id}/accept-certificate`)
      .set(staff.auth)
      .send({ fingerprint: esx.fingerprint });
    const test = await http().post(`/api/esxi-sources/${id}/test`).set(staff.auth);
    expect(test.status).toBe(422);
    expect(test.body.code).toBe('ESXI_LOGIN_FAILED');
    expect(test.body.message).toMatch(/refused the user name and password/);
    const res = await http().post(`/api/esxi-sources/${id}/discover`).set(staff.auth);
    const job = await waitJob(res.body.job.id);
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/refused the user name and password/);
    const src = await http().get(`/api/esxi-sources/${id}`).set(staff.auth);
    expect(src.body.lastError).toMatch(/refused/);

    // Fixing the password makes it work.
    const fix = await http()
      .patch(`/api/esxi-sources/${id}`)
      .set(staff.auth)
      .send({ password: esx.password });
    expect(fix.status).toBe(200);
    expect((await http().post(`/api/esxi-sources/${id}/test`).set(staff.auth)).body.ok).toBe(true);
  });

  it('Acme’s sources are invisible to Globex’s salesperson, and he cannot add one for Acme', async () => {
    const list = await http().get('/api/esxi-sources').set(globexSales.auth);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([]);
    for (const path of ['', '/vms', '/inventory'])
      expect(
        (await http().get(`/api/esxi-sources/${sourceId}${path}`).set(globexSales.auth)).status,
      ).toBe(404);
    for (const path of ['/test', '/discover'])
      expect(
        (await http().post(`/api/esxi-sources/${sourceId}${path}`).set(globexSales.auth)).status,
      ).toBe(404);
    expect(
      (await http().delete(`/api/esxi-sources/${sourceId}`).set(globexSales.auth)).status,
    ).toBe(404);
    const add = await http().post('/api/esxi-sources').set(globexSales.auth).send({
      companyId: acme.id,
      name: 'x',
      host: esx.host,
      port: esx.port,
      username: 'u',
      password: 'p',
    });
    expect(add.status).toBe(404);
    const own = await http()
      .get('/api/esxi-sources')
      .query({ companyId: acme.id })
      .set(acmeSales.auth);
    expect(own.body.total).toBeGreaterThanOrEqual(1);
    expect(own.body.items.every((s: { companyId: string }) => s.companyId === acme.id)).toBe(true);
  });
});
