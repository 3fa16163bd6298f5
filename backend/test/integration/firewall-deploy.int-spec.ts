import { parseIp } from '@multpanel/contracts';
import { FirewallConnector } from '../../src/modules/firewalls/firewall-connector';
import { FirewallsModule } from '../../src/modules/firewalls/firewalls.module';
import { FirewallsRepository } from '../../src/modules/firewalls/firewalls.repository';
import { IpamVlansService } from '../../src/modules/ipam/ipam-vlans.service';
import { IpamService } from '../../src/modules/ipam/ipam.service';
import { expectApiResponse } from '../helpers/api-response';
import type { LoggedIn } from '../helpers/test-context';
import {
  firewallName,
  freePort,
  guestTemplateFor,
  prepareEdgeCluster,
} from './firewall-edge-fixtures';
import { VmsHarness } from './vms-harness';

// Zero-touch deployment and the one-click network edge (issue 21) end to end: the job clones an
// OPNsense template on the Proxmox simulator, uploads the config disk (ISO 9660 with
// conf/config.xml) and starts the VM; the simulator boots an OPNsense simulator from that disk, on
// the WAN address the job took (a loopback "public" range here) and with the web GUI certificate
// the platform made; the job waits for the API with the generated key and applies the baseline.
// A failure part-way undoes every step.
describe('firewall zero-touch deployment and network edge (simulators)', () => {
  let h: VmsHarness;
  let staff: LoggedIn;
  let globexAdmin: LoggedIn;
  let acmeAdmin: LoggedIn;
  let globex: string;
  let acme: string;
  let wanRangeId: string;
  let wanNet: string;
  let lanNet: string;
  const TEMPLATE = 9077;

  const edgeBody = async (over: Record<string, unknown> = {}) => ({
    companyId: globex,
    clusterId: h.clusterId,
    node: 'pve1',
    templateVmid: TEMPLATE,
    name: firewallName(h, 'fw'),
    wanBridge: 'vmbr0',
    lanBridge: 'vmbr0',
    wanRangeId,
    webguiPort: await freePort(),
    managementNetworks: ['192.0.2.0/24'],
    lanCidr: `${lanNet}.0/24`,
    ...over,
  });

  /** The pools of the firewall's Kea subnets, read back from it (`kea/dhcpv4/search_subnet`). */
  const keaPools = async (id: string) => {
    const row = await h.ctx.prisma.firewall.findUniqueOrThrow({ where: { id } });
    const r = await h.ctx.app
      .get(FirewallConnector, { strict: false })
      .with(row, (c) =>
        c.call<{ rows: Array<{ pools?: string }> }>('GET', 'kea/dhcpv4/search_subnet'),
      );
    return r.rows.map((s) => String(s.pools));
  };
  /** Takes the range's next free addresses until it is exhausted, gives them back: those in `pool`. */
  const nextFreeInPool = async (rangeId: string, pool: string) => {
    const [from, to] = pool.split('-').map((a) => parseIp(a)!.value) as [bigint, bigint];
    const ipam = h.ctx.app.get(IpamService, { strict: false });
    const ids: string[] = [];
    const clash: string[] = [];
    try {
      for (;;) {
        const a = await ipam
          .allocateTrusted(rangeId, { companyId: globex, purpose: 'guest', actorId: null })
          .catch((err: { code?: string }) => {
            if (err.code === 'IPAM_RANGE_EXHAUSTED') return null;
            throw err;
          });
        if (!a) break;
        ids.push(a.id!);
        const v = parseIp(a.address)!.value;
        if (v >= from && v <= to) clash.push(a.address);
      }
    } finally {
      await ipam.releaseNow(ids);
    }
    expect(ids.length).toBeGreaterThan(0);
    return clash;
  };

  beforeAll(async () => {
    h = await VmsHarness.start({
      modules: [FirewallsModule],
      workerModules: [FirewallsModule.forWorker()],
    });
    await h.startWorker();
    staff = h.admin;
    acme = (await h.ctx.newCompany({ name: 'Acme Edge' })).id;
    globex = (await h.ctx.newCompany({ name: 'Globex Edge' })).id;
    globexAdmin = await h.ctx.login(
      await h.ctx.newUser({ role: 'company_admin', companyId: globex }),
    );
    acmeAdmin = await h.ctx.login(await h.ctx.newUser({ role: 'company_admin', companyId: acme }));
    // the MSP's OPNsense image, as a template on the cluster
    await prepareEdgeCluster(h, [globex, acme], TEMPLATE);
    // the MSP's "public" range: loopback addresses, so the booted firewall can listen on its WAN address
    const octet = 10 + Math.floor(Math.random() * 200);
    wanNet = `127.${octet}.${10 + Math.floor(Math.random() * 200)}`;
    lanNet = `10.${octet}.${Math.floor(Math.random() * 250)}`;
    const wan = await h.ctx.http
      .post('/api/ipam/ranges')
      .set(staff.auth)
      .send({ name: 'MSP public', cidr: `${wanNet}.0/24`, gateway: `${wanNet}.1` });
    expect(wan.status).toBe(201);
    wanRangeId = wan.body.id;
    await h.ctx.app
      .get(IpamVlansService)
      .createPool({ clusterId: h.clusterId, name: 'Tenants', vlanFrom: 3100, vlanTo: 3101 });
  }, 120_000);
  afterAll(() => h?.close());

  it('refuses bad input and callers without the right, before anything happens', async () => {
    const post = (body: Record<string, unknown>, who = staff) =>
      h.ctx.http.post('/api/firewalls/network-edge').set(who.auth).send(body);
    expect((await post(await edgeBody({ webguiPort: 70_000 }))).status).toBe(400);
    expect((await post(await edgeBody({ lanCidr: '10.1.2.3' }))).status).toBe(400);
    expect((await post(await edgeBody(), acmeAdmin)).status).toBe(403);
    expect((await post(await edgeBody(), globexAdmin)).status).toBe(403);
    const own = await h.ctx.http
      .post('/api/ipam/ranges')
      .set(staff.auth)
      .send({ name: 'not public', cidr: `172.31.${wanNet.split('.')[1]}.0/24`, companyId: globex });
    expect(own.status).toBe(201);
    const r = await post(await edgeBody({ wanRangeId: own.body.id }));
    expect([r.status, r.body.message]).toEqual([400, expect.stringMatching(/shared IPv4/)]);
    expect(await h.ctx.prisma.firewallDeployment.count({ where: { companyId: globex } })).toBe(0);
  });

  let firewallId: string;

  it('runs the network edge for Globex as one job: VLAN, range, firewall VM, API with the generated key, baseline', async () => {
    const body = await edgeBody();
    const res = await h.ctx.http.post('/api/firewalls/network-edge').set(staff.auth).send(body);
    expectApiResponse('POST /firewalls/network-edge', res);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ type: 'firewalls.deploy', companyId: globex });
    const job = await h.waitJob(res.body.id, 90_000);
    expect([job.status, job.error]).toEqual(['succeeded', null]);

    const dep = await h.ctx.prisma.firewallDeployment.findFirstOrThrow({
      where: { jobId: res.body.id },
    });
    expect(dep).toMatchObject({ status: 'succeeded', kind: 'network_edge', authMethod: 'api_key' });
    firewallId = dep.firewallId!;
    const steps = dep.steps as Array<{ step: string; ms: number; ok: boolean }>;
    expect(steps.map((s) => s.step)).toEqual([
      'vlan',
      'range',
      'addresses',
      'clone',
      'nics',
      'config-disk',
      'start',
      'api',
      'baseline',
      'register',
    ]);
    expect(steps.every((s) => s.ok && s.ms >= 0)).toBe(true);
    console.log(
      `network edge on the simulators: ${dep.durationMs} ms; ${steps.map((s) => `${s.step} ${s.ms}`).join(', ')}`,
    );

    // IPAM: the VLAN and the range are Globex's
    const vlans = await h.ctx.app.get(IpamVlansService).companyVlans(globex, h.clusterId);
    expect(vlans.map((v) => v.vlan)).toEqual([3100]);
    const range = await h.ctx.prisma.ipRange.findFirstOrThrow({
      where: { companyId: globex, cidr: `${lanNet}.0/24` },
    });
    expect([range.vlan, range.gateway]).toEqual([3100, `${lanNet}.1`]);
    const wanAddr = await h.ctx.prisma.ipAddress.findFirstOrThrow({
      where: { rangeId: wanRangeId, companyId: globex, purpose: 'firewall' },
    });

    // Proxmox: the VM with WAN on the uplink, LAN on the VLAN, the config disk attached, running
    const vm = [...h.rt.state.guests.values()].find((g) => g.config.name === body.name)!;
    expect(vm.status).toBe('running');
    expect(String(vm.config.net1)).toContain('tag=3100');
    expect(String(vm.config.ide2)).toMatch(
      /^local:iso\/multpanel-fw-\d+-config\.iso,media=cdrom(,size=\d+K)?$/,
    );
    expect(dep.vmid).toBe(vm.vmid);

    // OPNsense: booted from that disk, the generated key works, the baseline runs
    const opn = (await h.rt.appliances.firewall(h.rt.state.name, vm.vmid))!;
    expect(opn.url).toBe(`https://${wanAddr.address}:${body.webguiPort}`);
    expect(opn.state.users.map((u) => u.name)).toEqual(['multpanel']);
    expect(opn.state.runningRows('filter').map((r) => [r.action, r.interface])).toEqual([
      ['block', 'wan'],
      ['pass', 'lan'],
    ]);
    expect(opn.state.runningRows('alias')).toEqual([
      // every network IPAM holds for Globex: the new LAN and the range made in the first test
      expect.objectContaining({
        name: 'company_networks',
        content: `${lanNet}.0/24\n172.31.${wanNet.split('.')[1]}.0/24`,
      }),
    ]);
    expect(opn.state.runningRows('kea_subnet')).toEqual([
      expect.objectContaining({ subnet: `${lanNet}.0/24`, pools: `${lanNet}.128-${lanNet}.254` }),
    ]);
    expect(opn.state.keaRunning).toBe(true);
    // IPAM allocates in the lower half, Kea leases from the upper: next-free never reaches the pool
    expect([range.firstOffset, range.lastOffset]).toEqual([1n, 127n]);
    expect(await keaPools(firewallId)).toEqual([`${lanNet}.128-${lanNet}.254`]);
    expect(await nextFreeInPool(range.id, `${lanNet}.128-${lanNet}.254`)).toEqual([]);
    const edgeLog = await h.ctx.prisma.jobLog.findMany({ where: { jobId: res.body.id } });
    expect(edgeLog.map((l) => l.line)).toContain(
      `DHCP pool ${lanNet}.128-${lanNet}.254: the 127 addresses above IPAM's allocation window of ${lanNet}.0/24`,
    );

    // the platform: registered with the pinned certificate; Globex sees it, Acme does not
    const fw = await h.ctx.http.get(`/api/firewalls/${firewallId}`).set(globexAdmin.auth);
    expect(fw.status).toBe(200);
    expect(fw.body).toMatchObject({
      url: opn.url,
      fingerprint: opn.fingerprint,
      version: '26.1.2',
    });
    expect((await h.ctx.http.get(`/api/firewalls/${firewallId}`).set(acmeAdmin.auth)).status).toBe(
      404,
    );
    const acmeList = await h.ctx.http.get('/api/firewalls/deployments').set(acmeAdmin.auth);
    expect([acmeList.status, acmeList.body]).toEqual([200, []]);
    const list = await h.ctx.http
      .get(`/api/firewalls/deployments?firewallId=${firewallId}`)
      .set(globexAdmin.auth);
    expectApiResponse('GET /firewalls/deployments', list);
    expect(list.body).toEqual([expect.objectContaining({ id: dep.id, status: 'succeeded' })]);
    const metrics = await h.ctx.http
      .get(`/api/firewalls/deployments/metrics?companyId=${globex}`)
      .set(globexAdmin.auth);
    expect(metrics.body.byAuthMethod).toEqual([
      expect.objectContaining({
        authMethod: 'api_key',
        deployments: 1,
        succeeded: 1,
        successRate: 1,
      }),
    ]);

    // Globex's admin publishes port 443 of a LAN address; the rule runs on the firewall after apply
    const change = await h.ctx.http
      .post(`/api/firewalls/${firewallId}/changes`)
      .set(globexAdmin.auth)
      .send({
        operations: [
          {
            op: 'create',
            kind: 'd_nat',
            item: {
              interface: 'wan',
              protocol: 'tcp',
              'destination.network': 'wanip',
              'destination.port': '443',
              target: `${lanNet}.20`,
              'local-port': '443',
              descr: 'publish 443',
            },
          },
        ],
      });
    expect(change.status).toBe(201);
    const applying = await h.ctx.http
      .post(`/api/firewalls/${firewallId}/changes/${change.body.id}/apply`)
      .set(globexAdmin.auth);
    expect(applying.status).toBe(202);
    expect(applying.body).toMatchObject({ type: 'firewalls.apply-change', companyId: globex });
    const t0 = Date.now();
    expect((await h.waitJob(applying.body.id)).status).toBe('succeeded');
    const applied = await h.ctx.http
      .get(`/api/firewalls/${firewallId}/changes/${change.body.id}`)
      .set(globexAdmin.auth);
    expect(applied.body).toMatchObject({ status: 'applied', jobId: applying.body.id });
    console.log(
      `rule change (port forward) on the simulator: ${applied.body.durationMs} ms in the job, ${Date.now() - t0} ms until the API saw the job done`,
    );
    expect(opn.state.runningRows('d_nat')).toEqual([
      expect.objectContaining({ target: `${lanNet}.20`, 'destination.port': '443' }),
    ]);
  }, 120_000);

  it('shows the leases Kea gave on the edge’s LAN (the firewall page’s DHCP leases), to Globex only', async () => {
    const dep = await h.ctx.prisma.firewallDeployment.findFirstOrThrow({ where: { firewallId } });
    const opn = (await h.rt.appliances.firewall(h.rt.state.name, dep.vmid!))!;
    // a laptop on Globex's LAN asks the firewall's Kea (enabled on the LAN by the baseline)
    expect(
      opn.state.dhcpRequest({ hwaddr: 'BC:24:11:AA:BB:01', hostname: 'laptop' }),
    ).toMatchObject({
      address: `${lanNet}.128`,
    });
    const res = await h.ctx.http
      .get(`/api/firewalls/${firewallId}/items/dhcp_leases`)
      .set(globexAdmin.auth);
    expectApiResponse('GET /firewalls/:id/items/dhcp_leases', res);
    expect(res.body).toEqual({
      kind: 'dhcp_leases',
      rows: [
        expect.objectContaining({
          uuid: `${lanNet}.128`,
          address: `${lanNet}.128`,
          hwaddr: 'bc:24:11:aa:bb:01',
          hostname: 'laptop',
          if_name: 'lan',
          expire: expect.any(Number),
        }),
      ],
    });
    const foreign = await h.ctx.http
      .get(`/api/firewalls/${firewallId}/items/dhcp_leases`)
      .set(acmeAdmin.auth);
    expect(foreign.status).toBe(404);
  });

  it('lands the company’s new guests on the edge’s LAN by default (and no one else’s)', async () => {
    const templateId = await guestTemplateFor(h, [globex, acme]);
    const create = async (who: LoggedIn, companyId: string, over: Record<string, unknown>) => {
      const body = h.vmBody(companyId, templateId, 'edge-guest', over);
      const res = await h.ctx.http.post('/api/vms').set(who.auth).send(body);
      expect(res.status).toBe(202);
      expect((await h.waitJob(res.body.job.id, 60_000)).status).toBe('succeeded');
      const [vmid] = h.simGuestsNamed(body.name);
      return { vmId: res.body.vmId as string, config: h.rt.state.guests.get(vmid)!.config };
    };
    // the create wizard's pickers offer it first; another company has none here
    const placement = (who: LoggedIn, companyId: string) =>
      h.ctx.http
        .get(`/api/vms/placement/resources?clusterId=${h.clusterId}&companyId=${companyId}`)
        .set(who.auth);
    const offered = await placement(globexAdmin, globex);
    expect(offered.body.guestNetwork).toEqual({
      bridge: 'vmbr0',
      vlan: 3100,
      rangeId: expect.any(String),
    });
    expect((await placement(acmeAdmin, acme)).body.guestNetwork).toBeNull();
    expect((await placement(acmeAdmin, globex)).status).toBe(404);
    // no network named: the edge's LAN (bridge, VLAN) with an address from its range
    const dflt = await create(globexAdmin, globex, { networks: [] });
    expect(String(dflt.config.net0)).toMatch(/bridge=vmbr0/);
    expect(String(dflt.config.net0)).toContain('tag=3100');
    expect(String(dflt.config.ipconfig0)).toMatch(
      new RegExp(
        `^ip=${lanNet.replace(/\./g, '\\.')}\\.\\d+/24,gw=${lanNet.replace(/\./g, '\\.')}\\.1$`,
      ),
    );
    const addrs = await h.ctx.http
      .get(`/api/ipam/guests/${dflt.vmId}/addresses`)
      .set(globexAdmin.auth);
    expect(addrs.body).toEqual([expect.objectContaining({ companyId: globex })]);
    // a network named by the caller stays as asked
    const own = await create(globexAdmin, globex, { networks: [{ bridge: 'vmbr0' }] });
    expect(String(own.config.net0)).not.toContain('tag=');
    // another company has no edge here: its guest keeps the template's NIC, untagged
    const other = await create(acmeAdmin, acme, { networks: [] });
    expect(String(other.config.net0)).not.toContain('tag=');
    expect(String(other.config.ipconfig0 ?? '')).not.toContain(lanNet);
  }, 120_000);

  it('deploys a firewall on an existing LAN range (no VLAN or range steps); a worker killed at its clone, config-disk and start steps', async () => {
    const lan = await h.ctx.prisma.ipRange.findFirstOrThrow({
      where: { companyId: globex, cidr: `${lanNet}.0/24` },
    });
    const { lanCidr: _drop, ...rest } = await edgeBody();
    void _drop;
    const foreign = await h.ctx.http
      .post('/api/firewalls/deploy')
      .set(staff.auth)
      .send({ ...rest, lanRangeId: wanRangeId });
    expect([foreign.status, foreign.body.message]).toEqual([
      400,
      expect.stringMatching(/own ranges/),
    ]);
    // Issue 15: the worker is killed at three step boundaries of this deployment (each after
    // Proxmox accepted the step's request, before its answer and task id reached the job).
    const since = Math.floor(Date.now() / 1000) - 1;
    const known = new Set(h.rt.state.tasks.map((t) => t.upid));
    const tasks = (type: string, id?: string) =>
      h.rt.state.tasks.filter(
        (t) =>
          !known.has(t.upid) &&
          t.starttime >= since &&
          t.type === type &&
          (id === undefined || t.id === id),
      );
    const fwVm = () => [...h.rt.state.guests.values()].find((g) => g.config.name === rest.name);
    const file = () => `multpanel-fw-${fwVm()?.vmid}-config.iso`;
    const uploads = () =>
      tasks('imgcopy').filter((t) => t.log.some((l) => l.endsWith(`/${file()}`)));
    const until = async (what: string, fn: () => boolean) => {
      for (const end = Date.now() + 30_000; !fn(); await new Promise((r) => setTimeout(r, 20))) {
        if (Date.now() < end) continue;
        const job = await h.ctx.prisma.job.findUniqueOrThrow({ where: { id: res.body.id } });
        throw new Error(
          `timed out waiting for ${what}; job ${job.status}: ${job.message} ${job.error}`,
        );
      }
    };
    const killWhen = async (what: string, started: () => boolean) => {
      await until(what, started);
      await h.killWorker();
      h.rt.faults.replyDelayMs = 0;
      await h.startWorker();
    };

    h.rt.faults.replyDelayMs = 5000;
    const res = await h.ctx.http
      .post('/api/firewalls/deploy')
      .set(staff.auth)
      .send({ ...rest, lanRangeId: lan.id });
    expect(res.status).toBe(202);
    try {
      await killWhen('the clone', () => tasks('qmclone', String(TEMPLATE)).length > 0);
      await until('the clone to end', () =>
        Boolean(tasks('qmclone', String(TEMPLATE))[0]?.exitstatus),
      );
      h.rt.faults.replyDelayMs = 5000; // the NIC edit's answer is late too (no task)
      await killWhen('the upload', () => uploads().length > 0);
      await until('the config disk', () => String(fwVm()?.config.ide2 ?? '').includes(file()));
      h.rt.faults.replyDelayMs = 5000;
      await killWhen('the start', () => tasks('qmstart', String(fwVm()?.vmid)).length > 0);
    } finally {
      h.rt.faults.replyDelayMs = 0;
      if (!h.worker) await h.startWorker();
    }
    const job = await h.waitJob(res.body.id, 90_000);
    expect([job.status, job.error]).toEqual(['succeeded', null]);
    const fwVmid = String(fwVm()!.vmid);
    expect(tasks('qmclone', String(TEMPLATE))).toHaveLength(1);
    expect(tasks('qmstart', fwVmid)).toHaveLength(1);
    expect(uploads()).toHaveLength(1);
    const log = (
      await h.ctx.prisma.jobLog.findMany({ where: { jobId: res.body.id }, orderBy: { id: 'asc' } })
    ).map((l) => l.line);
    for (const t of [
      tasks('qmclone', String(TEMPLATE))[0],
      uploads()[0],
      tasks('qmstart', fwVmid)[0],
    ])
      expect(log).toContain(`found the task started before the restart: ${t.upid}`);
    const dep = await h.ctx.prisma.firewallDeployment.findFirstOrThrow({
      where: { jobId: res.body.id },
    });
    expect(dep.kind).toBe('deploy');
    expect((dep.steps as Array<{ step: string }>).map((s) => s.step)).toEqual([
      'addresses',
      'clone',
      'nics',
      'config-disk',
      'start',
      'api',
      'baseline',
      'register',
    ]);
    const vm = [...h.rt.state.guests.values()].find((g) => g.config.name === rest.name)!;
    expect(String(vm.config.net1)).toContain('tag=3100');
    const opn = (await h.rt.appliances.firewall(h.rt.state.name, vm.vmid))!;
    expect(opn.state.interfaces.find((i) => i.identifier === 'lan')?.ipv4).toBe(`${lanNet}.1/24`);
    expect(await h.ctx.prisma.firewall.count({ where: { companyId: globex } })).toBe(2);
  }, 120_000);

  it('undoes every step when one fails part-way and records the reason', async () => {
    const before = {
      guests: h.rt.state.guests.size,
      vlans: (await h.ctx.app.get(IpamVlansService).companyVlans(globex, h.clusterId)).length,
      ranges: await h.ctx.prisma.ipRange.count({ where: { companyId: globex } }),
      wan: await h.ctx.prisma.ipAddress.count({
        where: { rangeId: wanRangeId, status: 'allocated' },
      }),
    };
    // the config disk cannot be stored on a storage without ISO content: fails after the clone
    const body = await edgeBody({
      isoStorage: 'local-lvm',
      lanCidr: `${lanNet.replace(/\d+$/, (x) => String((Number(x) + 1) % 250))}.0/24`,
    });
    const res = await h.ctx.http.post('/api/firewalls/network-edge').set(staff.auth).send(body);
    expect(res.status).toBe(202);
    const job = await h.waitJob(res.body.id, 90_000);
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/content-type 'iso'|does not support/);
    const dep = await h.ctx.prisma.firewallDeployment.findFirstOrThrow({
      where: { jobId: res.body.id },
    });
    expect(dep.status).toBe('failed');
    expect(dep.error).toMatch(/does not support/);
    expect((dep.steps as Array<{ step: string; ok: boolean }>).at(-1)).toMatchObject({
      step: 'config-disk',
      ok: false,
    });
    expect([...h.rt.state.guests.values()].some((g) => g.config.name === body.name)).toBe(false);
    expect(h.rt.state.guests.size).toBe(before.guests);
    expect((await h.ctx.app.get(IpamVlansService).companyVlans(globex, h.clusterId)).length).toBe(
      before.vlans,
    );
    expect(await h.ctx.prisma.ipRange.count({ where: { companyId: globex } })).toBe(before.ranges);
    expect(
      await h.ctx.prisma.ipAddress.count({ where: { rangeId: wanRangeId, status: 'allocated' } }),
    ).toBe(before.wan);
    expect(await h.ctx.prisma.firewall.count({ where: { companyId: globex } })).toBe(2);
  }, 120_000);

  it('bootstrap: the one-time credential from config.xml is exchanged for a key the firewall issues, then refused; metrics compare both methods', async () => {
    const lan = await h.ctx.prisma.ipRange.findFirstOrThrow({
      where: { companyId: globex, cidr: `${lanNet}.0/24` },
    });
    const { lanCidr: _drop, ...rest } = await edgeBody();
    void _drop;
    const bad = await h.ctx.http
      .post('/api/firewalls/deploy')
      .set(staff.auth)
      .send({ ...rest, lanRangeId: lan.id, authMethod: 'password' });
    expect(bad.status).toBe(400);
    const res = await h.ctx.http
      .post('/api/firewalls/deploy')
      .set(staff.auth)
      .send({ ...rest, lanRangeId: lan.id, authMethod: 'bootstrap' });
    expectApiResponse('POST /firewalls/deploy', res);
    expect(res.status).toBe(202);
    const job = await h.waitJob(res.body.id, 90_000);
    expect([job.status, job.error]).toEqual(['succeeded', null]);
    const dep = await h.ctx.prisma.firewallDeployment.findFirstOrThrow({
      where: { jobId: res.body.id },
    });
    expect(dep.authMethod).toBe('bootstrap');
    const steps = dep.steps as Array<{ step: string; ok: boolean; auth?: string }>;
    expect(steps.map((s) => [s.step, s.auth ?? null])).toEqual([
      ['addresses', null],
      ['clone', null],
      ['nics', null],
      ['config-disk', null],
      ['start', null],
      ['api', 'bootstrap'],
      ['rotate-key', 'bootstrap'],
      ['baseline', 'api_key'],
      ['register', null],
    ]);

    // the firewall holds one key for the API user, not the one config.xml carried
    const vm = [...h.rt.state.guests.values()].find((g) => g.config.name === rest.name)!;
    const opn = (await h.rt.appliances.firewall(h.rt.state.name, vm.vmid))!;
    expect(opn.state.users.map((u) => u.name)).toEqual(['multpanel']);
    expect(opn.state.runningRows('filter')).toHaveLength(2); // the baseline ran with the issued key
    // the platform stored the issued key: its live read of the firewall works
    const fw = await h.ctx.http.get(`/api/firewalls/${dep.firewallId}`).set(globexAdmin.auth);
    expect(fw.status).toBe(200);
    const live = await h.ctx.http
      .get(`/api/firewalls/${dep.firewallId}/items/filter`)
      .set(globexAdmin.auth);
    expect(live.status).toBe(200);
    expect(JSON.stringify(live.body)).toContain('Default deny inbound');

    // metrics: per firewall only its bootstrap deployment; in total both methods side by side
    const one = await h.ctx.http
      .get(`/api/firewalls/deployments/metrics?firewallId=${dep.firewallId}`)
      .set(globexAdmin.auth);
    expect(one.status).toBe(200);
    expect(one.body.byAuthMethod).toEqual([
      expect.objectContaining({ authMethod: 'bootstrap', deployments: 1, succeeded: 1 }),
    ]);
    expect(one.body.byAuthMethod[0].stepMeanMs['rotate-key']).toBeGreaterThanOrEqual(0);
    const all = await h.ctx.http
      .get(`/api/firewalls/deployments/metrics?companyId=${globex}`)
      .set(globexAdmin.auth);
    const by = Object.fromEntries(
      (all.body.byAuthMethod as Array<{ authMethod: string; successRate: number }>).map((m) => [
        m.authMethod,
        m,
      ]),
    );
    // api_key: the network edge, the deploy on the range (ok) and the failed one
    expect(by.api_key).toMatchObject({ deployments: 3, succeeded: 2 });
    expect(by.api_key.successRate).toBeCloseTo(2 / 3);
    expect(by.bootstrap).toMatchObject({ deployments: 1, succeeded: 1, successRate: 1 });
    const acmeView = await h.ctx.http
      .get(`/api/firewalls/deployments/metrics?firewallId=${dep.firewallId}`)
      .set(acmeAdmin.auth);
    expect(acmeView.status).toBe(404);
    console.log(
      `bootstrap deployment on the simulators: ${dep.durationMs} ms; ${steps.map((s) => `${s.step} ${(s as { ms?: number }).ms}`).join(', ')}`,
    );
  }, 120_000);

  it('ISO installer path where no template exists: a new VM boots the installer with the config disk', async () => {
    const lan = await h.ctx.prisma.ipRange.findFirstOrThrow({
      where: { companyId: globex, cidr: `${lanNet}.0/24` },
    });
    const { lanCidr: _drop, templateVmid: _tpl, ...rest } = await edgeBody();
    void _drop;
    void _tpl;
    const iso = 'local:iso/OPNsense-26.1-dvd-amd64.iso';
    const installer = { iso, diskStorage: 'local-lvm', diskGb: 16 };
    const post = (body: Record<string, unknown>) =>
      h.ctx.http
        .post('/api/firewalls/deploy')
        .set(staff.auth)
        .send({ ...rest, lanRangeId: lan.id, ...body });
    // exactly one source: a template or the installer
    for (const body of [{}, { templateVmid: TEMPLATE, installer }]) {
      const bad = await post(body);
      expect([bad.status, bad.body.message]).toEqual([
        400,
        expect.stringMatching(/either templateVmid .* or installer/),
      ]);
    }
    const badIso = await post({ installer: { ...installer, iso: 'local:vztmpl/x.tar.zst' } });
    expect(badIso.status).toBe(400);

    // the image is not on the node yet: the job says so and undoes the WAN address
    const missing = await post({ installer });
    expect(missing.status).toBe(202);
    const failed = await h.waitJob(missing.body.id, 90_000);
    expect([failed.status, failed.error]).toEqual([
      'failed',
      `The OPNsense installer ${iso} is not on node pve1; upload it to the ISO storage first`,
    ]);
    expect([...h.rt.state.guests.values()].some((g) => g.config.name === rest.name)).toBe(false);

    h.rt.state.volumes.push({
      volid: iso,
      storage: 'local',
      node: 'pve1',
      content: 'iso',
      format: 'iso',
      size: 2_100_000_000,
      ctime: Math.floor(Date.now() / 1000),
    });
    h.rt.changed();
    // a step after the VM was created fails: the VM goes with the rest
    const name = firewallName(h, 'fwiso');
    const broken = await post({ installer, name, isoStorage: 'local-lvm' });
    expect(broken.status).toBe(202);
    const brokenJob = await h.waitJob(broken.body.id, 90_000);
    expect([brokenJob.status, brokenJob.error]).toEqual([
      'failed',
      expect.stringMatching(/content-type 'iso'|does not support/),
    ]);
    const brokenDep = await h.ctx.prisma.firewallDeployment.findFirstOrThrow({
      where: { jobId: broken.body.id },
    });
    expect((brokenDep.steps as Array<{ step: string; ok: boolean }>).map((s) => s.step)).toEqual([
      'addresses',
      'create',
      'nics',
      'config-disk',
    ]);
    expect([...h.rt.state.guests.values()].some((g) => g.config.name === name)).toBe(false);

    const earlier = new Set(h.rt.state.tasks.map((t) => t.upid)); // the VMID may be reused
    const res = await post({ installer, webguiPort: await freePort() });
    expect(res.status).toBe(202);
    const job = await h.waitJob(res.body.id, 90_000);
    expect([job.status, job.error]).toEqual(['succeeded', null]);
    const dep = await h.ctx.prisma.firewallDeployment.findFirstOrThrow({
      where: { jobId: res.body.id },
    });
    const steps = dep.steps as Array<{ step: string; ms: number }>;
    expect(steps.map((s) => s.step)).toEqual([
      'addresses',
      'create',
      'nics',
      'config-disk',
      'start',
      'api',
      'baseline',
      'register',
    ]);
    // Proxmox: a new VM (qmcreate, no clone) with the installer first in the boot order
    const vm = [...h.rt.state.guests.values()].find((g) => g.config.name === rest.name)!;
    expect(vm.status).toBe('running');
    expect(String(vm.config.ide0)).toMatch(/^local:iso\/OPNsense-26\.1-dvd-amd64\.iso,media=cdrom/);
    expect(String(vm.config.scsi0)).toMatch(/^local-lvm:vm-\d+-disk-0/);
    expect(vm.config.boot).toBe('order=ide0;scsi0');
    expect(String(vm.config.ide2)).toMatch(/^local:iso\/multpanel-fw-\d+-config\.iso,media=cdrom/);
    expect(
      h.rt.state.tasks.filter(
        (t) => !earlier.has(t.upid) && t.type === 'qmcreate' && t.id === String(vm.vmid),
      ),
    ).toHaveLength(1);
    expect(
      h.rt.state.tasks.filter((t) => t.type === 'qmclone' && t.id === String(TEMPLATE)).length,
    ).toBeGreaterThan(0); // the earlier template deployments, not this one
    const opn = (await h.rt.appliances.firewall(h.rt.state.name, vm.vmid))!;
    expect(opn.state.users.map((u) => u.name)).toEqual(['multpanel']);
    const fw = await h.ctx.http.get(`/api/firewalls/${dep.firewallId}`).set(globexAdmin.auth);
    expect(fw.body).toMatchObject({ url: opn.url, version: '26.1.2' });
    console.log(
      `installer-path deployment on the simulators: ${dep.durationMs} ms; ${steps.map((s) => `${s.step} ${s.ms}`).join(', ')}`,
    );
  }, 200_000);

  it('a failure after the firewall is registered undoes it all: registration, the guests’ default network, VM, config disk, WAN address', async () => {
    const lan = await h.ctx.prisma.ipRange.findFirstOrThrow({
      where: { companyId: globex, cidr: `${lanNet}.0/24` },
    });
    const defaultBefore = await h.ctx.prisma.companyGuestNetwork.findUniqueOrThrow({
      where: { companyId_clusterId: { companyId: globex, clusterId: h.clusterId } },
    });
    const before = {
      guests: h.rt.state.guests.size,
      firewalls: await h.ctx.prisma.firewall.count({ where: { companyId: globex } }),
      wan: await h.ctx.prisma.ipAddress.count({
        where: { rangeId: wanRangeId, status: 'allocated' },
      }),
      isos: h.rt.state.volumes.filter((v) => /multpanel-fw-\d+-config\.iso$/.test(v.volid)).length,
    };
    // the deployment's last write (after register) fails once
    const repo = h.worker!.get(FirewallsRepository, { strict: false });
    const write = repo.updateDeploymentForJob.bind(repo);
    const spy = jest.spyOn(repo, 'updateDeploymentForJob').mockImplementation(async (id, data) => {
      if (data.status === 'succeeded') throw new Error('the database went away');
      return write(id, data);
    });
    const { lanCidr: _drop, ...rest } = await edgeBody();
    void _drop;
    try {
      const res = await h.ctx.http
        .post('/api/firewalls/deploy')
        .set(staff.auth)
        .send({ ...rest, lanRangeId: lan.id });
      expect(res.status).toBe(202);
      const job = await h.waitJob(res.body.id, 90_000);
      expect([job.status, job.error]).toEqual(['failed', 'the database went away']);
      const dep = await h.ctx.prisma.firewallDeployment.findFirstOrThrow({
        where: { jobId: res.body.id },
      });
      expect([dep.status, dep.error, dep.firewallId]).toEqual([
        'failed',
        'the database went away',
        null,
      ]);
      expect((dep.steps as Array<{ step: string }>).at(-1)).toMatchObject({ step: 'register' });
    } finally {
      spy.mockRestore();
    }
    // the registration is gone and new guests land where they did before
    expect(await h.ctx.prisma.firewall.count({ where: { companyId: globex } })).toBe(
      before.firewalls,
    );
    expect(await h.ctx.prisma.firewall.count({ where: { name: rest.name } })).toBe(0);
    const defaultAfter = await h.ctx.prisma.companyGuestNetwork.findUniqueOrThrow({
      where: { companyId_clusterId: { companyId: globex, clusterId: h.clusterId } },
    });
    expect(defaultAfter).toMatchObject({
      bridge: defaultBefore.bridge,
      vlan: defaultBefore.vlan,
      rangeId: defaultBefore.rangeId,
      firewallId: defaultBefore.firewallId,
    });
    // the started VM was stopped and destroyed, its config disk and WAN address given back
    expect([...h.rt.state.guests.values()].some((g) => g.config.name === rest.name)).toBe(false);
    expect(h.rt.state.guests.size).toBe(before.guests);
    expect(
      h.rt.state.volumes.filter((v) => /multpanel-fw-\d+-config\.iso$/.test(v.volid)).length,
    ).toBe(before.isos);
    expect(
      await h.ctx.prisma.ipAddress.count({ where: { rangeId: wanRangeId, status: 'allocated' } }),
    ).toBe(before.wan);
  }, 120_000);
  it('a range whose window fills it: the pool is a block reserved in IPAM at its top, released on undo and on delete', async () => {
    const net = `${lanNet.replace(/\d+$/, (x) => String((Number(x) + 3) % 250))}`;
    const made = await h.ctx.http
      .post('/api/ipam/ranges')
      .set(staff.auth)
      .send({
        name: 'Globex full LAN',
        cidr: `${net}.0/26`,
        gateway: `${net}.1`,
        companyId: globex,
        clusterIds: [h.clusterId],
      });
    expect(made.status).toBe(201);
    const rangeId = made.body.id as string;
    const { lanCidr: _drop, ...rest } = await edgeBody();
    void _drop;
    const note = `Kea DHCP pool of edge firewall ${rest.name}`;
    const reserved = () =>
      h.ctx.prisma.ipAddress.findMany({
        where: { rangeId, status: 'reserved', note: { startsWith: note } },
        orderBy: { offset: 'asc' },
      });
    const deploy = async () => {
      const res = await h.ctx.http
        .post('/api/firewalls/deploy')
        .set(staff.auth)
        .send({ ...rest, lanRangeId: rangeId });
      expect(res.status).toBe(202);
      return { id: res.body.id as string, job: await h.waitJob(res.body.id, 90_000) };
    };
    const logOf = async (jobId: string) =>
      (await h.ctx.prisma.jobLog.findMany({ where: { jobId } })).map((l) => l.line);
    // .2-.62 free (the gateway holds .1): the upper 30 of them become the pool
    const poolLine = `DHCP pool ${net}.33-${net}.62: 30 free addresses at the top of ${net}.0/26, reserved in IPAM for the firewall (its window leaves no room above)`;

    // a failure after the baseline gives the reservations back
    const repo = h.worker!.get(FirewallsRepository, { strict: false });
    const write = repo.updateDeploymentForJob.bind(repo);
    const spy = jest.spyOn(repo, 'updateDeploymentForJob').mockImplementation(async (id, data) => {
      if (data.status === 'succeeded') throw new Error('the database went away');
      return write(id, data);
    });
    try {
      const failed = await deploy();
      expect(failed.job.status).toBe('failed');
      const log = await logOf(failed.id);
      expect(log).toContain(poolLine);
      expect(log).toContain('30 reserved LAN addresses given back');
      expect(log).toContain(`undone: the DHCP pool's reserved LAN addresses`);
    } finally {
      spy.mockRestore();
    }
    expect(await reserved()).toEqual([]);

    const ok = await deploy();
    expect([ok.job.status, ok.job.error]).toEqual(['succeeded', null]);
    expect(await logOf(ok.id)).toContain(poolLine);
    const rows = await reserved();
    expect(rows.map((r) => r.address)).toEqual(
      Array.from({ length: 30 }, (_, i) => `${net}.${33 + i}`),
    );
    expect(rows.every((r) => r.purpose === 'firewall' && r.companyId === globex)).toBe(true);
    const dep = await h.ctx.prisma.firewallDeployment.findFirstOrThrow({ where: { jobId: ok.id } });
    expect(rows[0]!.note).toBe(`${note} (deployment ${dep.id})`);
    expect(await keaPools(dep.firewallId!)).toEqual([`${net}.33-${net}.62`]);
    expect(await nextFreeInPool(rangeId, `${net}.33-${net}.62`)).toEqual([]);
    // the range page lists them with their note
    const page = await h.ctx.http
      .get(`/api/ipam/ranges/${rangeId}/addresses?status=reserved`)
      .set(globexAdmin.auth);
    expect(page.status).toBe(200);
    expect(JSON.stringify(page.body)).toContain(note);

    // deleting the firewall gives them back
    const del = await h.ctx.http.delete(`/api/firewalls/${dep.firewallId}`).set(staff.auth);
    expect(del.status).toBe(204);
    expect(await reserved()).toEqual([]);
  }, 180_000);
});
