import { FirewallsModule } from '../../src/modules/firewalls/firewalls.module';
import { IpamVlansService } from '../../src/modules/ipam/ipam-vlans.service';
import type { LoggedIn } from '../helpers/test-context';
import {
  firewallName,
  freePort,
  guestTemplateFor,
  prepareEdgeCluster,
} from './firewall-edge-fixtures';
import { VmsHarness } from './vms-harness';

// The one-click network edge on a Proxmox SDN VNet instead of a VLAN tag on a bridge (issue 21):
// the job creates the VNet (POST /cluster/sdn/vnets; in a VLAN zone tagged with the next VLAN of
// the cluster's pool) or takes an existing one, binds the company's new LAN range to it, writes the
// range's subnet (POST /cluster/sdn/vnets/{vnet}/subnets) and applies SDN (PUT /cluster/sdn) before
// the firewall's LAN NIC goes on bridge=<vnet>; the company's new guests then land there too. A
// failure undoes the subnet, a VNet the job created and the VLAN.
describe('network edge on an SDN VNet (simulators)', () => {
  let h: VmsHarness;
  let staff: LoggedIn;
  let globexAdmin: LoggedIn;
  let globex: string;
  let acme: string;
  let wanRangeId: string;
  let lanNet: string;
  const TEMPLATE = 9078;
  const suffix = Math.random().toString(36).slice(2, 5);
  /** VNet ids: a letter, then letters and digits, at most 8 */
  const vnetName = (tag: string) => `${tag}${suffix}`.slice(0, 8);

  const edgeBody = async (over: Record<string, unknown> = {}) => ({
    companyId: globex,
    clusterId: h.clusterId,
    node: 'pve1',
    templateVmid: TEMPLATE,
    name: firewallName(h, 'fwsdn'),
    wanBridge: 'vmbr0',
    wanRangeId,
    webguiPort: await freePort(),
    managementNetworks: ['192.0.2.0/24'],
    lanCidr: `${lanNet}.0/24`,
    ...over,
  });
  const post = (body: Record<string, unknown>, who = staff) =>
    h.ctx.http.post('/api/firewalls/network-edge').set(who.auth).send(body);
  const sdn = () => h.rt.state.sdn;
  const companyVlans = async () =>
    (await h.ctx.app.get(IpamVlansService).companyVlans(globex, h.clusterId)).map((v) => v.vlan);

  beforeAll(async () => {
    h = await VmsHarness.start({
      modules: [FirewallsModule],
      workerModules: [FirewallsModule.forWorker()],
    });
    await h.startWorker();
    staff = h.admin;
    acme = (await h.ctx.newCompany({ name: 'Acme SDN edge' })).id;
    globex = (await h.ctx.newCompany({ name: 'Globex SDN edge' })).id;
    globexAdmin = await h.ctx.login(
      await h.ctx.newUser({ role: 'company_admin', companyId: globex }),
    );
    // the MSP's OPNsense image, as a template on the cluster
    await prepareEdgeCluster(h, [globex, acme], TEMPLATE);
    // a VLAN zone on the uplink bridge next to the seeded simple zone (simple1, VNet vnet1)
    sdn().zones.tenants = { zone: 'tenants', type: 'vlan', bridge: 'vmbr0', ipam: 'pve' };
    h.rt.changed();
    const octet = 10 + Math.floor(Math.random() * 200);
    const wanNet = `127.${octet}.${10 + Math.floor(Math.random() * 200)}`;
    lanNet = `10.${octet}.${Math.floor(Math.random() * 240)}`;
    const wan = await h.ctx.http
      .post('/api/ipam/ranges')
      .set(staff.auth)
      .send({ name: 'MSP public', cidr: `${wanNet}.0/24`, gateway: `${wanNet}.1` });
    expect(wan.status).toBe(201);
    wanRangeId = wan.body.id;
    await h.ctx.app
      .get(IpamVlansService)
      .createPool({ clusterId: h.clusterId, name: 'Tenants', vlanFrom: 3200, vlanTo: 3203 });
  }, 120_000);
  afterAll(() => h?.close());

  it('refuses a bad SDN choice with a clear 400 before anything happens', async () => {
    const expect400 = async (over: Record<string, unknown>, message: RegExp) => {
      const r = await post(await edgeBody(over));
      expect([r.status, r.body.message]).toEqual([400, expect.stringMatching(message)]);
    };
    await expect400({}, /either lanBridge .* or sdn/);
    await expect400(
      { lanBridge: 'vmbr0', sdn: { zone: 'tenants', vnet: 'edge1' } },
      /either lanBridge/,
    );
    await expect400({ sdn: { zone: 'tenants', vnet: 'no-dash' } }, /letters and digits/);
    await expect400({ sdn: { zone: 'nozone', vnet: 'edge1' } }, /no SDN zone "nozone"/);
    await expect400(
      { sdn: { zone: 'tenants', vnet: 'vnet1' } },
      /VNet "vnet1" belongs to zone "simple1"/,
    );
    // a VNet that already carries another company's range is not the company's inside network
    const foreign = await h.ctx.http
      .post('/api/ipam/ranges')
      .set(staff.auth)
      .send({
        name: 'Acme on vnet1',
        cidr: `172.30.${Math.floor(Math.random() * 250)}.0/24`,
        companyId: acme,
        clusterIds: [h.clusterId],
        sdn: { vnet: 'vnet1' },
      });
    expect(foreign.status).toBe(201);
    await expect400({ sdn: { zone: 'simple1', vnet: 'vnet1' } }, /another company's/);
    expect(await h.ctx.prisma.firewallDeployment.count({ where: { companyId: globex } })).toBe(0);
  });

  it('creates the VNet in a VLAN zone with the next VLAN, binds the LAN range, puts the firewall and the company’s guests on bridge=<vnet>', async () => {
    const vnet = vnetName('edge');
    const body = await edgeBody({ sdn: { zone: 'tenants', vnet } });
    const res = await post(body);
    expect(res.status).toBe(202);
    const job = await h.waitJob(res.body.id, 90_000);
    expect([job.status, job.error]).toEqual(['succeeded', null]);
    const dep = await h.ctx.prisma.firewallDeployment.findFirstOrThrow({
      where: { jobId: res.body.id },
    });
    const steps = dep.steps as Array<{ step: string; ms: number; ok: boolean }>;
    expect(steps.map((s) => s.step)).toEqual([
      'sdn-vnet',
      'range',
      'sdn-apply',
      'addresses',
      'clone',
      'nics',
      'config-disk',
      'start',
      'api',
      'baseline',
      'register',
    ]);
    console.log(
      `network edge on SDN on the simulators: ${dep.durationMs} ms; ${steps.map((s) => `${s.step} ${s.ms}`).join(', ')}`,
    );

    // Proxmox: the VNet tagged with the pool's VLAN, its subnet with the gateway, both applied
    expect(sdn().vnets[vnet]).toMatchObject({ vnet, zone: 'tenants', tag: 3200 });
    expect(sdn().vnets[vnet]!.state).toBeUndefined();
    const subnetId = `tenants-${lanNet}.0-24`;
    expect(sdn().subnets[subnetId]).toMatchObject({ vnet, gateway: `${lanNet}.1` });
    expect(sdn().subnets[subnetId]!.state).toBeUndefined();
    expect(await companyVlans()).toEqual([3200]);

    // IPAM: the range is Globex's, bound to the VNet, no VLAN of its own
    const range = await h.ctx.prisma.ipRange.findFirstOrThrow({
      where: { companyId: globex, cidr: `${lanNet}.0/24` },
    });
    expect([range.vlan, range.sdnVnet, range.sdnZone, range.sdnState]).toEqual([
      null,
      vnet,
      'tenants',
      'applied',
    ]);

    // the firewall: LAN NIC on the VNet, untagged; it answers with the generated key
    const vm = [...h.rt.state.guests.values()].find((g) => g.config.name === body.name)!;
    expect(String(vm.config.net1)).toMatch(new RegExp(`bridge=${vnet}(,|$)`));
    expect(String(vm.config.net1)).not.toContain('tag=');
    const opn = (await h.rt.appliances.firewall(h.rt.state.name, vm.vmid))!;
    expect(opn.state.users.map((u) => u.name)).toEqual(['multpanel']);
    expect(opn.state.runningRows('kea_subnet')).toEqual([
      expect.objectContaining({ subnet: `${lanNet}.0/24` }),
    ]);

    // the company's new guests land on the VNet, untagged, with an address from the range
    const placement = await h.ctx.http
      .get(`/api/vms/placement/resources?clusterId=${h.clusterId}&companyId=${globex}`)
      .set(globexAdmin.auth);
    expect(placement.body.guestNetwork).toEqual({ bridge: vnet, vlan: null, rangeId: range.id });
    const templateId = await guestTemplateFor(h, [globex]);
    const guestBody = h.vmBody(globex, templateId, 'sdn-edge-guest', { networks: [] });
    const created = await h.ctx.http.post('/api/vms').set(globexAdmin.auth).send(guestBody);
    expect(created.status).toBe(202);
    expect((await h.waitJob(created.body.job.id, 60_000)).status).toBe('succeeded');
    const [guestVmid] = h.simGuestsNamed(guestBody.name);
    const guest = h.rt.state.guests.get(guestVmid!)!.config;
    expect(String(guest.net0)).toMatch(new RegExp(`bridge=${vnet}(,|$)`));
    expect(String(guest.net0)).not.toContain('tag=');
    expect(String(guest.ipconfig0)).toMatch(
      new RegExp(
        `^ip=${lanNet.replace(/\./g, '\\.')}\\.\\d+/24,gw=${lanNet.replace(/\./g, '\\.')}\\.1$`,
      ),
    );
  }, 180_000);

  it('undoes the subnet, the VNet it created and the VLAN when a later step fails', async () => {
    const vnet = vnetName('fail');
    const before = { vlans: await companyVlans(), vnets: Object.keys(sdn().vnets).sort() };
    const cidr = `${lanNet.replace(/\d+$/, (x) => String(Number(x) + 1))}.0/24`;
    // the config disk cannot be stored on a storage without ISO content: fails after the clone
    const res = await post(
      await edgeBody({ sdn: { zone: 'tenants', vnet }, lanCidr: cidr, isoStorage: 'local-lvm' }),
    );
    expect(res.status).toBe(202);
    const job = await h.waitJob(res.body.id, 90_000);
    expect([job.status, job.error]).toEqual(['failed', expect.stringMatching(/does not support/)]);
    // created and applied before the failure, then gone
    expect(
      (await h.ctx.prisma.job.findUniqueOrThrow({ where: { id: res.body.id } })).result,
    ).toMatchObject({ state: { sdn: { vnet, created: true }, sdnSubnet: true } });
    expect(sdn().vnets[vnet]).toBeUndefined();
    expect(Object.values(sdn().subnets).some((s) => s.cidr === cidr)).toBe(false);
    expect(Object.keys(sdn().vnets).sort()).toEqual(before.vnets);
    expect(await companyVlans()).toEqual(before.vlans);
    expect(await h.ctx.prisma.ipRange.count({ where: { companyId: globex, cidr } })).toBe(0);
  }, 120_000);

  it('takes an existing VNet of a simple zone untagged; a failure removes only the subnet it wrote', async () => {
    const vnet = vnetName('keep');
    sdn().vnets[vnet] = { vnet, zone: 'simple1', type: 'vnet' };
    h.rt.changed();
    const cidr = `${lanNet.replace(/\d+$/, (x) => String(Number(x) + 2))}.0/24`;
    const res = await post(
      await edgeBody({ sdn: { zone: 'simple1', vnet }, lanCidr: cidr, isoStorage: 'local-lvm' }),
    );
    expect(res.status).toBe(202);
    const job = await h.waitJob(res.body.id, 90_000);
    expect(job.status).toBe('failed');
    const dep = await h.ctx.prisma.firewallDeployment.findFirstOrThrow({
      where: { jobId: res.body.id },
    });
    expect((dep.steps as Array<{ step: string }>).map((s) => s.step).slice(0, 3)).toEqual([
      'sdn-vnet',
      'range',
      'sdn-apply',
    ]);
    expect(sdn().vnets[vnet]).toMatchObject({ vnet, zone: 'simple1' });
    expect(sdn().vnets[vnet]!.state).toBeUndefined();
    expect(Object.values(sdn().subnets).some((s) => s.cidr === cidr)).toBe(false);
    // no VLAN taken for a simple zone's VNet
    expect(await companyVlans()).toEqual([3200]);
  }, 120_000);
});
