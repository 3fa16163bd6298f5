import { expectApiResponse } from '../helpers/api-response';
import type { LoggedIn } from '../helpers/test-context';
import { VmsHarness } from './vms-harness';

// A guest NIC's IPAM address after create: a NIC edit keeps it (a container's lives in netN itself),
// a removed NIC gives its address back, staff move a NIC to another address (a chosen one or the
// next free) with 409s for taken/exhausted, and a range's VLAN must be one of its company's tags.
describe('ipam: guest NIC addresses after create (integration)', () => {
  let h: VmsHarness;
  let acme: string;
  let globex: string;
  let acmeAdmin: LoggedIn;
  let globexAdmin: LoggedIn;
  let templateId: string;
  let rangeA: string;
  let rangeB: string;
  let globexRange: string;
  let ctId: string;
  let ctVmid: number;

  const simConfig = (vmid: number) =>
    [...h.rt.state.guests.values()].find((g) => g.vmid === vmid)!.config;
  const range = (body: Record<string, unknown>) =>
    h.ctx.http
      .post('/api/ipam/ranges')
      .set(h.admin.auth)
      .send({ clusterIds: [h.clusterId], ...body });
  const move = (vmId: string, nic: number, body: Record<string, unknown>, auth = h.admin.auth) =>
    h.ctx.http.put(`/api/vms/${vmId}/nics/${nic}/address`).set(auth).send(body);

  beforeAll(async () => {
    h = await VmsHarness.start();
    await h.startWorker();
    acme = (await h.ctx.newCompany()).id;
    globex = (await h.ctx.newCompany()).id;
    acmeAdmin = await h.ctx.login(await h.ctx.newUser({ role: 'company_admin', companyId: acme }));
    globexAdmin = await h.ctx.login(
      await h.ctx.newUser({ role: 'company_admin', companyId: globex }),
    );
    templateId = await h.qemuTemplateFor([acme, globex]);
    const a = await range({
      name: 'Acme front',
      cidr: '192.168.79.0/28',
      companyId: acme,
      vlan: 79,
      gateway: '192.168.79.1',
    });
    expect(a.status).toBe(201);
    rangeA = a.body.id;
    const b = await range({
      name: 'Acme back',
      cidr: '192.168.79.16/28',
      companyId: acme,
      vlan: 76,
      gateway: '192.168.79.17',
    });
    expect(b.status).toBe(201);
    rangeB = b.body.id;
    const g = await range({ name: 'Globex lan', cidr: '192.168.79.48/28', companyId: globex });
    expect(g.status).toBe(201);
    globexRange = g.body.id;

    // A container with two NICs, each with an address from range A.
    const ct = h.vmBody(acme, templateId, 'ipam-ct', {
      kind: 'lxc',
      // An OS template names no cluster: pin this suite's, not another suite's in the shared database.
      clusterId: h.clusterId,
      source: { type: 'ostemplate', volid: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst' },
      disks: [{ sizeGb: 8 }],
      networks: [
        { bridge: 'vmbr0', ipamRangeId: rangeA },
        { bridge: 'vmbr0', ipamRangeId: rangeA },
      ],
    });
    const res = await h.ctx.http.post('/api/vms').set(acmeAdmin.auth).send(ct);
    expect(res.status).toBe(202);
    expect((await h.waitJob(res.body.job.id)).status).toBe('succeeded');
    ctId = res.body.vmId;
    [ctVmid] = h.simGuestsNamed(ct.name);
  });
  afterAll(async () => {
    await h?.close();
    expect(h.contract.violations).toEqual([]);
  });

  it('a container NIC edit keeps its IPAM address, and a removed NIC releases its own', async () => {
    const before = simConfig(ctVmid);
    expect(String(before.net0)).toContain('ip=192.168.79.2/28');
    expect(String(before.net0)).toContain('gw=192.168.79.1');
    expect(String(before.net1)).toContain('ip=192.168.79.3/28');
    const edit = await h.ctx.http
      .put(`/api/vms/${ctId}`)
      .set(acmeAdmin.auth)
      .send({ networks: [{ bridge: 'vmbr0', vlan: 79 }] });
    expect(edit.status).toBe(200);
    const after = simConfig(ctVmid);
    expect(String(after.net0)).toContain('ip=192.168.79.2/28');
    expect(String(after.net0)).toContain('gw=192.168.79.1');
    expect(String(after.net0)).not.toContain('dhcp');
    expect(String(after.net0)).toContain('tag=79');
    expect(after.net1).toBeUndefined();
    const rows = await h.ctx.prisma.ipAddress.findMany({
      where: { rangeId: rangeA, guestId: ctId },
      orderBy: { offset: 'asc' },
    });
    expect(rows.map((r) => [r.address, r.nic, r.status])).toEqual([
      ['192.168.79.2', 0, 'allocated'],
      ['192.168.79.3', 1, 'held'],
    ]);
  });

  it('staff move a container NIC to a chosen address in another range: netN, VLAN tag, old one held', async () => {
    const res = await move(ctId, 0, { rangeId: rangeB, address: '192.168.79.20' });
    expect(res.status).toBe(200);
    expectApiResponse('PUT /vms/:id/nics/:id/address', res);
    expect(res.body).toEqual([
      expect.objectContaining({ address: '192.168.79.20', nic: 0, rangeId: rangeB }),
    ]);
    const net0 = String(simConfig(ctVmid).net0);
    expect(net0).toContain('ip=192.168.79.20/28');
    expect(net0).toContain('gw=192.168.79.17');
    expect(net0).toContain('tag=76');
    expect(net0).toContain('name=eth0');
    const old = await h.ctx.prisma.ipAddress.findFirstOrThrow({
      where: { rangeId: rangeA, address: '192.168.79.2' },
    });
    expect(old.status).toBe('held');
    // the history names the move
    const detail = await h.ctx.http.get(`/api/ipam/addresses/${res.body[0].id}`).set(h.admin.auth);
    expect(detail.body.history[0]).toMatchObject({ action: 'allocate', guestId: ctId, nic: 0 });
  });

  it('staff move a VM NIC to the next free address: cloud-init ipconfigN', async () => {
    const body = h.vmBody(acme, templateId, 'ipam-vm', {
      networks: [{ bridge: 'vmbr0', ipamRangeId: rangeA }],
    });
    const created = await h.ctx.http.post('/api/vms').set(acmeAdmin.auth).send(body);
    expect(created.status).toBe(202);
    expect((await h.waitJob(created.body.job.id)).status).toBe('succeeded');
    const vmId = created.body.vmId as string;
    const [vmid] = h.simGuestsNamed(body.name);
    const first = String(simConfig(vmid).ipconfig0);
    expect(first).toMatch(/^ip=192\.168\.79\.\d+\/28,gw=192\.168\.79\.1$/);
    const res = await move(vmId, 0, { rangeId: rangeB });
    expect(res.status).toBe(200);
    const moved = res.body[0].address as string;
    expect(moved).not.toBe('192.168.79.20');
    expect(simConfig(vmid).ipconfig0).toBe(`ip=${moved}/28,gw=192.168.79.17`);
    expect(String(simConfig(vmid).net0)).toContain('tag=76');
    const guestList = await h.ctx.http
      .get(`/api/ipam/guests/${vmId}/addresses`)
      .set(acmeAdmin.auth);
    expect(guestList.body.map((a: { address: string }) => a.address)).toEqual([moved]);
  });

  it('refuses a taken address and a full range with 409 naming the range; the guest keeps its address', async () => {
    const taken = await move(ctId, 0, { rangeId: rangeA, address: '192.168.79.3' });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ code: 'IPAM_ADDRESS_TAKEN' });
    expect(taken.body.message).toContain('192.168.79.3');
    expect(taken.body.message).toContain('Acme front');
    const outside = await move(ctId, 0, { rangeId: rangeA, address: '192.168.79.40' });
    expect(outside.status).toBeGreaterThanOrEqual(400);
    expect(outside.status).toBeLessThan(500);

    const tiny = await range({ name: 'Acme tiny', cidr: '192.168.79.32/30', companyId: acme });
    expect(tiny.status).toBe(201);
    for (let i = 0; i < 2; i++) {
      await h.ctx.http
        .post(`/api/ipam/ranges/${tiny.body.id}/allocations`)
        .set(h.admin.auth)
        .send({})
        .expect(201);
    }
    const full = await move(ctId, 0, { rangeId: tiny.body.id });
    expect(full.status).toBe(409);
    expect(full.body).toMatchObject({ code: 'IPAM_RANGE_EXHAUSTED' });
    expect(full.body.message).toContain('Acme tiny');
    expect(String(simConfig(ctVmid).net0)).toContain('ip=192.168.79.20/28');
    const mine = await h.ctx.prisma.ipAddress.findMany({
      where: { guestId: ctId, status: 'allocated' },
    });
    expect(mine.map((r) => r.address)).toEqual(['192.168.79.20']);
  });

  it('is 404 across companies, 403 without ipam.manage, and refuses a NIC the guest lacks', async () => {
    // another company's range for this guest looks missing
    const foreignRange = await move(ctId, 0, { rangeId: globexRange });
    expect(foreignRange.status).toBe(404);
    // another company's staff-less admin, and a salesperson not assigned to Acme
    expect((await move(ctId, 0, { rangeId: rangeB }, globexAdmin.auth)).status).toBe(403);
    const salesUser = await h.ctx.newUser({ role: 'salesperson' });
    await h.ctx.assignSales(salesUser.id, globex);
    const sales = await h.ctx.login(salesUser);
    const crossSales = await move(ctId, 0, { rangeId: rangeB }, sales.auth);
    expect(crossSales.status).toBe(404);
    expect((await move(ctId, 0, { rangeId: rangeB }, acmeAdmin.auth)).status).toBe(403);
    const noNic = await move(ctId, 3, { rangeId: rangeB });
    expect([noNic.status, noNic.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(noNic.body.message).toContain('net3');
  });

  it('a company range’s VLAN must be one of the company’s tags on clusters with VLAN pools', async () => {
    const pool = await h.ctx.http
      .post(`/api/ipam/clusters/${h.clusterId}/vlan-pools`)
      .set(h.admin.auth)
      .send({ name: 'Guests', vlanFrom: 70, vlanTo: 79 });
    expect(pool.status).toBe(201);
    try {
      const refused = await range({
        name: 'Acme vlan',
        cidr: '192.168.79.64/28',
        companyId: acme,
        vlan: 71,
      });
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ code: 'IPAM_VLAN_NOT_ALLOWED' });
      expect(refused.body.message).toContain('VLAN 71');
      await h.ctx.http
        .post(`/api/ipam/companies/${acme}/vlans`)
        .set(h.admin.auth)
        .send({ clusterId: h.clusterId, vlan: 71 })
        .expect(201);
      await h.ctx.http
        .post(`/api/ipam/companies/${globex}/vlans`)
        .set(h.admin.auth)
        .send({ clusterId: h.clusterId, vlan: 72 })
        .expect(201);
      const ok = await range({
        name: 'Acme vlan',
        cidr: '192.168.79.64/28',
        companyId: acme,
        vlan: 71,
      });
      expect(ok.status).toBe(201);
      const change = await h.ctx.http
        .patch(`/api/ipam/ranges/${ok.body.id}`)
        .set(h.admin.auth)
        .send({ vlan: 72 });
      expect(change.status).toBe(422);
      expect(change.body).toMatchObject({ code: 'IPAM_VLAN_NOT_ALLOWED', details: { vlan: 72 } });
      // a NIC moved into a range whose VLAN is not the company's is refused too (range B: VLAN 76)
      const moved = await move(ctId, 0, { rangeId: rangeB });
      expect(moved.status).toBe(422);
      expect(moved.body).toMatchObject({ code: 'IPAM_VLAN_NOT_ALLOWED' });
    } finally {
      await h.ctx.prisma.vlanPool.delete({ where: { id: pool.body.id } });
    }
  });
});
