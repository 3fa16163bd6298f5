import { ProxmoxApi } from '../../src/common/proxmox';
import { IpamModule } from '../../src/modules/ipam/ipam.module';
import { IpamVlansService } from '../../src/modules/ipam/ipam-vlans.service';
import { expectApiResponse } from '../helpers/api-response';
import type { LoggedIn } from '../helpers/test-context';
import { VmsHarness } from './vms-harness';

// Proxmox SDN binding (every request schema-checked against PVE 9.1): a range bound to a VNet of its
// cluster has its subnet written to the VNet and SDN applied (PUT /cluster/sdn) by a tracked job; a
// gateway change follows; guests on the range get bridge=<vnet> without a tag; unbinding or deleting
// the range deletes the subnet (DELETE .../subnets/{subnet}, then PUT /cluster/sdn). The simulator seeds
// zone simple1 with VNet vnet1. A VNet's tag must be one of the range's company's VLANs; a VNet
// re-tagged in Proxmox after binding is a finding of the conflict sweep (last cases).
jest.setTimeout(180_000); // the machine may be busy

describe('ipam SDN binding (integration)', () => {
  let h: VmsHarness;
  let acme: string;
  let acmeAdmin: LoggedIn;
  let templateId: string;

  const simSubnet = (id: string) => h.rt.state.sdn.subnets[id] as Record<string, unknown>;
  /** The ipam.sdn-sync job that removes the subnet range `rangeId` left behind. */
  const removalJob = async (rangeId: string): Promise<string> => {
    const jobs = await h.ctx.prisma.job.findMany({
      where: { type: 'ipam.sdn-sync', clusterId: h.clusterId },
      select: { id: true, params: true },
    });
    const found = jobs.find((j) => {
      const p = j.params as { rangeId?: string; remove?: unknown };
      return p.rangeId === rangeId && p.remove;
    });
    expect(found).toBeDefined();
    return found!.id;
  };

  beforeAll(async () => {
    h = await VmsHarness.start({ workerModules: [IpamModule.forWorker()] });
    await h.startWorker();
    acme = (await h.ctx.newCompany()).id;
    acmeAdmin = await h.ctx.login(await h.ctx.newUser({ role: 'company_admin', companyId: acme }));
    templateId = await h.qemuTemplateFor([acme]);
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    expect(h.contract.violations).toEqual([]);
  });

  it("lists the cluster's VNets for staff; tenants may not", async () => {
    const res = await h.ctx.http
      .get(`/api/ipam/clusters/${h.clusterId}/sdn-vnets`)
      .set(h.admin.auth);
    expectApiResponse('GET /ipam/clusters/:id/sdn-vnets', res);
    expect(res.body).toContainEqual(expect.objectContaining({ vnet: 'vnet1', zone: 'simple1' }));
    const tenant = await h.ctx.http
      .get(`/api/ipam/clusters/${h.clusterId}/sdn-vnets`)
      .set(acmeAdmin.auth);
    expect(tenant.status).toBe(403);
    const missing = '00000000-0000-4000-8000-00000000dead';
    expect(
      (await h.ctx.http.get(`/api/ipam/clusters/${missing}/sdn-vnets`).set(h.admin.auth)).status,
    ).toBe(404);
  });

  it('refuses a binding to a missing VNet, with a VLAN of its own, or without one cluster', async () => {
    const base = { name: 'SDN bad', cidr: '10.31.0.0/24', companyId: acme };
    const send = (body: Record<string, unknown>) =>
      h.ctx.http.post('/api/ipam/ranges').set(h.admin.auth).send(body);
    const missing = await send({ ...base, clusterIds: [h.clusterId], sdn: { vnet: 'nope' } });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toContain('no SDN VNet "nope"');
    const tagged = await send({
      ...base,
      clusterIds: [h.clusterId],
      vlan: 31,
      sdn: { vnet: 'vnet1' },
    });
    expect(tagged.status).toBe(400);
    expect(tagged.body.message).toContain('vlan');
    const everywhere = await send({ ...base, sdn: { vnet: 'vnet1' } });
    expect(everywhere.status).toBe(400);
    expect(everywhere.body.message).toContain('exactly one cluster');
    expect((await send({ ...base, clusterIds: [h.clusterId], sdn: { vnet: '1x' } })).status).toBe(
      400,
    );
    expect(await h.ctx.prisma.ipRange.count({ where: { name: 'SDN bad', companyId: acme } })).toBe(
      0,
    );
  });

  it('writes the subnet to the VNet, applies SDN, follows a gateway change, and bridges guests to the VNet', async () => {
    const created = await h.ctx.http
      .post('/api/ipam/ranges')
      .set(h.admin.auth)
      .send({
        name: 'Acme SDN',
        cidr: '10.30.0.0/24',
        gateway: '10.30.0.1',
        companyId: acme,
        clusterIds: [h.clusterId],
        sdn: { vnet: 'vnet1' },
      });
    expect(created.status).toBe(201);
    expect(created.body.sdn).toMatchObject({ vnet: 'vnet1', zone: 'simple1', state: 'pending' });
    expect((await h.waitJob(created.body.sdn.jobId, 60_000)).status).toBe('succeeded');
    const id = 'simple1-10.30.0.0-24';
    // applied: no pending state left on Proxmox
    expect(simSubnet(id)).toMatchObject({
      cidr: '10.30.0.0/24',
      vnet: 'vnet1',
      gateway: '10.30.0.1',
    });
    expect(simSubnet(id).state).toBeUndefined();
    const shown = await h.ctx.http.get(`/api/ipam/ranges/${created.body.id}`).set(h.admin.auth);
    expect(shown.body.sdn).toMatchObject({ state: 'applied', subnet: id, error: null });

    const patched = await h.ctx.http
      .patch(`/api/ipam/ranges/${created.body.id}`)
      .set(h.admin.auth)
      .send({ gateway: '10.30.0.254' });
    expect(patched.status).toBe(200);
    expect(patched.body.sdn.state).toBe('pending');
    expect((await h.waitJob(patched.body.sdn.jobId, 60_000)).status).toBe('succeeded');
    expect(simSubnet(id)).toMatchObject({ gateway: '10.30.0.254' });
    expect(simSubnet(id).pending).toBeUndefined();

    // A guest on the range: its NIC is on the VNet, untagged, with the range's address.
    const body = h.vmBody(acme, templateId, 'sdn', {
      networks: [{ bridge: 'vmbr0', vlan: 12, ipamRangeId: created.body.id }],
    });
    const res = await h.ctx.http.post('/api/vms').set(acmeAdmin.auth).send(body);
    expect(res.status).toBe(202);
    expect((await h.waitJob(res.body.job.id)).status).toBe('succeeded');
    const [vmid] = h.simGuestsNamed(body.name);
    const config = [...h.rt.state.guests.values()].find((g) => g.vmid === vmid)!.config;
    expect(String(config.net0)).toContain('bridge=vnet1');
    expect(String(config.net0)).not.toContain('tag=');
    expect(config.ipconfig0).toMatch(/^ip=10\.30\.0\.\d+\/24,gw=10\.30\.0\.254$/);

    // Unbinding keeps the range; a job deletes its subnet from the VNet and applies SDN.
    const unbound = await h.ctx.http
      .patch(`/api/ipam/ranges/${created.body.id}`)
      .set(h.admin.auth)
      .send({ sdn: null });
    expect([unbound.status, unbound.body.sdn]).toEqual([200, null]);
    const removal = await removalJob(created.body.id);
    expect((await h.waitJob(removal, 60_000)).status).toBe('succeeded');
    expect(h.rt.state.sdn.subnets[id]).toBeUndefined();
  });

  it('deletes the subnet from the VNet when a bound range is deleted', async () => {
    const created = await h.ctx.http
      .post('/api/ipam/ranges')
      .set(h.admin.auth)
      .send({
        name: 'Acme SDN gone',
        cidr: '10.32.0.0/24',
        companyId: acme,
        clusterIds: [h.clusterId],
        sdn: { vnet: 'vnet1' },
      });
    expect(created.status).toBe(201);
    expect((await h.waitJob(created.body.sdn.jobId, 60_000)).status).toBe('succeeded');
    const id = 'simple1-10.32.0.0-24';
    expect(simSubnet(id)).toMatchObject({ cidr: '10.32.0.0/24', vnet: 'vnet1' });

    const deleted = await h.ctx.http
      .delete(`/api/ipam/ranges/${created.body.id}`)
      .set(h.admin.auth);
    expect(deleted.status).toBe(204);
    const removal = await removalJob(created.body.id);
    expect((await h.waitJob(removal, 60_000)).status).toBe('succeeded');
    // gone from the running config, not only marked deleted-pending
    expect(h.rt.state.sdn.subnets[id]).toBeUndefined();
  });

  // Last: it gives the cluster VLAN pools, which the cases above do not expect.
  it("refuses a VNet tagged with another company's VLAN or one the company does not own", async () => {
    const globex = (await h.ctx.newCompany()).id;
    // A VLAN zone with three tagged VNets, as applied on Proxmox (GET /cluster/sdn/vnets lists them).
    h.rt.state.sdn.zones.vlanz = { zone: 'vlanz', type: 'vlan', bridge: 'vmbr0' };
    for (const tag of [700, 800, 900]) {
      h.rt.state.sdn.vnets[`tn${tag}`] = { vnet: `tn${tag}`, zone: 'vlanz', type: 'vnet', tag };
    }
    const vlans = h.ctx.app.get(IpamVlansService);
    await vlans.createPool({
      clusterId: h.clusterId,
      name: 'SDN tags',
      vlanFrom: 700,
      vlanTo: 900,
    });
    await vlans.takeNext(h.clusterId, acme, { vlan: 700 });
    await vlans.takeNext(h.clusterId, globex, { vlan: 800 });
    const send = (body: Record<string, unknown>) =>
      h.ctx.http.post('/api/ipam/ranges').set(h.admin.auth).send(body);
    const base = { name: 'SDN tagged', clusterIds: [h.clusterId] };

    const foreign = await send({
      ...base,
      cidr: '10.33.0.0/24',
      companyId: acme,
      sdn: { vnet: 'tn800' },
    });
    expect([foreign.status, foreign.body.code]).toEqual([422, 'IPAM_VLAN_NOT_ALLOWED']);
    expect(foreign.body.message).toBe(
      'SDN VNet "tn800" carries VLAN 800, which is assigned to another company on this cluster (sdn.vnet)',
    );
    expect(JSON.stringify(foreign.body)).not.toContain(globex);
    const unowned = await send({
      ...base,
      cidr: '10.33.0.0/24',
      companyId: acme,
      sdn: { vnet: 'tn900' },
    });
    expect([unowned.status, unowned.body.code]).toEqual([422, 'IPAM_VLAN_NOT_ALLOWED']);
    expect(unowned.body.message).toContain('VLAN 900, which is not assigned to this company');
    const shared = await send({ ...base, cidr: '10.33.0.0/24', sdn: { vnet: 'tn700' } });
    expect([shared.status, shared.body.code]).toEqual([422, 'IPAM_VLAN_NOT_ALLOWED']);
    expect(shared.body.message).toContain('a shared range may not use it');
    expect(await h.ctx.prisma.ipRange.count({ where: { name: 'SDN tagged' } })).toBe(0);

    // Its own tag is accepted; moving the range to another company's VNet is refused and changes nothing.
    const own = await send({
      ...base,
      cidr: '10.33.0.0/24',
      companyId: acme,
      sdn: { vnet: 'tn700' },
    });
    expect(own.status).toBe(201);
    expect(own.body.sdn).toMatchObject({ vnet: 'tn700', zone: 'vlanz' });
    expect((await h.waitJob(own.body.sdn.jobId, 60_000)).status).toBe('succeeded');
    const moved = await h.ctx.http
      .patch(`/api/ipam/ranges/${own.body.id}`)
      .set(h.admin.auth)
      .send({ sdn: { vnet: 'tn800' } });
    expect([moved.status, moved.body.code]).toEqual([422, 'IPAM_VLAN_NOT_ALLOWED']);
    const after = await h.ctx.http.get(`/api/ipam/ranges/${own.body.id}`).set(h.admin.auth);
    expect(after.body.sdn).toMatchObject({ vnet: 'tn700', state: 'applied' });
  });

  it('reports a VNet re-tagged in Proxmox after binding as an sdn_tag_mismatch finding', async () => {
    h.rt.state.sdn.zones.vlanz = { zone: 'vlanz', type: 'vlan', bridge: 'vmbr0' };
    h.rt.state.sdn.vnets.rt650 = { vnet: 'rt650', zone: 'vlanz', type: 'vnet', tag: 650 };
    const created = await h.ctx.http
      .post('/api/ipam/ranges')
      .set(h.admin.auth)
      .send({
        name: 'SDN retag',
        cidr: '10.36.0.0/24',
        clusterIds: [h.clusterId],
        sdn: { vnet: 'rt650' },
      });
    expect(created.status).toBe(201);
    const rangeId = created.body.id as string;
    expect((await h.waitJob(created.body.sdn.jobId, 60_000)).status).toBe('succeeded');
    const sweep = async () => {
      const res = await h.ctx.http
        .post(`/api/ipam/clusters/${h.clusterId}/conflict-sweeps`)
        .set(h.admin.auth);
      expect(res.status).toBe(202);
      // On a failure the job's error is printed: it says why the sweep failed.
      const job = await h.waitJob(res.body.job.id, 60_000);
      expect([job.status, job.status === 'succeeded' ? null : job.error]).toEqual([
        'succeeded',
        null,
      ]);
      const found = await h.ctx.http
        .get('/api/ipam/conflicts')
        .query({ rangeId, kind: 'sdn_tag_mismatch' })
        .set(h.admin.auth);
      expectApiResponse('GET /ipam/conflicts', found);
      return found.body.items as Array<Record<string, unknown>>;
    };
    expect(await sweep()).toEqual([]);

    // Someone re-tags the VNet in Proxmox (documented PUT, then applied).
    const c = h.sim.clusters[0];
    const root = ProxmoxApi.create({
      endpoints: [c.url],
      fingerprint: c.fingerprint,
      auth: { type: 'password', username: 'root@pam', password: 'sim-password' },
    });
    try {
      await root.client.put('/cluster/sdn/vnets/rt650', { tag: 651 });
      await root.waitForTask(await root.applySdn());
    } finally {
      root.close();
    }
    const [finding, ...more] = await sweep();
    expect(more).toEqual([]);
    expect(finding).toMatchObject({
      kind: 'sdn_tag_mismatch',
      address: '10.36.0.0/24',
      vmid: null,
      rangeId,
      rangeName: 'SDN retag',
      sdn: { vnet: 'rt650', tag: 651, boundTag: 650 },
    });
    const latest = await h.ctx.http
      .get(`/api/ipam/clusters/${h.clusterId}/conflict-sweeps/latest`)
      .set(h.admin.auth);
    expectApiResponse('GET /ipam/clusters/:id/conflict-sweeps/latest', latest);

    // Staff accept the new tag by saving the binding again (checked as on bind): no finding.
    const saved = await h.ctx.http
      .patch(`/api/ipam/ranges/${rangeId}`)
      .set(h.admin.auth)
      .send({ sdn: { vnet: 'rt650' } });
    expect(saved.status).toBe(200);
    expect(await sweep()).toEqual([]);
  });
});
