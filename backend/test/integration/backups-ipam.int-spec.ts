import type { Company, Guest } from '../../src/generated/prisma/client';
import { BackupsModule } from '../../src/modules/backups/backups.module';
import type { LoggedIn } from '../helpers/test-context';
import { VmsHarness } from './vms-harness';

/**
 * IPAM and restored copies (issue 18): a copy never takes its source's address. A restore to a
 * new guest gets its own address from the source's range; a DR standby on the other cluster gets
 * one from a range that applies to that cluster: the source's when it spans both clusters, else
 * another of the company's ranges there. Only a fail-over hands the source's address to the
 * standby (where its range reaches the target cluster), and a fail-back hands it back.
 */
jest.setTimeout(240_000);

const GiB = 1024 ** 3;

describe('backups: IPAM addresses of restored copies (integration)', () => {
  let h: VmsHarness;
  let acme: Company;
  let acmeAdmin: LoggedIn;
  let web: Guest;
  let db: Guest;
  let source: string;
  let target: string;
  let both: string;
  let sourceOnly: string;
  let targetOnly: string;
  let pairId: string;
  const http = () => h.ctx.http;
  const tag = Math.floor(Math.random() * 200) + 20;
  const net = (n: number) => `10.${tag}.${n}`;

  const range = async (name: string, cidr: string, clusterIds: string[], gateway: string) => {
    const res = await http()
      .post('/api/ipam/ranges')
      .set(h.admin.auth)
      .send({ name: `${name} ${tag}`, cidr, companyId: acme.id, clusterIds, gateway });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const addressOf = async (guestId: string, nic = 0) =>
    h.ctx.prisma.ipAddress.findFirst({ where: { guestId, nic, status: 'allocated' } });
  const giveAddress = async (g: Guest, rangeId: string) => {
    const res = await http()
      .put(`/api/vms/${g.id}/nics/0/address`)
      .set(h.admin.auth)
      .send({ rangeId });
    expect(res.status).toBe(200);
    return (await addressOf(g.id))!;
  };
  const backUp = async (g: Guest) => {
    const res = await http().post(`/api/vms/${g.id}/backups`).set(acmeAdmin.auth).send({});
    expect(res.status).toBe(202);
    expect((await h.waitJob(res.body.job.id)).status).toBe('succeeded');
    const list = await http().get(`/api/vms/${g.id}/backups`).set(acmeAdmin.auth);
    expect(list.status).toBe(200);
    // newest first
    return (list.body.archives as Array<{ volid: string }>)[0].volid;
  };

  beforeAll(async () => {
    h = await VmsHarness.start({ clusters: 2, workerModules: [BackupsModule.forWorker()] });
    await h.startWorker();
    [source, target] = h.clusterIds;
    const pbs = { type: 'pbs', server: 'pbs.ipam.test', datastore: 'dr', content: 'backup' };
    h.sim.runtimes[0].state.storages.push({
      storage: 'dr-pbs',
      shared: 1,
      total: 4096 * GiB,
      ...pbs,
    });
    h.sim.runtimes[1].state.storages.push({
      storage: 'site-a',
      shared: 1,
      total: 4096 * GiB,
      ...pbs,
    });
    acme = await h.ctx.newCompany({ maxGuests: 20, maxVcpus: 200, maxMemoryMb: 1_024_000 });
    acmeAdmin = await h.ctx.login(
      await h.ctx.newUser({ role: 'company_admin', companyId: acme.id }),
    );
    [web, db] = await h.ctx.prisma.guest.findMany({
      where: { clusterId: source, template: false, kind: 'qemu', goneAt: null },
      orderBy: { vmid: 'asc' },
      take: 2,
    });
    await h.ctx.prisma.guest.updateMany({
      where: { id: { in: [web.id, db.id] } },
      data: { companyId: acme.id },
    });
    both = await range('Both sites', `${net(1)}.0/28`, [source, target], `${net(1)}.1`);
    sourceOnly = await range('Site A', `${net(2)}.0/28`, [source], `${net(2)}.1`);
    targetOnly = await range('Site B', `${net(3)}.0/28`, [target], `${net(3)}.1`);
  });
  afterAll(async () => {
    await h?.close();
    expect(h.contract.violations).toEqual([]);
  });

  it('a restore to a new guest gets its own address from the source range', async () => {
    const orig = await giveAddress(web, both);
    const volid = await backUp(web);
    const res = await http()
      .post(`/api/vms/${web.id}/backups/restore`)
      .set(acmeAdmin.auth)
      .send({ volid, target: 'new', name: 'ipam-copy' });
    expect(res.status).toBe(202);
    const job = await h.waitJob(res.body.job.id);
    expect(job.status).toBe('succeeded');
    const copy = await addressOf(res.body.vmId);
    expect(copy).not.toBeNull();
    expect(copy!.rangeId).toBe(both);
    expect(copy!.address).not.toBe(orig.address);
    // the original keeps its own
    expect((await addressOf(web.id))!.address).toBe(orig.address);
    const vmid = (await h.ctx.prisma.guest.findUniqueOrThrow({ where: { id: res.body.vmId } }))
      .activeVmid!;
    const cfg = h.sim.runtimes[0].state.guests.get(vmid)!.config;
    expect(String(cfg.ipconfig0)).toContain(`ip=${copy!.address}/28`);
    expect(String(cfg.ipconfig0)).not.toContain(`ip=${orig.address}/`);
  });

  it("a DR standby gets an address in the target cluster's ranges, never the source's", async () => {
    const webAddr = (await addressOf(web.id))!;
    const dbAddr = await giveAddress(db, sourceOnly);
    const created = await http()
      .post('/api/dr-pairs')
      .set(acmeAdmin.auth)
      .send({
        companyId: acme.id,
        name: `DR ipam ${tag}`,
        sourceClusterId: source,
        targetClusterId: target,
        guestIds: [web.id, db.id],
        sourceStorage: 'dr-pbs',
        targetNode: 'pve1',
        targetStorage: 'site-a',
        policy: 'standby',
        standbyStorage: 'local-lvm',
      });
    expect(created.status).toBe(201);
    pairId = created.body.id as string;
    expect((await http().post(`/api/dr-pairs/${pairId}/sync`).set(acmeAdmin.auth)).status).toBe(
      202,
    );
    const rows = await h.ctx.prisma.drGuest.findMany({ where: { pairId } });
    for (const r of rows)
      if (r.jobId) expect((await h.waitJob(r.jobId, 90_000)).status).toBe('succeeded');
    const after = await h.ctx.prisma.drGuest.findMany({ where: { pairId } });
    const dst = h.sim.runtimes[1].state;
    const standbyOf = (g: Guest) => after.find((r) => r.guestId === g.id)!;

    // web's range spans both clusters: the standby takes another address of it
    const webStandby = standbyOf(web);
    const webCopy = (await addressOf(webStandby.standbyGuestId!))!;
    expect(webCopy.rangeId).toBe(both);
    expect(webCopy.address).not.toBe(webAddr.address);
    expect(String(dst.guests.get(webStandby.standbyVmid!)!.config.ipconfig0)).toContain(
      `ip=${webCopy.address}/28`,
    );

    // db's range is the source cluster's only: the standby's address is from a range that
    // applies to the target cluster (either of the two), with that range's gateway
    const dbStandby = standbyOf(db);
    const dbCopy = (await addressOf(dbStandby.standbyGuestId!))!;
    expect([both, targetOnly]).toContain(dbCopy.rangeId);
    const dbCfg = String(dst.guests.get(dbStandby.standbyVmid!)!.config.ipconfig0);
    expect(dbCfg).toContain(`ip=${dbCopy.address}/28`);
    expect(dbCfg).not.toContain(dbAddr.address);
    expect(dbCfg).toContain(`gw=${dbCopy.rangeId === both ? net(1) : net(3)}.1`);

    // a second sync of a fresh backup keeps the standby's addresses (no new allocation)
    await backUp(db);
    await h.ctx.prisma.drPair.update({ where: { id: pairId }, data: { nextSyncAt: new Date(0) } });
    expect((await http().post(`/api/dr-pairs/${pairId}/sync`).set(acmeAdmin.auth)).status).toBe(
      202,
    );
    const again = await h.ctx.prisma.drGuest.findMany({ where: { pairId } });
    for (const r of again)
      if (r.jobId) expect((await h.waitJob(r.jobId, 90_000)).status).toBe('succeeded');
    const held = await h.ctx.prisma.ipAddress.findMany({
      where: { guestId: dbStandby.standbyGuestId!, status: 'allocated' },
    });
    expect(held.map((a) => a.address)).toEqual([dbCopy.address]);
    expect(String(dst.guests.get(dbStandby.standbyVmid!)!.config.ipconfig0)).toContain(
      `ip=${dbCopy.address}/28`,
    );
  });

  it("a fail-over hands the source's address to the standby; a fail-back hands it back", async () => {
    const webAddr = (await addressOf(web.id))!;
    const dbAddr = (await addressOf(db.id))!;
    const rows = await h.ctx.prisma.drGuest.findMany({ where: { pairId } });
    const row = (g: Guest) => rows.find((r) => r.guestId === g.id)!;
    const webInterim = (await addressOf(row(web).standbyGuestId!))!;
    const dbInterim = (await addressOf(row(db).standbyGuestId!))!;
    const dst = h.sim.runtimes[1].state;
    const act = async (g: Guest, what: 'failover' | 'failback') => {
      const res = await http()
        .post(`/api/dr-pairs/${pairId}/guests/${g.id}/${what}`)
        .set(acmeAdmin.auth)
        .send({ confirm: true });
      expect(res.status).toBe(202);
      const job = await h.waitJob(res.body.job.id, 90_000);
      expect(job.status).toBe('succeeded');
      return res.body.job.id as string;
    };

    const foJob = await act(web, 'failover');
    await act(db, 'failover');
    // web's range spans both clusters: the standby now holds the very same address row; the
    // source holds none and the standby's interim address is free again
    const webNow = (await addressOf(row(web).standbyGuestId!))!;
    expect(webNow).toMatchObject({ id: webAddr.id, address: webAddr.address, nic: 0 });
    expect(await addressOf(web.id)).toBeNull();
    expect(
      await h.ctx.prisma.ipAddress.findFirst({
        where: { rangeId: webInterim.rangeId, address: webInterim.address },
      }),
    ).toBeNull();
    const webCfg = dst.guests.get(row(web).standbyVmid!)!;
    expect(webCfg.status).toBe('running');
    expect(String(webCfg.config.ipconfig0)).toContain(`ip=${webAddr.address}/28`);
    expect(String(webCfg.config.ipconfig0)).not.toContain(webInterim.address);
    const log = await h.ctx.prisma.jobLog.findMany({ where: { jobId: foJob } });
    expect(log.map((l) => l.line).join('\n')).toContain(
      `net0: takes over address ${webAddr.address}`,
    );
    // db's range does not reach the target cluster: its address stays with the source and the
    // standby runs with its own
    expect((await addressOf(db.id))!.id).toBe(dbAddr.id);
    expect((await addressOf(row(db).standbyGuestId!))!.id).toBe(dbInterim.id);
    const dbCfg = String(dst.guests.get(row(db).standbyVmid!)!.config.ipconfig0);
    expect(dbCfg).toContain(`ip=${dbInterim.address}/28`);
    expect(dbCfg).not.toContain(dbAddr.address);

    // fail-back: the address returns to the source, whose config names it (not the standby's)
    await act(web, 'failback');
    await act(db, 'failback');
    expect((await addressOf(web.id))!.id).toBe(webAddr.id);
    expect(await addressOf(row(web).standbyGuestId!)).toBeNull();
    const src = h.sim.runtimes[0].state;
    expect(String(src.guests.get(web.activeVmid!)!.config.ipconfig0)).toContain(
      `ip=${webAddr.address}/28`,
    );
    // db came back from its standby's archive: its config names its own address again
    expect((await addressOf(db.id))!.id).toBe(dbAddr.id);
    expect((await addressOf(row(db).standbyGuestId!))!.id).toBe(dbInterim.id);
    const dbBack = String(src.guests.get(db.activeVmid!)!.config.ipconfig0);
    expect(dbBack).toContain(`ip=${dbAddr.address}/28`);
    expect(dbBack).not.toContain(dbInterim.address);
  });
});
