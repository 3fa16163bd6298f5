import { expectApiResponse } from '../helpers/api-response';
import type { LoggedIn } from '../helpers/test-context';
import { VmsHarness } from './vms-harness';

// VM create picks an IPAM range per NIC: the address, gateway, DNS and VLAN tag land in the guest's
// cloud-init config on the simulator; deleting the VM holds the address; a failed create frees it.
describe('ipam + vms (integration)', () => {
  let h: VmsHarness;
  let acme: string;
  let globex: string;
  let acmeAdmin: LoggedIn;
  let globexAdmin: LoggedIn;
  let templateId: string;
  let rangeId: string;

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
    const range = await h.ctx.http
      .post('/api/ipam/ranges')
      .set(h.admin.auth)
      .send({
        name: 'Acme servers',
        cidr: '192.168.77.0/28',
        companyId: acme,
        vlan: 77,
        gateway: '192.168.77.1',
        dnsServers: ['192.168.77.53'],
        searchDomain: 'acme.internal',
        clusterIds: [h.clusterId],
      });
    expect(range.status).toBe(201);
    rangeId = range.body.id;
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    expect(h.contract.violations).toEqual([]);
  });

  it('writes the allocated address, gateway, DNS and VLAN into the guest, and holds it on delete', async () => {
    const body = h.vmBody(acme, templateId, 'ipam', {
      networks: [{ bridge: 'vmbr0', ipamRangeId: rangeId }],
      cloudInit: { user: 'ops' },
    });
    const res = await h.ctx.http.post('/api/vms').set(acmeAdmin.auth).send(body);
    expect(res.status).toBe(202);
    expect((await h.waitJob(res.body.job.id)).status).toBe('succeeded');
    const vmId = res.body.vmId as string;

    const [vmid] = h.simGuestsNamed(body.name);
    const config = [...h.rt.state.guests.values()].find((g) => g.vmid === vmid)!.config;
    expect(config.ipconfig0).toBe('ip=192.168.77.2/28,gw=192.168.77.1');
    expect(String(config.net0)).toContain('tag=77');
    expect(config.nameserver).toBe('192.168.77.53');
    expect(config.searchdomain).toBe('acme.internal');

    const addresses = await h.ctx.http
      .get(`/api/ipam/ranges/${rangeId}/addresses?status=allocated`)
      .set(acmeAdmin.auth);
    expect(addresses.body.items).toEqual([
      expect.objectContaining({ address: '192.168.77.2', guestId: vmId, nic: 0, purpose: 'guest' }),
    ]);
    // the guest page's list: the guest's addresses for whoever sees the guest, nobody else
    const mine = await h.ctx.http.get(`/api/ipam/guests/${vmId}/addresses`).set(acmeAdmin.auth);
    expectApiResponse('GET /ipam/guests/:id/addresses', mine);
    expect(mine.body).toEqual([expect.objectContaining({ address: '192.168.77.2', nic: 0 })]);
    expect(
      (await h.ctx.http.get(`/api/ipam/guests/${vmId}/addresses`).set(globexAdmin.auth)).status,
    ).toBe(404);

    const guest = await h.ctx.prisma.guest.findUniqueOrThrow({ where: { id: vmId } });
    const del = await h.ctx.http
      .delete(`/api/vms/${vmId}`)
      .query({ confirm: guest.name, purge: '1' })
      .set(acmeAdmin.auth);
    expect((await h.waitJob(del.body.job.id)).status).toBe('succeeded');
    const held = await h.ctx.prisma.ipAddress.findFirstOrThrow({
      where: { rangeId, address: '192.168.77.2' },
    });
    expect(held.status).toBe('held');
    expect(held.holdUntil!.getTime()).toBeGreaterThan(Date.now());
    // The next guest does not get the held address.
    const next = await h.ctx.http
      .post(`/api/ipam/ranges/${rangeId}/allocations`)
      .set(acmeAdmin.auth)
      .send({});
    expect(next.body.address).toBe('192.168.77.3');
  });

  it('refuses another company’s range for a NIC, and frees what it took when create fails', async () => {
    const foreign = await h.ctx.http
      .post('/api/vms')
      .set(globexAdmin.auth)
      .send(
        h.vmBody(globex, templateId, 'ipam-x', {
          networks: [{ bridge: 'vmbr0', ipamRangeId: rangeId }],
        }),
      );
    expect(foreign.status).toBe(404);
    const before = await h.ctx.prisma.ipAddress.count({ where: { rangeId } });
    h.failNextTasks(1);
    const res = await h.ctx.http
      .post('/api/vms')
      .set(acmeAdmin.auth)
      .send(
        h.vmBody(acme, templateId, 'ipam-fail', {
          networks: [{ bridge: 'vmbr0', ipamRangeId: rangeId }],
        }),
      );
    expect(res.status).toBe(202);
    expect((await h.waitJob(res.body.job.id)).status).toBe('failed');
    // The failure hook runs right after the job is marked failed.
    for (let i = 0; i < 50; i++) {
      if ((await h.ctx.prisma.ipAddress.count({ where: { rangeId } })) === before) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await h.ctx.prisma.ipAddress.count({ where: { rangeId } })).toBe(before);
  });

  it('gives a NIC an IPv6 address from a /64 (ip6=/gw6= in cloud-init)', async () => {
    const range = await h.ctx.http
      .post('/api/ipam/ranges')
      .set(h.admin.auth)
      .send({
        name: 'Acme v6',
        cidr: '2001:db8:77::/64',
        companyId: acme,
        gateway: '2001:db8:77::1',
        clusterIds: [h.clusterId],
      });
    expect(range.status).toBe(201);
    const body = h.vmBody(acme, templateId, 'ipam6', {
      networks: [{ bridge: 'vmbr0', ipamRangeId: range.body.id }],
    });
    const res = await h.ctx.http.post('/api/vms').set(acmeAdmin.auth).send(body);
    expect(res.status).toBe(202);
    expect((await h.waitJob(res.body.job.id)).status).toBe('succeeded');
    const [vmid] = h.simGuestsNamed(body.name);
    const config = [...h.rt.state.guests.values()].find((g) => g.vmid === vmid)!.config;
    expect(config.ipconfig0).toMatch(/^ip=dhcp,ip6=2001:db8:77::[0-9a-f]+\/64,gw6=2001:db8:77::1$/);
    const allocated = await h.ctx.prisma.ipAddress.findFirstOrThrow({
      where: { rangeId: range.body.id, status: 'allocated' },
    });
    expect(config.ipconfig0).toContain(`ip6=${allocated.address}/64`);
    expect(allocated.guestId).toBe(res.body.vmId);
  });

  it('on a cluster with VLAN pools, a guest may carry only its company’s tags (create and change)', async () => {
    const pool = await h.ctx.http
      .post(`/api/ipam/clusters/${h.clusterId}/vlan-pools`)
      .set(h.admin.auth)
      .send({ name: 'Guests', vlanFrom: 70, vlanTo: 79 });
    expect(pool.status).toBe(201);
    try {
      // the Acme range's VLAN 77 is not Acme's yet
      const refused = await h.ctx.http
        .post('/api/vms')
        .set(acmeAdmin.auth)
        .send(
          h.vmBody(acme, templateId, 'vlan-no', {
            networks: [{ bridge: 'vmbr0', ipamRangeId: rangeId }],
          }),
        );
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ code: 'IPAM_VLAN_NOT_ALLOWED' });
      expect(refused.body.message).toContain('VLAN 77');
      const assigned = await h.ctx.http
        .post(`/api/ipam/companies/${acme}/vlans`)
        .set(h.admin.auth)
        .send({ clusterId: h.clusterId, vlan: 77 });
      expect(assigned.status).toBe(201);
      await h.ctx.http
        .post(`/api/ipam/companies/${globex}/vlans`)
        .set(h.admin.auth)
        .send({ clusterId: h.clusterId, vlan: 78 })
        .expect(201);
      const body = h.vmBody(acme, templateId, 'vlan-ok', {
        networks: [{ bridge: 'vmbr0', ipamRangeId: rangeId }],
      });
      const res = await h.ctx.http.post('/api/vms').set(acmeAdmin.auth).send(body);
      expect(res.status).toBe(202);
      expect((await h.waitJob(res.body.job.id)).status).toBe('succeeded');
      // a NIC change to Globex's tag is refused; to Acme's own it goes through
      const vmId = res.body.vmId as string;
      const foreignTag = await h.ctx.http
        .put(`/api/vms/${vmId}`)
        .set(acmeAdmin.auth)
        .send({ networks: [{ bridge: 'vmbr0', vlan: 78 }] });
      expect(foreignTag.status).toBe(422);
      expect(foreignTag.body).toMatchObject({
        code: 'IPAM_VLAN_NOT_ALLOWED',
        details: { path: 'networks.0.vlan', vlan: 78 },
      });
      const own = await h.ctx.http
        .put(`/api/vms/${vmId}`)
        .set(acmeAdmin.auth)
        .send({ networks: [{ bridge: 'vmbr0', vlan: 77 }] });
      expect(own.status).toBe(200);
    } finally {
      await h.ctx.prisma.vlanPool.delete({ where: { id: pool.body.id } });
    }
  });
  it('bulk create: six guests do not fit the range (409, nothing created); five get five distinct addresses', async () => {
    const range = await h.ctx.http
      .post('/api/ipam/ranges')
      .set(h.admin.auth)
      .send({
        name: 'Acme bulk',
        cidr: '192.168.78.0/29',
        companyId: acme,
        gateway: '192.168.78.1',
        clusterIds: [h.clusterId],
      });
    expect(range.status).toBe(201); // 6 usable, the gateway reserved: 5 left
    const vm = h.vmBody(acme, templateId, 'bulk', {
      networks: [{ bridge: 'vmbr0', ipamRangeId: range.body.id }],
    });
    // a foreign range is the request's 404, nothing created
    const foreign = await h.ctx.http
      .post('/api/vms/bulk-create')
      .set(globexAdmin.auth)
      .send({ count: 2, vm: { ...vm, companyId: globex } });
    expect(foreign.status).toBe(404);
    expect(h.simGuestsNamed(`${vm.name}-1`)).toEqual([]);

    // too small for six: a 409 naming the range before any guest is created
    const tooMany = await h.ctx.http
      .post('/api/vms/bulk-create')
      .set(acmeAdmin.auth)
      .send({ count: 6, vm });
    expect([tooMany.status, tooMany.body.code]).toEqual([409, 'IPAM_RANGE_EXHAUSTED']);
    expect(tooMany.body.message).toBe(
      'Range "Acme bulk" (192.168.78.0/29) has 5 free addresses; 6 guests need 6',
    );
    expect(h.simGuestsNamed(`${vm.name}-1`)).toEqual([]);
    expect(await h.ctx.prisma.ipAddress.count({ where: { rangeId: range.body.id } })).toBe(1);

    const res = await h.ctx.http
      .post('/api/vms/bulk-create')
      .set(acmeAdmin.auth)
      .send({ count: 5, vm });
    expect(res.status).toBe(202);
    expectApiResponse('POST /vms/bulk-create', res);
    const results = res.body.results as Array<{
      name: string;
      ok: boolean;
      vmId?: string;
      job?: { id: string };
      error?: { code: string; message: string };
    }>;
    expect(results.map((r) => r.name)).toEqual([1, 2, 3, 4, 5].map((n) => `${vm.name}-${n}`));
    expect(results.every((r) => r.ok)).toBe(true);
    for (const r of results.slice(0, 5))
      expect((await h.waitJob(r.job!.id)).status).toBe('succeeded');

    const rows = await h.ctx.prisma.ipAddress.findMany({
      where: { rangeId: range.body.id, status: 'allocated' },
    });
    expect(rows).toHaveLength(5);
    expect(new Set(rows.map((r) => r.address)).size).toBe(5);
    expect(new Set(rows.map((r) => r.guestId))).toEqual(
      new Set(results.slice(0, 5).map((r) => r.vmId)),
    );
    // each guest's cloud-init on the simulator carries its own address
    const written = results.slice(0, 5).map((r) => {
      const [vmid] = h.simGuestsNamed(r.name);
      const config = [...h.rt.state.guests.values()].find((g) => g.vmid === vmid)!.config;
      return String(config.ipconfig0);
    });
    expect(new Set(written).size).toBe(5);
    for (const row of rows) expect(written).toContain(`ip=${row.address}/29,gw=192.168.78.1`);
    // now full: one more is the request's 409
    const full = await h.ctx.http
      .post('/api/vms/bulk-create')
      .set(acmeAdmin.auth)
      .send({ count: 1, vm: { ...vm, name: `${vm.name}x` } });
    expect([full.status, full.body.code]).toEqual([409, 'IPAM_RANGE_EXHAUSTED']);
    expect(h.simGuestsNamed(`${vm.name}-6`)).toEqual([]);
  }, 240_000);
});
