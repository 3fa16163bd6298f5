import type { Company } from '../../src/generated/prisma/client';
import { expectApiResponse } from '../helpers/api-response';
import type { LoggedIn } from '../helpers/test-context';
import { VmsHarness } from './vms-harness';

/**
 * The create wizard's GPU picker (cluster PCI mappings) and the migrate dialog's target picker
 * (Proxmox's migrate precondition), against the in-process simulator with every Proxmox request
 * checked against the PVE 9.1 schema.
 */
describe('vms: PCI mapping and migrate target pickers (integration)', () => {
  let h: VmsHarness;
  let acme: Company;
  let globex: Company;
  let acmeAdmin: LoggedIn;
  let globexAdmin: LoggedIn;
  let templateId: string;
  let nodes: string[];
  const http = () => h.ctx.http;
  const mappings = (auth: Record<string, string>, query: Record<string, string> = {}) =>
    http()
      .get('/api/vms/placement/pci-mappings')
      .query({ clusterId: h.clusterId, ...query })
      .set(auth);
  const gpuVm = (over: Record<string, unknown> = {}) => h.vmBody(acme.id, templateId, 'gpu', over);

  beforeAll(async () => {
    h = await VmsHarness.start();
    await h.startWorker();
    nodes = h.rt.state.nodes.map((n) => n.name);
    acme = await h.ctx.newCompany({ maxGuests: 50, maxVcpus: 200, maxMemoryMb: 512_000 });
    globex = await h.ctx.newCompany();
    acmeAdmin = await h.ctx.login(
      await h.ctx.newUser({ role: 'company_admin', companyId: acme.id }),
    );
    globexAdmin = await h.ctx.login(
      await h.ctx.newUser({ role: 'company_admin', companyId: globex.id }),
    );
    // Only Acme may place guests on the simulated cluster.
    await h.ctx.prisma.clusterCompany.create({
      data: { clusterId: h.clusterId, companyId: acme.id },
    });
    // A second mapping whose GPU sits in one node only.
    h.rt.state.pciMappings['gpu-l4'] = {
      description: 'NVIDIA L4',
      map: [`id=10de:27b8,iommugroup=12,node=${nodes[1]},path=0000:02:00.0`],
    };

    const scan = await http()
      .post('/api/templates/scan')
      .set(h.admin.auth)
      .send({ clusterId: h.clusterId });
    expect(scan.status).toBe(202);
    expect((await h.waitJob(scan.body.job.id)).status).toBe('succeeded');
    const list = await http()
      .get('/api/templates')
      .query({ clusterId: h.clusterId, pageSize: 200 })
      .set(h.admin.auth);
    // Suites of one run share the database: only this suite's cluster counts.
    templateId = list.body.items.find(
      (t: { kind: string; clusterId: string }) => t.kind === 'qemu' && t.clusterId === h.clusterId,
    ).id;
    const upd = await http()
      .put(`/api/templates/${templateId}`)
      .set(h.admin.auth)
      .send({ allowedCompanyIds: [acme.id, globex.id], windowsGpu: true });
    expect(upd.status).toBe(200);
  });
  afterAll(async () => {
    await h?.close();
    expect(h.contract.violations).toEqual([]);
  });

  it('lists the PCI mappings of a cluster the company may use, with per-node devices', async () => {
    const res = await mappings(acmeAdmin.auth);
    expect(res.status).toBe(200);
    expectApiResponse('GET /vms/placement/pci-mappings', res);
    expect(res.body.map((m: { id: string }) => m.id)).toEqual(['gpu-a100', 'gpu-l4']);
    expect(res.body[0]).toMatchObject({ description: 'NVIDIA A100', nodes });
    expect(res.body[0].devices[0]).toEqual({
      node: nodes[0],
      path: '0000:41:00.0',
      deviceId: '10de:20b5',
    });
    expect(res.body[1]).toEqual({
      id: 'gpu-l4',
      description: 'NVIDIA L4',
      nodes: [nodes[1]],
      devices: [{ node: nodes[1], path: '0000:02:00.0', deviceId: '10de:27b8' }],
    });
    // Staff see any cluster; with a company, only if that company may place guests there.
    expect((await mappings(h.admin.auth)).status).toBe(200);
    expect((await mappings(h.admin.auth, { companyId: acme.id })).status).toBe(200);
    expect((await mappings(h.admin.auth, { companyId: globex.id })).status).toBe(404);
  });

  it('refuses the mappings of a cluster the company may not use, and bad queries', async () => {
    const foreign = await mappings(globexAdmin.auth);
    expect([foreign.status, foreign.body.code]).toEqual([404, 'NOT_FOUND']);
    const otherCompany = await mappings(acmeAdmin.auth, { companyId: globex.id });
    expect([otherCompany.status, otherCompany.body.code]).toEqual([404, 'NOT_FOUND']);
    const bad = await http()
      .get('/api/vms/placement/pci-mappings')
      .query({ clusterId: 'nope' })
      .set(acmeAdmin.auth);
    expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const user = await h.ctx.login(await h.ctx.newUser({ role: 'user', companyId: acme.id }));
    expect((await mappings(user.auth)).status).toBe(403);
  });

  it('answers 503, not 500, when the cluster is offline', async () => {
    await h.ctx.prisma.cluster.update({ where: { id: h.clusterId }, data: { status: 'offline' } });
    try {
      const res = await mappings(acmeAdmin.auth);
      expect([res.status, res.body.code]).toEqual([503, 'DEPENDENCY_UNAVAILABLE']);
      expect(res.body.message).toMatch(/offline/);
    } finally {
      await h.ctx.prisma.cluster.update({ where: { id: h.clusterId }, data: { status: 'online' } });
    }
  });

  it('rejects an unknown mapping, or a node without the device, with a 400 naming the field', async () => {
    const unknown = await http()
      .post('/api/vms')
      .set(acmeAdmin.auth)
      .send(gpuVm({ gpuMapping: 'gpu-nope' }));
    expect([unknown.status, unknown.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(unknown.body.message).toMatch(/^gpuMapping: no PCI mapping "gpu-nope"/);
    expect(unknown.body.details).toEqual([expect.objectContaining({ path: 'gpuMapping' })]);
    const wrongNode = await http()
      .post('/api/vms')
      .set(acmeAdmin.auth)
      .send(gpuVm({ gpuMapping: 'gpu-l4', clusterId: h.clusterId, node: nodes[0] }));
    expect([wrongNode.status, wrongNode.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(wrongNode.body.message).toMatch(new RegExp(`no device on node ${nodes[0]}`));
    expect(await h.ctx.prisma.job.count({ where: { type: 'vm.create', companyId: acme.id } })).toBe(
      0,
    );
  });

  it('creates a VM with a valid mapping: hostpci set, placed on a node the mapping covers', async () => {
    // Without the mapping, placement would pick one of the other nodes: far more free memory.
    const others = h.rt.state.nodes.filter((n) => n.name !== nodes[1]);
    const before = others.map((n) => n.maxmem);
    for (const n of others) n.maxmem *= 64;
    const body = gpuVm({ gpuMapping: 'gpu-l4' });
    const res = await http().post('/api/vms').set(acmeAdmin.auth).send(body);
    others.forEach((n, i) => (n.maxmem = before[i]));
    expect(res.status).toBe(202);
    const job = await h.waitJob(res.body.job.id);
    expect(job.status).toBe('succeeded');
    const [vmid] = h.simGuestsNamed(body.name);
    const g = h.rt.state.guests.get(vmid)!;
    expect(g.node).toBe(nodes[1]);
    expect(g.config.hostpci0).toBe('mapping=gpu-l4,pcie=1,x-vga=1');
    expect(g.config).toMatchObject({ machine: 'q35', bios: 'ovmf', vga: 'none' });
    const log = await h.ctx.prisma.jobLog.findMany({ where: { jobId: res.body.job.id } });
    expect(log.map((l) => l.line).join('\n')).toMatch(/PCI mapping gpu-l4 has no device there/);
  });

  describe('create wizard pickers (clusters, nodes, storages, bridges)', () => {
    const clusters = (auth: Record<string, string>, companyId: string) =>
      http().get('/api/vms/placement/clusters').query({ companyId }).set(auth);
    const resources = (auth: Record<string, string>, query: Record<string, string> = {}) =>
      http()
        .get('/api/vms/placement/resources')
        .query({ clusterId: h.clusterId, ...query })
        .set(auth);

    it("offers a company admin the clusters its company may use, nobody else's", async () => {
      const own = await clusters(acmeAdmin.auth, acme.id);
      expect(own.status).toBe(200);
      expectApiResponse('GET /vms/placement/clusters', own);
      const ids = (res: { body: Array<{ id: string }> }) => res.body.map((c) => c.id);
      expect(own.body).toContainEqual({
        id: h.clusterId,
        name: expect.any(String),
        status: expect.any(String),
      });
      // Suites of one run share the database: other suites' clusters open to every company may be
      // listed too, but never one that is closed to Acme.
      const offered = await h.ctx.prisma.cluster.findMany({
        where: { id: { in: ids(own) } },
        include: { allowedCompanies: true },
      });
      for (const c of offered) {
        const allowed = c.allowedCompanies.map((a) => a.companyId);
        expect({
          id: c.id,
          open:
            (!allowed.length || allowed.includes(acme.id)) &&
            (!c.ownerCompanyId || c.ownerCompanyId === acme.id),
        }).toEqual({
          id: c.id,
          open: true,
        });
      }
      // Globex may not use Acme's cluster: not offered (an empty list is no dead end either).
      expect(ids(await clusters(globexAdmin.auth, globex.id))).not.toContain(h.clusterId);
      expect((await clusters(acmeAdmin.auth, globex.id)).status).toBe(404);
      expect(ids(await clusters(h.admin.auth, acme.id))).toContain(h.clusterId);
      const user = await h.ctx.login(await h.ctx.newUser({ role: 'user', companyId: acme.id }));
      expect((await clusters(user.auth, acme.id)).status).toBe(403);
    });

    it('lists per node the guest storages with free space and the bridges', async () => {
      const res = await resources(acmeAdmin.auth);
      expect(res.status).toBe(200);
      expectApiResponse('GET /vms/placement/resources', res);
      expect(res.body.clusterId).toBe(h.clusterId);
      expect(res.body.nodes.map((n: { node: string }) => n.node)).toEqual([...nodes].sort());
      for (const n of res.body.nodes) {
        expect(n.online).toBe(true);
        expect(n.storages.length).toBeGreaterThan(0);
        for (const st of n.storages) {
          expect(st.content.some((c: string) => c === 'images' || c === 'rootdir')).toBe(true);
          expect(typeof st.availBytes).toBe('number');
        }
        // ISO-only storages are not offered for disks.
        expect(
          n.storages.every((st: { content: string[] }) => !st.content.every((c) => c === 'iso')),
        ).toBe(true);
        expect(n.bridges).toEqual(
          expect.arrayContaining([
            { iface: 'vmbr0', vlanAware: true, comment: null },
            expect.objectContaining({ iface: 'vmbr1', vlanAware: false }),
          ]),
        );
      }
    });

    it('reports an offline node without reading it, and refuses foreign clusters', async () => {
      h.setNodeOnline(nodes[1], false);
      try {
        const res = await resources(acmeAdmin.auth);
        expect(res.status).toBe(200);
        const off = res.body.nodes.find((n: { node: string }) => n.node === nodes[1]);
        expect(off).toEqual({ node: nodes[1], online: false, storages: [], bridges: [] });
      } finally {
        h.setNodeOnline(nodes[1], true);
      }
      expect((await resources(globexAdmin.auth)).status).toBe(404);
      expect((await resources(acmeAdmin.auth, { companyId: globex.id })).status).toBe(404);
      expect((await resources(h.admin.auth, { companyId: globex.id })).status).toBe(404);
    });
  });

  describe('migrate targets', () => {
    let vmId: string;
    let lxcId: string;
    // Migrate is staff-only (vm.migrate): the super admin reads the targets.
    const targets = (id: string, auth = h.admin.auth) =>
      http().get(`/api/vms/${id}/migrate-targets`).set(auth);

    beforeAll(async () => {
      const body = gpuVm({ source: { type: 'template', templateId } });
      const res = await http().post('/api/vms').set(acmeAdmin.auth).send(body);
      expect(res.status).toBe(202);
      expect((await h.waitJob(res.body.job.id)).status).toBe('succeeded');
      vmId = res.body.vmId;
      const ct = await h.ctx.prisma.guest.findFirstOrThrow({
        where: { clusterId: h.clusterId, kind: 'lxc', template: false, goneAt: null },
      });
      await h.ctx.prisma.guest.update({ where: { id: ct.id }, data: { companyId: acme.id } });
      lxcId = ct.id;
    });

    it('lists every other node of a VM, allowed or with the reason, and local disks', async () => {
      const g = await h.ctx.prisma.guest.findUniqueOrThrow({ where: { id: vmId } });
      const others = nodes.filter((n) => n !== g.node);
      h.setNodeOnline(others[1], false);
      try {
        const res = await targets(vmId);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ node: g.node, localResources: [], onlineBlockers: [] });
        expect(res.body.targets).toEqual([
          { node: others[0], allowed: true, reasons: [] },
          { node: others[1], allowed: false, reasons: ['node is offline'] },
        ]);
        expect(Array.isArray(res.body.localDisks)).toBe(true);
      } finally {
        h.setNodeOnline(others[1], true);
      }
    });

    it('reads the container precondition too', async () => {
      const g = await h.ctx.prisma.guest.findUniqueOrThrow({ where: { id: lxcId } });
      const res = await targets(lxcId);
      expect(res.status).toBe(200);
      expect(res.body.node).toBe(g.node);
      expect(res.body.targets.map((t: { node: string }) => t.node).sort()).toEqual(
        nodes.filter((n) => n !== g.node),
      );
      expect(res.body.targets.every((t: { allowed: boolean }) => t.allowed)).toBe(true);
    });

    it('refuses a `user` and a company admin (403), and other companies (404)', async () => {
      const user = await h.ctx.newUser({ role: 'user', companyId: acme.id });
      const grant = await http()
        .put(`/api/vms/${vmId}/grants`)
        .set(acmeAdmin.auth)
        .send([{ userId: user.id, rights: ['view', 'console', 'power', 'snapshot', 'edit'] }]);
      expect(grant.status).toBe(200);
      const res = await targets(vmId, (await h.ctx.login(user)).auth);
      expect([res.status, res.body.code]).toEqual([403, 'FORBIDDEN']);
      const admin = await targets(vmId, acmeAdmin.auth);
      expect([admin.status, admin.body.code]).toEqual([403, 'FORBIDDEN']);
      const sales = await h.ctx.newUser({ role: 'salesperson' });
      await h.ctx.assignSales(sales.id, globex.id);
      expect((await targets(vmId, (await h.ctx.login(sales)).auth)).status).toBe(404);
    });
  });
});
