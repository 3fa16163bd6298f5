import { IpamSweepsRepository } from '../../src/modules/ipam/ipam-sweeps.repository';
import { IpamModule } from '../../src/modules/ipam/ipam.module';
import { IpamService } from '../../src/modules/ipam/ipam.service';
import { VmsHarness } from './vms-harness';

// Importing unassigned guests records the addresses they use in IPAM (issue 17): a container's
// net0 ip=, a VM's cloud-init ipconfig0 and what its guest agent reports become allocations to the
// guest in the company's range; an address IPAM already has for someone else is answered `taken`,
// one in no range of the company (another company's range included) `unknown`.
jest.setTimeout(180_000); // the machine may be busy

describe('guest import records addresses in IPAM (integration)', () => {
  let h: VmsHarness;
  let acme: string;
  const net = `10.${100 + Math.floor(Math.random() * 150)}`;
  const ours = new Set<string>();

  beforeAll(async () => {
    h = await VmsHarness.start({ guests: 20, modules: [IpamModule] });
    acme = (await h.ctx.newCompany()).id;
    // Only this file's ranges: other suites leave shared-pool ranges for every cluster in the
    // shared database, and the cases below are about which ranges a company uses.
    const repo = h.ctx.app.get(IpamSweepsRepository);
    const all = repo.rangesFor.bind(repo);
    jest
      .spyOn(repo, 'rangesFor')
      .mockImplementation(
        (clusterId) =>
          all(clusterId).then((rows) => rows.filter((r) => ours.has(r.id))) as ReturnType<
            typeof all
          >,
      );
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    expect(h.contract.violations).toEqual([]);
  });

  const range = async (body: Record<string, unknown>) => {
    const res = await h.ctx.http.post('/api/ipam/ranges').set(h.admin.auth).send(body);
    expect(res.status).toBe(201);
    ours.add(res.body.id);
    return res.body as { id: string; name: string };
  };

  it('records config and agent addresses, and answers taken and unknown ones', async () => {
    const lan = await range({
      name: `Acme LAN ${net}`,
      cidr: `${net}.0.0/24`,
      companyId: acme,
      clusterIds: [h.clusterId],
    });
    const globex = (await h.ctx.newCompany()).id;
    await range({
      name: `Globex LAN ${net}`,
      cidr: `${net}.9.0/24`,
      companyId: globex,
      clusterIds: [h.clusterId],
    });
    const guests = [...h.rt.state.guests.values()].filter((g) => !g.config.template);
    const ct = guests.find((g) => g.type === 'lxc' && g.config.net0);
    const vm = guests.find((g) => g.type === 'qemu' && g.status === 'running' && g.config.net0);
    expect(ct && vm).toBeTruthy();
    ct!.config.net0 = `${String(ct!.config.net0).replace(/,ip6?=[^,]*|,gw6?=[^,]*/g, '')},ip=${net}.0.10/24,gw=${net}.0.1`;
    vm!.config.ipconfig0 = `ip=${net}.0.11/24,gw=${net}.0.1`;
    vm!.config.ipconfig1 = `ip=${net}.9.5/24`; // Globex's range: not Acme's business
    vm!.config.ipconfig2 = 'ip=dhcp';
    vm!.config.agent = '1';
    vm!.guestAgent = true;
    vm!.reportedAddress = `${net}.0.12`;
    // ct's second address is already reserved in IPAM
    ct!.config.net1 = `name=eth1,bridge=vmbr0,ip=${net}.0.13/24`;
    await h.ctx.app.get(IpamService).reserveTrusted(lan.id, {
      companyId: acme,
      address: `${net}.0.13`,
      purpose: 'device',
      actorId: null,
    });
    const rows = await h.ctx.prisma.guest.findMany({
      where: { clusterId: h.clusterId, vmid: { in: [ct!.vmid, vm!.vmid] }, goneAt: null },
    });
    const idOf = (vmid: number) => rows.find((r) => r.vmid === vmid)!.id;

    const res = await h.ctx.http
      .post('/api/guests/import')
      .set(h.admin.auth)
      .send({ companyId: acme, guestIds: rows.map((r) => r.id) });
    expect(res.status).toBe(200);
    expect(res.body.imported).toBe(2);
    const by = (address: string) =>
      (res.body.addresses as Array<{ address: string }>).find((a) => a.address === address);
    const named = { rangeId: lan.id, rangeName: lan.name };
    expect(by(`${net}.0.10`)).toEqual({
      guestId: idOf(ct!.vmid),
      nic: 0,
      address: `${net}.0.10`,
      source: 'config',
      outcome: 'recorded',
      ...named,
      message: null,
    });
    expect(by(`${net}.0.11`)).toMatchObject({ nic: 0, source: 'config', outcome: 'recorded' });
    expect(by(`${net}.0.12`)).toMatchObject({ nic: 0, source: 'agent', outcome: 'recorded' });
    expect(by(`${net}.0.13`)).toMatchObject({
      guestId: idOf(ct!.vmid),
      nic: 1,
      outcome: 'taken',
      ...named,
      message: `${net}.0.13 is already reserved in range "${lan.name}"`,
    });
    expect(by(`${net}.9.5`)).toMatchObject({ outcome: 'unknown', rangeId: null, nic: 1 });
    expect(res.body.addresses).toHaveLength(5); // dhcp is no address

    // The allocations are the guests' (the guest's address list shows them).
    const mine = await h.ctx.http
      .get(`/api/ipam/ranges/${lan.id}/addresses`)
      .query({ status: 'allocated' })
      .set(h.admin.auth);
    expect(mine.status).toBe(200);
    const allocated = (mine.body.items as Array<{ address: string; guestId: string }>).map((a) => [
      a.address,
      a.guestId,
    ]);
    expect(allocated).toEqual(
      expect.arrayContaining([
        [`${net}.0.10`, idOf(ct!.vmid)],
        [`${net}.0.11`, idOf(vm!.vmid)],
        [`${net}.0.12`, idOf(vm!.vmid)],
      ]),
    );
    expect(allocated).toHaveLength(3);
    // Globex's range got nothing from Acme's import.
    expect(
      await h.ctx.prisma.ipAddress.count({ where: { address: `${net}.9.5`, status: 'allocated' } }),
    ).toBe(0);
  });

  it('reads nothing where the company uses no range: the import answers no addresses', async () => {
    const other = (await h.ctx.newCompany()).id;
    const taken = new Set(
      (
        await h.ctx.prisma.guest.findMany({
          where: { clusterId: h.clusterId, companyId: { not: null } },
        })
      ).map((r) => r.vmid),
    );
    const vm = [...h.rt.state.guests.values()].find(
      (g) => g.type === 'qemu' && !g.config.template && !taken.has(g.vmid),
    )!;
    vm.config.ipconfig0 = `ip=${net}.77.5/24`; // would be answered `unknown` if it were read
    const g = await h.ctx.prisma.guest.findFirstOrThrow({
      where: { clusterId: h.clusterId, vmid: vm.vmid, goneAt: null },
    });
    const res = await h.ctx.http
      .post('/api/guests/import')
      .set(h.admin.auth)
      .send({ companyId: other, guestIds: [g.id] });
    expect(res.body).toEqual({ imported: 1, guestIds: [g.id], addresses: [] });
  });
});
