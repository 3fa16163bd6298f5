import { JOB_CATALOG } from '@multpanel/contracts';
import type { Company, User } from '../../src/generated/prisma/client';
import { expectApiResponse } from '../helpers/api-response';
import type { LoggedIn } from '../helpers/test-context';
import { QueueService } from '../../src/common/queue/queue.service';
import { JobRegistry } from '../../src/modules/jobs/job-registry';
import { DemoEstateService } from '../../src/modules/vms/vms-demo-seed';
import { VmsHarness } from './vms-harness';

/**
 * VMs end to end: real HTTP app, MariaDB, Redis, a worker running the VM jobs and the
 * in-process Proxmox simulator. Every Proxmox request is checked against the PVE 9.1 schema.
 */
describe('vms, jobs, quotas, grants (integration)', () => {
  let h: VmsHarness;
  let acme: Company;
  let globex: Company;
  let acmeAdmin: LoggedIn;
  let acmeUser: User;
  let acmeUserAuth: LoggedIn;
  let globexAdmin: LoggedIn;
  let templateId: string;
  let nodes: string[];
  const SSH = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHxExampleKeyForTests ops@example';

  const http = () => h.ctx.http;
  const vmBody = (over: Record<string, unknown> = {}) =>
    h.vmBody(acme.id, templateId, 'vm', {
      networks: [{ bridge: 'vmbr0', vlan: 10 }],
      cloudInit: { user: 'ops', password: 's3cret-pw', sshKeys: [SSH], ipConfig: [{ ip: 'dhcp' }] },
      tags: ['int'],
      ...over,
    });
  const createVm = async (auth = acmeAdmin.auth, over: Record<string, unknown> = {}) => {
    const res = await http().post('/api/vms').set(auth).send(vmBody(over));
    expect(res.status).toBe(202);
    expectApiResponse('POST /vms', res);
    const job = await h.waitJob(res.body.job.id);
    expect(job).toMatchObject({ status: 'succeeded' });
    return res.body.vmId as string;
  };
  const runJob = async (req: Promise<{ status: number; body: { job: { id: string } } }>) => {
    const res = await req;
    expect(res.status).toBe(202);
    return h.waitJob(res.body.job.id);
  };
  const usage = async (companyId: string) =>
    (await http().get(`/api/companies/${companyId}/quota`).set(h.admin.auth)).body.usage;

  beforeAll(async () => {
    h = await VmsHarness.start();
    await h.startWorker();
    nodes = h.rt.state.nodes.map((n) => n.name);
    acme = await h.ctx.newCompany({
      maxGuests: 50,
      maxVcpus: 200,
      maxMemoryMb: 512_000,
      maxDiskGb: 20_000,
    });
    globex = await h.ctx.newCompany();
    acmeAdmin = await h.ctx.login(
      await h.ctx.newUser({ role: 'company_admin', companyId: acme.id }),
    );
    acmeUser = await h.ctx.newUser({ role: 'user', companyId: acme.id });
    acmeUserAuth = await h.ctx.login(acmeUser);
    globexAdmin = await h.ctx.login(
      await h.ctx.newUser({ role: 'company_admin', companyId: globex.id }),
    );

    const scan = await runJob(
      http().post('/api/templates/scan').set(h.admin.auth).send({ clusterId: h.clusterId }),
    );
    expect(scan.status).toBe('succeeded');
    const list = await http()
      .get('/api/templates')
      .query({ clusterId: h.clusterId, pageSize: 200 })
      .set(h.admin.auth);
    // Suites of one run share the database: only this suite's cluster counts.
    const tpl = list.body.items.find(
      (t: { kind: string; clusterId: string }) => t.kind === 'qemu' && t.clusterId === h.clusterId,
    );
    expect(tpl).toBeDefined();
    templateId = tpl.id;
    const upd = await http()
      .put(`/api/templates/${templateId}`)
      .set(h.admin.auth)
      .send({ allowedCompanyIds: [acme.id] });
    expect(upd.status).toBe(200);
  });
  afterAll(async () => {
    await h?.close();
    expect(h.contract.violations).toEqual([]);
  });

  it('lists templates only to companies allowed to use them', async () => {
    expect(
      (await http().get('/api/templates').set(acmeAdmin.auth)).body.items.map(
        (t: { id: string }) => t.id,
      ),
    ).toEqual([templateId]);
    expect((await http().get('/api/templates').set(globexAdmin.auth)).body.items).toEqual([]);
    const media = await http()
      .get('/api/media')
      .query({ clusterId: h.clusterId, kind: 'iso' })
      .set(acmeAdmin.auth);
    expect(media.status).toBe(200);
    expect(media.body.length).toBeGreaterThan(0);
    expectApiResponse('GET /media', media);
  });

  it('creates a VM from a template exactly once, honouring Idempotency-Key', async () => {
    const body = vmBody();
    const key = h.ctx.unique('idem');
    const [a, b] = await Promise.all([
      http().post('/api/vms').set(acmeAdmin.auth).set('Idempotency-Key', key).send(body),
      http().post('/api/vms').set(acmeAdmin.auth).set('Idempotency-Key', key).send(body),
    ]);
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(b.body.job.id).toBe(a.body.job.id);
    expect(b.body.vmId).toBe(a.body.vmId);
    const job = await h.waitJob(a.body.job.id);
    expect(job.status).toBe('succeeded');
    const again = await http()
      .post('/api/vms')
      .set(acmeAdmin.auth)
      .set('Idempotency-Key', key)
      .send(body);
    expect(again.body.job.id).toBe(a.body.job.id);

    expect(h.simGuestsNamed(body.name)).toHaveLength(1);
    expect(await h.ctx.prisma.guest.count({ where: { name: body.name, goneAt: null } })).toBe(1);

    const vm = await http().get(`/api/vms/${a.body.vmId}`).set(acmeAdmin.auth);
    expect(vm.status).toBe(200);
    expect(vm.body).toMatchObject({
      name: body.name,
      companyId: acme.id,
      kind: 'qemu',
      rights: expect.arrayContaining(['power', 'edit']),
    });
    expect(vm.body.live).toMatchObject({ status: 'stopped' });
    expect(vm.body.addresses).toBeNull();
    expect(vm.body.config).toMatchObject({
      cores: 2,
      memoryMb: 1024,
      hasPassword: true,
      cloudInit: { ciuser: 'ops', ipconfig0: 'ip=dhcp', sshkeys: SSH },
    });
    expect(vm.body.config.disks[0].sizeGb).toBe(40);
    expect(vm.body.config.networks[0]).toMatchObject({ bridge: 'vmbr0', vlan: 10 });
    expect(JSON.stringify(vm.body)).not.toContain('s3cret-pw');
    const stored = await h.ctx.prisma.job.findUniqueOrThrow({ where: { id: a.body.job.id } });
    expect(JSON.stringify(stored.params)).not.toContain('s3cret-pw');

    const detail = await http().get(`/api/jobs/${a.body.job.id}`).set(acmeAdmin.auth);
    expect(detail.body).toMatchObject({
      status: 'succeeded',
      progress: 100,
      guestId: a.body.vmId,
      upid: expect.stringMatching(/^UPID:/),
    });
    const log = detail.body.log.map((l: { line: string }) => l.line).join('\n');
    expect(log).toMatch(/placement:[\s\S]*chose /);
    expect(log).toMatch(/allocated VMID \d+/);

    const list = await http().get('/api/vms').query({ search: body.name }).set(acmeAdmin.auth);
    expect(list.body).toMatchObject({
      total: 1,
      items: [{ id: a.body.vmId, status: 'stopped', tags: ['int'] }],
    });
  });

  it('starts, snapshots, resizes, changes, stops and deletes a VM', async () => {
    const id = await createVm();
    const name = (await h.ctx.prisma.guest.findUniqueOrThrow({ where: { id } })).name!;
    const start = await http()
      .post(`/api/vms/${id}/control`)
      .set(acmeAdmin.auth)
      .send({ action: 'start' });
    expectApiResponse('POST /vms/:id/control', start);
    expect(await runJob(Promise.resolve(start))).toMatchObject({ status: 'succeeded' });
    expect((await h.ctx.prisma.guest.findUniqueOrThrow({ where: { id } })).status).toBe('running');
    // The graphs show only points since the platform first saw the guest: seen an hour ago, the
    // simulator's hour series has some.
    await h.ctx.prisma.guest.update({
      where: { id },
      data: { firstSeenAt: new Date(Date.now() - 3_600_000) },
    });
    const rrd = await http()
      .get(`/api/vms/${id}/rrd`)
      .query({ timeframe: 'hour' })
      .set(acmeAdmin.auth);
    expect((expectApiResponse('GET /vms/:id/rrd', rrd) as unknown[]).length).toBeGreaterThan(0);

    // The guest page's addresses: from the QEMU guest agent (loopback left out), null without it.
    const simGuest = h.rt.state.guests.get(h.simGuestsNamed(name)[0])!;
    simGuest.guestAgent = true;
    const withAgent = await http().get(`/api/vms/${id}`).set(acmeAdmin.auth);
    expect(withAgent.body.addresses).toEqual([
      { name: 'eth0', ipv4: [expect.stringMatching(/^10\.20\.\d+\.\d+$/)], ipv6: [] },
    ]);
    simGuest.guestAgent = false;
    const noAgent = await http().get(`/api/vms/${id}`).set(acmeAdmin.auth);
    expect([noAgent.status, noAgent.body.live.status, noAgent.body.addresses]).toEqual([
      200,
      'running',
      null,
    ]);

    const snap = await http()
      .post(`/api/vms/${id}/snapshots`)
      .set(acmeAdmin.auth)
      .send({ name: 'before', includeRam: true });
    expectApiResponse('POST /vms/:id/snapshots', snap);
    expect(await runJob(Promise.resolve(snap))).toMatchObject({ status: 'succeeded' });
    const snaps = await http().get(`/api/vms/${id}/snapshots`).set(acmeAdmin.auth);
    expectApiResponse('GET /vms/:id/snapshots', snaps);
    expect(snaps.body).toEqual([expect.objectContaining({ name: 'before', includesRam: true })]);

    const detail = await http().get(`/api/vms/${id}`).set(acmeAdmin.auth);
    const disk = detail.body.config.disks[0].key;
    const shrink = await http()
      .put(`/api/vms/${id}`)
      .set(acmeAdmin.auth)
      .send({ disk: { disk, sizeGb: 10 } });
    expect(shrink.status).toBe(400);
    expect(shrink.body.code).toBe('DISK_SHRINK');
    const before = await usage(acme.id);
    const grow = await http()
      .put(`/api/vms/${id}`)
      .set(acmeAdmin.auth)
      .send({ disk: { disk, sizeGb: 60 } });
    expect(grow.status).toBe(202);
    expectApiResponse('PUT /vms/:id', grow);
    expect(await h.waitJob(grow.body.job.id)).toMatchObject({ status: 'succeeded' });
    expect((await usage(acme.id)).diskGb).toBe(before.diskGb + 20);
    const changed = await http()
      .put(`/api/vms/${id}`)
      .set(acmeAdmin.auth)
      .send({ cores: 3, tags: ['int', 'web'], onboot: true });
    expect(changed.status).toBe(200);
    expectApiResponse('PUT /vms/:id', changed);
    expect(changed.body).toMatchObject({
      tags: ['int', 'web'],
      config: { cores: 3, onboot: true },
    });
    expect(changed.body.config.disks[0].sizeGb).toBe(60);

    const rollback = await http()
      .post(`/api/vms/${id}/snapshots/before/rollback`)
      .set(acmeAdmin.auth);
    expectApiResponse('POST /vms/:id/snapshots/:id/rollback', rollback);
    expect(await runJob(Promise.resolve(rollback))).toMatchObject({ status: 'succeeded' });
    const unsnap = await http().delete(`/api/vms/${id}/snapshots/before`).set(acmeAdmin.auth);
    expectApiResponse('DELETE /vms/:id/snapshots/:id', unsnap);
    expect(await runJob(Promise.resolve(unsnap))).toMatchObject({ status: 'succeeded' });
    expect(
      await runJob(
        http().post(`/api/vms/${id}/control`).set(acmeAdmin.auth).send({ action: 'stop' }),
      ),
    ).toMatchObject({ status: 'succeeded' });
    expect((await h.ctx.prisma.guest.findUniqueOrThrow({ where: { id } })).status).toBe('stopped');

    const wrong = await http()
      .delete(`/api/vms/${id}`)
      .query({ confirm: 'nope' })
      .set(acmeAdmin.auth);
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('CONFIRM_MISMATCH');
    const usageBefore = await usage(acme.id);
    const removed = await http()
      .delete(`/api/vms/${id}`)
      .query({ confirm: name, purge: '1' })
      .set(acmeAdmin.auth);
    expectApiResponse('DELETE /vms/:id', removed);
    expect(await runJob(Promise.resolve(removed))).toMatchObject({ status: 'succeeded' });
    expect((await http().get(`/api/vms/${id}`).set(acmeAdmin.auth)).status).toBe(404);
    expect(h.simGuestsNamed(name)).toHaveLength(0);
    expect((await usage(acme.id)).guests).toBe(usageBefore.guests - 1);
  });

  it('migrates a VM (staff only) and converts one to a template the company may then use', async () => {
    const id = await createVm();
    const g = await h.ctx.prisma.guest.findUniqueOrThrow({ where: { id } });
    const target = nodes.find((n) => n !== g.node)!;
    // Moving a guest between nodes is staff-only (vm.migrate): the company admin is refused.
    for (const res of [
      await http().post(`/api/vms/${id}/migrate`).set(acmeAdmin.auth).send({ targetNode: target }),
      await http().get(`/api/vms/${id}/migrate-targets`).set(acmeAdmin.auth),
    ]) {
      expect([res.status, res.body.code]).toEqual([403, 'FORBIDDEN']);
    }
    expect((await h.ctx.prisma.guest.findUniqueOrThrow({ where: { id } })).node).toBe(g.node);
    // A salesperson of another company sees nothing (404); the company's own salesperson moves it.
    const otherSales = await h.ctx.newUser({ role: 'salesperson' });
    await h.ctx.assignSales(otherSales.id, globex.id);
    const foreign = await http()
      .post(`/api/vms/${id}/migrate`)
      .set((await h.ctx.login(otherSales)).auth)
      .send({ targetNode: target });
    expect([foreign.status, foreign.body.code]).toEqual([404, 'NOT_FOUND']);
    const sales = await h.ctx.newUser({ role: 'salesperson' });
    await h.ctx.assignSales(sales.id, acme.id);
    const salesAuth = (await h.ctx.login(sales)).auth;
    const targets = await http().get(`/api/vms/${id}/migrate-targets`).set(salesAuth);
    expectApiResponse('GET /vms/:id/migrate-targets', targets);
    const migrate = await http()
      .post(`/api/vms/${id}/migrate`)
      .set(salesAuth)
      .send({ targetNode: target });
    expectApiResponse('POST /vms/:id/migrate', migrate);
    expect(await runJob(Promise.resolve(migrate))).toMatchObject({ status: 'succeeded' });
    expect((await h.ctx.prisma.guest.findUniqueOrThrow({ where: { id } })).node).toBe(target);
    const template = await http().post(`/api/vms/${id}/template`).set(acmeAdmin.auth);
    expectApiResponse('POST /vms/:id/template', template);
    expect(await runJob(Promise.resolve(template))).toMatchObject({ status: 'succeeded' });
    const templates = await http().get('/api/templates').set(acmeAdmin.auth);
    expect(templates.body.items.map((t: { name: string }) => t.name)).toContain(g.name);
  });

  it('answers input errors with clear 4xx codes', async () => {
    const unknown = await http()
      .post('/api/vms')
      .set(acmeAdmin.auth)
      .send(
        vmBody({
          source: { type: 'template', templateId: '0190a0a0-0000-7000-8000-00000000dead' },
        }),
      );
    expect([unknown.status, unknown.body.code]).toEqual([404, 'NOT_FOUND']);
    const vlan = await http()
      .post('/api/vms')
      .set(acmeAdmin.auth)
      .send(vmBody({ networks: [{ bridge: 'vmbr0', vlan: 5000 }] }));
    expect([vlan.status, vlan.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(JSON.stringify(vlan.body.details)).toMatch(/networks\.0\.vlan/);
    h.setNodeOnline(nodes[2], false);
    try {
      const off = await http()
        .post('/api/vms')
        .set(acmeAdmin.auth)
        .send(vmBody({ clusterId: h.clusterId, node: nodes[2] }));
      expect([off.status, off.body.code]).toEqual([409, 'NODE_OFFLINE']);
    } finally {
      h.setNodeOnline(nodes[2], true);
    }
    const tiny = await h.ctx.newCompany({ maxVcpus: 1 });
    const tinyAdmin = await h.ctx.login(
      await h.ctx.newUser({ role: 'company_admin', companyId: tiny.id }),
    );
    await http()
      .put(`/api/templates/${templateId}`)
      .set(h.admin.auth)
      .send({ allowedCompanyIds: [acme.id, tiny.id] });
    const over = await http()
      .post('/api/vms')
      .set(tinyAdmin.auth)
      .send(vmBody({ companyId: tiny.id }));
    expect([over.status, over.body.code]).toEqual([409, 'QUOTA_EXCEEDED']);
    expect(over.body.details).toMatchObject({ limit: 'vcpus', max: 1 });
  });

  it('lets exactly one of two concurrent creates pass at the quota limit', async () => {
    const co = await h.ctx.newCompany({ maxGuests: 1 });
    const admin = await h.ctx.login(
      await h.ctx.newUser({ role: 'company_admin', companyId: co.id }),
    );
    await http()
      .put(`/api/templates/${templateId}`)
      .set(h.admin.auth)
      .send({ allowedCompanyIds: [acme.id, co.id] });
    const results = await Promise.all(
      [1, 2].map(() =>
        http()
          .post('/api/vms')
          .set(admin.auth)
          .send(vmBody({ companyId: co.id })),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([202, 409]);
    expect(results.find((r) => r.status === 409)!.body.code).toBe('QUOTA_EXCEEDED');
    await h.waitJob(results.find((r) => r.status === 202)!.body.job.id);
    expect(await usage(co.id)).toMatchObject({ guests: 1, vcpus: 2 });
  });

  it('hides every VM route of another company behind 404', async () => {
    const id = await createVm();
    const job = (await http().get('/api/jobs').query({ guestId: id }).set(acmeAdmin.auth)).body
      .items[0];
    const g = globexAdmin.auth;
    const calls = [
      http().get(`/api/vms/${id}`).set(g),
      http().get(`/api/vms/${id}/rrd`).set(g),
      http().put(`/api/vms/${id}`).set(g).send({ cores: 4 }),
      http().delete(`/api/vms/${id}`).query({ confirm: 'x' }).set(g),
      http().post(`/api/vms/${id}/control`).set(g).send({ action: 'start' }),
      http().get(`/api/vms/${id}/snapshots`).set(g),
      http().post(`/api/vms/${id}/snapshots`).set(g).send({ name: 'x1' }),
      http().post(`/api/vms/${id}/snapshots/x1/rollback`).set(g),
      http().delete(`/api/vms/${id}/snapshots/x1`).set(g),
      http().post(`/api/vms/${id}/template`).set(g),
      http().get(`/api/vms/${id}/grants`).set(g),
      http().put(`/api/vms/${id}/grants`).set(g).send([]),
      http().get(`/api/jobs/${job.id}`).set(g),
      http().get(`/api/companies/${acme.id}/quota`).set(g),
      http().post('/api/vms').set(g).send(vmBody()),
    ];
    for (const res of await Promise.all(calls)) {
      expect([res.status, res.body.code]).toEqual([404, 'NOT_FOUND']);
    }
    const bulk = await http()
      .post('/api/vms/bulk')
      .set(g)
      .send({ ids: [id], action: 'start' });
    expect(bulk.body.results).toEqual([
      { id, ok: false, error: expect.objectContaining({ code: 'NOT_FOUND' }) },
    ]);
    const list = await http().get('/api/vms').query({ pageSize: 500 }).set(g);
    expect(list.body.items.map((v: { id: string }) => v.id)).not.toContain(id);
    expect(
      (await http().get('/api/jobs').query({ pageSize: 200 }).set(g)).body.items.map(
        (j: { id: string }) => j.id,
      ),
    ).not.toContain(job.id);
  });

  it('shows a `user` only granted VMs and checks each right', async () => {
    const [a, b, c] = [await createVm(), await createVm(), await createVm()];
    const put = await http()
      .put(`/api/vms/${a}/grants`)
      .set(acmeAdmin.auth)
      .send([{ userId: acmeUser.id, rights: ['view'] }]);
    expect(put.status).toBe(200);
    expect(put.body).toEqual([expect.objectContaining({ userId: acmeUser.id, rights: ['view'] })]);
    expectApiResponse('PUT /vms/:id/grants', put);
    const grants = await http().get(`/api/vms/${a}/grants`).set(acmeAdmin.auth);
    expect(expectApiResponse('GET /vms/:id/grants', grants)).toEqual(put.body);
    await http()
      .put(`/api/vms/${b}/grants`)
      .set(acmeAdmin.auth)
      .send([{ userId: acmeUser.id, rights: ['power'] }]);

    const list = await http().get('/api/vms').query({ pageSize: 500 }).set(acmeUserAuth.auth);
    expect(list.body.items.map((v: { id: string }) => v.id).sort()).toEqual([a, b].sort());
    expect((await http().get(`/api/vms/${c}`).set(acmeUserAuth.auth)).status).toBe(404);
    const denied = await http()
      .post(`/api/vms/${a}/control`)
      .set(acmeUserAuth.auth)
      .send({ action: 'start' });
    expect([denied.status, denied.body.code]).toEqual([403, 'FORBIDDEN']);
    expect(
      await runJob(
        http().post(`/api/vms/${b}/control`).set(acmeUserAuth.auth).send({ action: 'start' }),
      ),
    ).toMatchObject({ status: 'succeeded' });
    expect((await http().get(`/api/vms/${b}`).set(acmeUserAuth.auth)).body.rights.sort()).toEqual([
      'power',
      'view',
    ]);
    const jobs = await http().get('/api/jobs').query({ pageSize: 200 }).set(acmeUserAuth.auth);
    expect(jobs.body.items.length).toBeGreaterThan(0);
    expect(new Set(jobs.body.items.map((j: { guestId: string }) => j.guestId))).toEqual(
      new Set(
        jobs.body.items
          .map((j: { guestId: string }) => j.guestId)
          .filter((x: string) => x === a || x === b),
      ),
    );
    expect((await http().put(`/api/vms/${b}/grants`).set(acmeUserAuth.auth).send([])).status).toBe(
      403,
    );
    const bulk = await http()
      .post('/api/vms/bulk')
      .set(acmeUserAuth.auth)
      .send({ ids: [a, b, c], action: 'stop' });
    expectApiResponse('POST /vms/bulk', bulk);
    expect(
      bulk.body.results.map(
        (r: { ok: boolean; error?: { code: string } }) => r.ok || r.error!.code,
      ),
    ).toEqual(['FORBIDDEN', true, 'NOT_FOUND']);
  });

  it('requests, refuses and approves a quota increase', async () => {
    const req = await http()
      .post('/api/quota-requests')
      .set(acmeAdmin.auth)
      .send({ companyId: acme.id, requested: { guests: 80 }, reason: 'new project' });
    expect(req.status).toBe(201);
    expect(
      (await http().post(`/api/quota-requests/${req.body.id}/approve`).set(acmeAdmin.auth).send({}))
        .status,
    ).toBe(403);
    expect(
      (
        await http()
          .post(`/api/quota-requests/${req.body.id}/approve`)
          .set(globexAdmin.auth)
          .send({})
      ).status,
    ).toBe(403);
    const ok = await http()
      .post(`/api/quota-requests/${req.body.id}/approve`)
      .set(h.admin.auth)
      .send({ note: 'fine' });
    expect(ok.body).toMatchObject({ status: 'approved', note: 'fine' });
    expect(
      (await http().get(`/api/companies/${acme.id}/quota`).set(acmeAdmin.auth)).body.limits.guests,
    ).toBe(80);
    expect(
      (await http().post(`/api/quota-requests/${req.body.id}/decline`).set(h.admin.auth).send({}))
        .status,
    ).toBe(409);
  });

  it('pages quota requests on the server, newest first, within the caller scope', async () => {
    const ids: string[] = [];
    for (const guests of [81, 82, 83]) {
      const r = await http()
        .post('/api/quota-requests')
        .set(acmeAdmin.auth)
        .send({ companyId: acme.id, requested: { guests }, reason: `paging ${guests}` });
      expect(r.status).toBe(201);
      ids.push(r.body.id);
    }
    const page = (n: number) =>
      http()
        .get('/api/quota-requests')
        .query({ companyId: acme.id, status: 'pending', page: n, pageSize: 2 })
        .set(acmeAdmin.auth);
    const first = await page(1);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ page: 1, pageSize: 2 });
    expect(first.body.total).toBeGreaterThanOrEqual(3);
    expect(first.body.items.map((i: { id: string }) => i.id)).toEqual([ids[2], ids[1]]);
    const second = await page(2);
    expect(second.body.items[0].id).toBe(ids[0]);
    const foreign = await http()
      .get('/api/quota-requests')
      .query({ pageSize: 200 })
      .set(globexAdmin.auth);
    expect(foreign.body.items.some((i: { id: string }) => ids.includes(i.id))).toBe(false);
    // Asking for another company by id narrows to nothing; it never widens the scope.
    const asked = await http()
      .get('/api/quota-requests')
      .query({ companyId: acme.id })
      .set(globexAdmin.auth);
    expect(asked.status).toBe(200);
    expect(asked.body).toMatchObject({ items: [], total: 0 });
    const bad = await http().get('/api/quota-requests').query({ pageSize: 0 }).set(acmeAdmin.auth);
    expect(bad.status).toBe(400);
  });

  it('demo estate: Acme and Globex get VMs and containers, templates and user grants', async () => {
    // Upserts by the demo slugs/email without touching anything another suite may have set.
    const demo = await Promise.all(
      ['acme', 'globex'].map((slug) =>
        h.ctx.prisma.company.upsert({ where: { slug }, create: { slug, name: slug }, update: {} }),
      ),
    );
    await h.ctx.prisma.user.upsert({
      where: { email: 'user@acme.demo' },
      create: { email: 'user@acme.demo', name: 'Andy', role: 'user', companyId: demo[0].id },
      update: {},
    });
    const demoEstate = h.ctx.app.get(DemoEstateService);
    const r = await demoEstate.assign();
    expect(r).not.toBeNull();
    for (const c of demo) {
      const owned = await h.ctx.prisma.guest.findMany({ where: { companyId: c.id, goneAt: null } });
      expect(owned.length).toBeGreaterThan(0);
    }
    const acmeGuests = await h.ctx.prisma.guest.findMany({
      where: { companyId: demo[0].id, goneAt: null },
    });
    expect(new Set(acmeGuests.map((g) => g.status))).toEqual(new Set(['running', 'stopped']));
    expect(await h.ctx.prisma.vmGrant.count({ where: { companyId: demo[0].id } })).toBeGreaterThan(
      0,
    );
    const usable = await h.ctx.prisma.vmTemplate.findMany({
      where: { goneAt: null },
      include: { companies: true },
    });
    expect(usable.some((t) => t.companies.some((c) => c.companyId === demo[1].id))).toBe(true);
    // Running it again changes nothing.
    const again = await demoEstate.assign();
    expect(again?.assigned ?? {}).toEqual({});
  });

  it('pushes job.updated only to principals who may see the guest', async () => {
    const id = await createVm();
    const other = await createVm();
    await http()
      .put(`/api/vms/${id}/grants`)
      .set(acmeAdmin.auth)
      .send([{ userId: acmeUser.id, rights: ['power'] }]);
    const { WebSocket } = await import('ws');
    const wsUrl = (auth: LoggedIn) =>
      `${h.ctx.baseUrl.replace('http', 'ws')}/api/events?token=${auth.accessToken}`;
    const collect = (auth: LoggedIn) => {
      const seen: Array<{ guestId: string; status: string }> = [];
      const ws = new WebSocket(wsUrl(auth));
      ws.on('message', (m) => {
        const msg = JSON.parse(String(m));
        if (msg.type === 'job.updated') seen.push(msg.payload);
      });
      return { seen, ready: new Promise((r) => ws.once('message', r)), ws };
    };
    const user = collect(acmeUserAuth);
    const rival = collect(globexAdmin);
    await Promise.all([user.ready, rival.ready]);
    await runJob(
      http().post(`/api/vms/${id}/control`).set(acmeAdmin.auth).send({ action: 'start' }),
    );
    await runJob(
      http().post(`/api/vms/${other}/control`).set(acmeAdmin.auth).send({ action: 'start' }),
    );
    await new Promise((r) => setTimeout(r, 300));
    user.ws.close();
    rival.ws.close();
    expect(user.seen.some((j) => j.guestId === id && j.status === 'succeeded')).toBe(true);
    expect(user.seen.filter((j) => j.guestId === other)).toEqual([]);
    expect(rival.seen).toEqual([]);
  });

  describe('faults', () => {
    afterEach(() => {
      h.setSpeed(0.05);
      h.failNextTasks(0);
      for (const n of nodes) h.setNodeOnline(n, true);
    });

    it('resumes the same clone task after the worker is killed mid-clone (no duplicate)', async () => {
      h.setSpeed(5); // a linked clone takes ~3 s
      const body = vmBody();
      const res = await http().post('/api/vms').set(acmeAdmin.auth).send(body);
      expect(res.status).toBe(202);
      let upid: string | null = null;
      for (let i = 0; i < 100 && !upid; i++) {
        upid = (await h.ctx.prisma.job.findUniqueOrThrow({ where: { id: res.body.job.id } })).upid;
        if (!upid) await new Promise((r) => setTimeout(r, 50));
      }
      expect(upid).toMatch(/qmclone/);
      await h.killWorker();
      expect(
        (await h.ctx.prisma.job.findUniqueOrThrow({ where: { id: res.body.job.id } })).status,
      ).toBe('running');
      await h.startWorker();
      const job = await h.waitJob(res.body.job.id, 30_000);
      expect(job.status).toBe('succeeded');
      expect(h.simGuestsNamed(body.name)).toHaveLength(1);
      expect(await h.ctx.prisma.guest.count({ where: { name: body.name, goneAt: null } })).toBe(1);
      const log = (await h.ctx.prisma.jobLog.findMany({ where: { jobId: res.body.job.id } })).map(
        (l) => l.line,
      );
      // The clone task was started once and followed again by the new worker.
      expect(log).toContain(`following task ${upid} again after a restart`);
      expect(log.filter((l) => l.startsWith('clone: task'))).toEqual([`clone: task ${upid}`]);
    });

    it('recovers at worker start a job the database has as running but BullMQ lost', async () => {
      const id = { id: await createVm() };
      await h.stopWorker();
      const res = await http()
        .post(`/api/vms/${id.id}/control`)
        .set(acmeAdmin.auth)
        .send({ action: 'start' });
      expect(res.status).toBe(202);
      // As if Redis had been flushed while the job was running.
      await h.ctx.app.get(QueueService).removeTracked({ id: res.body.job.id, type: 'vm.power' });
      await h.ctx.prisma.job.update({
        where: { id: res.body.job.id },
        data: { status: 'running' },
      });
      const worker = await h.startWorker();
      const missing = worker.get(JobRegistry).missing();
      expect(missing.filter((n) => n.startsWith('vm.') && JOB_CATALOG[n].tracked)).toEqual([]);
      expect(await h.waitJob(res.body.job.id)).toMatchObject({ status: 'succeeded' });
      const log = await h.ctx.prisma.jobLog.findMany({ where: { jobId: res.body.job.id } });
      expect(log.map((l) => l.line)).toContain('worker restarted: job recovered');
    });

    it('records a simulator task failure clearly and releases the quota', async () => {
      const before = await usage(acme.id);
      h.failNextTasks(1);
      const body = vmBody();
      const res = await http().post('/api/vms').set(acmeAdmin.auth).send(body);
      const job = await h.waitJob(res.body.job.id);
      expect(job.status).toBe('failed');
      expect(job.error).toMatch(/simulated failure/);
      expect(await usage(acme.id)).toEqual(before);
      expect(await h.ctx.prisma.guest.count({ where: { name: body.name, goneAt: null } })).toBe(0);
      expect((await http().get(`/api/vms/${res.body.vmId}`).set(acmeAdmin.auth)).status).toBe(404);
    });

    it('fails a create whose node went offline before the worker ran it', async () => {
      await h.stopWorker();
      const before = await usage(acme.id);
      const res = await http()
        .post('/api/vms')
        .set(acmeAdmin.auth)
        .send(
          vmBody({
            source: { type: 'iso', isoVolid: 'local:iso/debian-12.7.0-amd64-netinst.iso' },
            clusterId: h.clusterId,
            node: nodes[1],
            cloudInit: undefined,
          }),
        );
      expect(res.status).toBe(202);
      expect((await usage(acme.id)).guests).toBe(before.guests + 1);
      h.setNodeOnline(nodes[1], false);
      await h.startWorker();
      const job = await h.waitJob(res.body.job.id);
      expect(job.status).toBe('failed');
      expect(job.error).toMatch(/offline|unreachable|no route/i);
      expect(await usage(acme.id)).toEqual(before);
    });
  });
});
