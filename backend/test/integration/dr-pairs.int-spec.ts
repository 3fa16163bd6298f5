import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { DR_COPIES_KEPT } from '@multpanel/contracts';
import type { Company, Guest, User } from '../../src/generated/prisma/client';
import { BackupsModule } from '../../src/modules/backups/backups.module';
import { DrPairsService } from '../../src/modules/backups/dr-pairs.service';
import { InventorySyncService } from '../../src/modules/inventory/inventory-sync.service';
import { expectApiResponse } from '../helpers/api-response';
import type { LoggedIn } from '../helpers/test-context';
import { startSmtpSink } from '../helpers/smtp-sink';
import { VmsHarness } from './vms-harness';

/**
 * DR pairs (issue 18) on two simulated clusters that both mount one PBS datastore (cluster 1 as
 * "dr-pbs", cluster 2 as "site-a"): a sync copies each guest (vzdump by the source cluster), the
 * target cluster lists the copy as the recovery point, policy standby restores it there stopped,
 * fail over starts it; a stale guest mails the company's admins and the MSP exactly once. Bad input
 * is a 4xx and another company sees none of it (404).
 */
jest.setTimeout(240_000);

const GiB = 1024 ** 3;

describe('DR pairs (integration)', () => {
  let h: VmsHarness;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  let acme: Company;
  let globex: Company;
  let acmeAdmin: LoggedIn;
  let acmeAdminUser: User;
  let globexAdmin: LoggedIn;
  let globexGuest: Guest;
  let web: Guest;
  let db: Guest;
  let source: string;
  let target: string;
  const http = () => h.ctx.http;
  const mailsAbout = async (fragment: string, count: number, timeoutMs = 30_000) => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const found = sink.mails
        .map((m) =>
          m
            .replace(/=\r?\n/g, '')
            .replace(/=3D/g, '=')
            .replace(/\r?\n[ \t]+/g, ' '),
        )
        .filter((m) => m.includes(fragment));
      if (found.length >= count || Date.now() > until) return found;
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const to = (mail: string) => /^To: (.+)$/m.exec(mail)?.[1].trim();

  beforeAll(async () => {
    sink = await startSmtpSink();
    h = await VmsHarness.start({
      clusters: 2,
      workerModules: [BackupsModule.forWorker()],
      env: { SMTP_URL: sink.url, PUBLIC_URL: 'http://mp.test' },
    });
    await h.startWorker();
    [source, target] = h.clusterIds;
    // one PBS datastore, mounted by both clusters under their own storage ids
    const pbs = { type: 'pbs', server: 'pbs.dr.test', datastore: 'dr', content: 'backup' };
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
    acme = await h.ctx.newCompany({ maxGuests: 10, maxVcpus: 100, maxMemoryMb: 512_000 });
    globex = await h.ctx.newCompany();
    acmeAdminUser = await h.ctx.newUser({ role: 'company_admin', companyId: acme.id });
    acmeAdmin = await h.ctx.login(acmeAdminUser);
    globexAdmin = await h.ctx.login(
      await h.ctx.newUser({ role: 'company_admin', companyId: globex.id }),
    );
    const guests = await h.ctx.prisma.guest.findMany({
      where: { clusterId: source, template: false, kind: 'qemu', goneAt: null },
      orderBy: { vmid: 'asc' },
    });
    [web, db, globexGuest] = guests;
    await h.ctx.prisma.guest.updateMany({
      where: { id: { in: [web.id, db.id] } },
      data: { companyId: acme.id },
    });
    await h.ctx.prisma.guest.update({
      where: { id: globexGuest.id },
      data: { companyId: globex.id },
    });
  });
  afterAll(async () => {
    await h?.close();
    await sink?.close();
    expect(h.contract.violations).toEqual([]);
  });

  const body = (extra: object = {}) => ({
    companyId: acme.id,
    name: `DR ${Math.random().toString(36).slice(2, 8)}`,
    sourceClusterId: source,
    targetClusterId: target,
    guestIds: [web.id, db.id],
    sourceStorage: 'dr-pbs',
    targetNode: 'pve1',
    targetStorage: 'site-a',
    policy: 'standby',
    standbyStorage: 'local-lvm',
    ...extra,
  });
  const jobLog = async (jobId: string) =>
    (await h.ctx.prisma.jobLog.findMany({ where: { jobId }, orderBy: { id: 'asc' } })).map(
      (l) => l.line,
    );
  const waitGuests = async (pairId: string) => {
    const rows = await h.ctx.prisma.drGuest.findMany({ where: { pairId } });
    for (const r of rows) if (r.jobId) await h.waitJob(r.jobId, 90_000);
  };

  it('refuses bad input with a clear 4xx', async () => {
    const post = (b: object, who = acmeAdmin) => http().post('/api/dr-pairs').set(who.auth).send(b);
    const same = await post(body({ targetClusterId: source }));
    expect(same.status).toBe(400);
    expect(JSON.stringify(same.body)).toContain('must not be the source cluster');
    const noStandby = await post(body({ standbyStorage: null }));
    expect(noStandby.status).toBe(400);
    expect(JSON.stringify(noStandby.body)).toContain('standbyStorage');
    const unknownSrc = await post(body({ sourceStorage: 'nowhere' }));
    expect(unknownSrc.status).toBe(400);
    expect(unknownSrc.body.code).toBe('VALIDATION_FAILED');
    expect(unknownSrc.body.message).toContain('sourceStorage');
    // local-lvm holds no backups
    const badTarget = await post(body({ targetStorage: 'local-lvm' }));
    expect(badTarget.status).toBe(400);
    expect(badTarget.body.message).toContain('targetStorage');
    const badNode = await post(body({ targetNode: 'pve99' }));
    expect(badNode.status).toBe(400);
    expect(badNode.body.message).toContain('targetNode');
    const badStandby = await post(body({ standbyStorage: 'local' }));
    expect(badStandby.status).toBe(400);
    expect(badStandby.body.message).toContain('standbyStorage');
    const extra = await post({ ...body(), surprise: 1 });
    expect(extra.status).toBe(400);
    const tooOften = await post(body({ syncEveryMinutes: 1 }));
    expect(tooOften.status).toBe(400);
    // another company's guest looks missing
    const foreignGuest = await post(body({ guestIds: [web.id, globexGuest.id] }));
    expect(foreignGuest.status).toBe(404);
    // another company's admin cannot pair Acme's guests
    const foreignCompany = await post(body(), globexAdmin);
    expect(foreignCompany.status).toBe(404);
  });

  it('syncs: copies, shows the recovery point, restores a stopped standby; fail over starts it', async () => {
    const created = await http().post('/api/dr-pairs').set(acmeAdmin.auth).send(body());
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(created.body.guestIds.sort()).toEqual([web.id, db.id].sort());
    // not yet synced: failover has nothing to start
    const early = await http()
      .post(`/api/dr-pairs/${id}/guests/${web.id}/failover`)
      .set(acmeAdmin.auth)
      .send({ confirm: true });
    expect(early.status).toBe(409);

    const sync = await http().post(`/api/dr-pairs/${id}/sync`).set(acmeAdmin.auth);
    expect(sync.status).toBe(202);
    expectApiResponse('POST /dr-pairs/:id/sync', sync);
    expect(sync.body.jobs).toBe(2);
    // a second click while the jobs run starts nothing twice
    const again = await http().post(`/api/dr-pairs/${id}/sync`).set(acmeAdmin.auth);
    expect(again.body.jobs).toBe(0);
    await waitGuests(id);

    const detail = await http().get(`/api/dr-pairs/${id}`).set(acmeAdmin.auth);
    expectApiResponse('GET /dr-pairs/:id', detail);
    expect(detail.body.staleGuests).toBe(0);
    const dst = h.sim.runtimes[1].state;
    for (const g of detail.body.guests) {
      expect([g.status, g.error]).toEqual(['ok', null]);
      expect(g.error).toBeNull();
      // the copy as the TARGET cluster names it
      expect(g.copyVolid).toMatch(
        new RegExp(`^site-a:backup/vm/${g.vmid}/\\d{4}-\\d\\d-\\d\\dT[\\d:]{8}Z$`),
      );
      expect(g.recoveryPointAgeSec).toBeLessThan(600);
      expect(g.stale).toBe(false);
      expect(g.standbyVmid).toEqual(expect.any(Number));
      expect(g.standbyPointAt).toBe(g.recoveryPointAt);
      const standby = dst.guests.get(g.standbyVmid)!;
      expect(standby).toBeDefined();
      expect(standby.node).toBe('pve1');
      expect(standby.status).toBe('stopped');
      expect(String(standby.config.onboot)).toBe('0');
    }
    // the source cluster wrote it onto its own storage id of the same datastore
    const srcVols = h.sim.runtimes[0].state.volumes.filter((v) => v.storage === 'dr-pbs');
    expect(srcVols.length).toBeGreaterThanOrEqual(2);

    // a sync with no newer backup makes no new copy and keeps the standby
    const webRow = detail.body.guests.find((g: { guestId: string }) => g.guestId === web.id);
    const before = dst.volumes.filter((v) => v.storage === 'site-a').length;
    await h.ctx.prisma.drPair.update({ where: { id }, data: { nextSyncAt: new Date(0) } });
    const planned = await h.ctx.app.get(DrPairsService).planDue();
    expect(planned.synced).toBeGreaterThanOrEqual(1);
    await waitGuests(id);
    expect(dst.volumes.filter((v) => v.storage === 'site-a').length).toBe(before);
    const after = await h.ctx.prisma.drGuest.findFirstOrThrow({
      where: { pairId: id, guestId: web.id },
    });
    expect(after.copyVolid).toBe(webRow.copyVolid);
    expect(after.standbyVmid).toBe(webRow.standbyVmid);

    // a new backup of db: the next sync copies it and restores the standby over the old one
    const dbRow = detail.body.guests.find((g: { guestId: string }) => g.guestId === db.id);
    await new Promise((r) => setTimeout(r, 1100)); // a newer second than the first copy
    const now = await http()
      .post(`/api/vms/${db.id}/backups`)
      .set(acmeAdmin.auth)
      .send({ storage: 'local' });
    expect(now.status).toBe(202);
    for (const r of await h.ctx.prisma.backupResult.findMany({ where: { runId: now.body.runId } }))
      expect((await h.waitJob(r.jobId!, 60_000)).status).toBe('succeeded');
    await new Promise((r) => setTimeout(r, 1100));
    await h.ctx.prisma.drPair.update({ where: { id }, data: { nextSyncAt: new Date(0) } });
    await h.ctx.app.get(DrPairsService).planDue();
    await waitGuests(id);
    const dbAfter = await h.ctx.prisma.drGuest.findFirstOrThrow({
      where: { pairId: id, guestId: db.id },
    });
    expect([dbAfter.status, dbAfter.error]).toEqual(['ok', null]);
    expect(dbAfter.copyVolid).not.toBe(dbRow.copyVolid);
    expect(dbAfter.recoveryPointAt!.getTime()).toBeGreaterThan(Date.parse(dbRow.recoveryPointAt));
    expect(dbAfter.standbyVmid).toBe(dbRow.standbyVmid);
    expect(dbAfter.standbyPointAt!.toISOString()).toBe(dbAfter.recoveryPointAt!.toISOString());
    expect(dst.guests.get(dbRow.standbyVmid)!.status).toBe('stopped');
    const webAgain = await h.ctx.prisma.drGuest.findFirstOrThrow({
      where: { pairId: id, guestId: web.id },
    });
    expect(webAgain.copyVolid).toBe(webRow.copyVolid);

    // fail over: confirm required; the source cluster answers and its guest runs: it is shut
    // down before the standby starts, so both never run
    const srcState = h.sim.runtimes[0].state;
    srcState.guests.get(web.vmid)!.status = 'running';
    const noConfirm = await http()
      .post(`/api/dr-pairs/${id}/guests/${web.id}/failover`)
      .set(acmeAdmin.auth)
      .send({});
    expect(noConfirm.status).toBe(400);
    const badForce = await http()
      .post(`/api/dr-pairs/${id}/guests/${web.id}/failover`)
      .set(acmeAdmin.auth)
      .send({ confirm: true, force: 'yes' });
    expect([badForce.status, badForce.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(badForce.body.message).toMatch(/force/);
    const fo = await http()
      .post(`/api/dr-pairs/${id}/guests/${web.id}/failover`)
      .set(acmeAdmin.auth)
      .send({ confirm: true });
    expect(fo.status).toBe(202);
    expectApiResponse('POST /dr-pairs/:id/guests/:id/failover', fo);
    expect((await h.waitJob(fo.body.job.id, 60_000)).status).toBe('succeeded');
    expect(dst.guests.get(webRow.standbyVmid)!.status).toBe('running');
    expect(srcState.guests.get(web.vmid)!.status).toBe('stopped');
    const shutdowns = srcState.tasks.filter(
      (t) => t.type === 'qmshutdown' && t.id === String(web.vmid),
    );
    expect(shutdowns).toHaveLength(1);
    expect(shutdowns[0].exitstatus).toBe('OK');
    const start = dst.tasks.find(
      (t) => t.type === 'qmstart' && t.id === String(webRow.standbyVmid),
    );
    expect(shutdowns[0].endtime!).toBeLessThanOrEqual(start!.starttime);
    const foLog = await jobLog(fo.body.job.id);
    const shutLine = foLog.findIndex((l) =>
      /^source VMID \d+ on pve\d .* runs: shutting it down/.test(l),
    );
    expect(shutLine).toBeGreaterThanOrEqual(0);
    expect(foLog.slice(shutLine)).toContainEqual(
      expect.stringMatching(/^source VMID \d+ .* stopped$/),
    );
    expect((await h.ctx.prisma.guest.findUniqueOrThrow({ where: { id: web.id } })).status).toBe(
      'stopped',
    );
    const shown = await http().get(`/api/dr-pairs/${id}`).set(acmeAdmin.auth);
    const failed = shown.body.guests.find((g: { guestId: string }) => g.guestId === web.id);
    expect(failed.failedOverAt).toEqual(expect.any(String));
    expect(failed.stale).toBe(false);

    // the standby is Acme's guest (not an unassigned one), also after an inventory sync
    await h.ctx.app.get(InventorySyncService).sync(target);
    expect(failed.standbyGuestId).toEqual(expect.any(String));
    const standbyRow = await h.ctx.prisma.guest.findUniqueOrThrow({
      where: { id: failed.standbyGuestId },
    });
    expect([standbyRow.companyId, standbyRow.clusterId, standbyRow.activeVmid]).toEqual([
      acme.id,
      target,
      webRow.standbyVmid,
    ]);
    const sameVmid = await h.ctx.prisma.guest.count({
      where: { clusterId: target, activeVmid: webRow.standbyVmid },
    });
    expect(sameVmid).toBe(1);
    expect((await http().get(`/api/vms/${failed.standbyGuestId}`).set(acmeAdmin.auth)).status).toBe(
      200,
    );
    expect(
      (await http().get(`/api/vms/${failed.standbyGuestId}`).set(globexAdmin.auth)).status,
    ).toBe(404);
    const staff = await h.ctx.login(await h.ctx.newUser({ role: 'super_admin' }));
    const free = await http()
      .get('/api/guests/unassigned')
      .query({ clusterId: target, pageSize: 100 })
      .set(staff.auth);
    expect(free.status).toBe(200);
    expect(free.body.items.map((g: { id: string }) => g.id)).not.toContain(failed.standbyGuestId);
    const moved = await http()
      .post('/api/guests/import')
      .set(staff.auth)
      .send({ companyId: globex.id, guestIds: [failed.standbyGuestId] });
    expect(moved.status).toBe(404);
    expect(
      (await h.ctx.prisma.guest.findUniqueOrThrow({ where: { id: failed.standbyGuestId } }))
        .companyId,
    ).toBe(acme.id);

    // fail back: confirm required; db (never failed over) has nothing to fail back
    const fbPath = `/api/dr-pairs/${id}/guests/${web.id}/failback`;
    expect((await http().post(fbPath).set(acmeAdmin.auth).send({})).status).toBe(400);
    expect(
      (
        await http()
          .post(`/api/dr-pairs/${id}/guests/${db.id}/failback`)
          .set(acmeAdmin.auth)
          .send({ confirm: true })
      ).status,
    ).toBe(409);
    expect((await http().post(fbPath).set(globexAdmin.auth).send({ confirm: true })).status).toBe(
      404,
    );
    // the source side runs (stale data): the fail-back stops it and restores the standby's state
    srcState.guests.get(web.vmid)!.status = 'running';
    const standbyCfg = dst.guests.get(webRow.standbyVmid)!.config;
    standbyCfg.description = 'written on the DR side';
    const fb = await http().post(fbPath).set(acmeAdmin.auth).send({ confirm: true });
    expect(fb.status).toBe(202);
    expectApiResponse('POST /dr-pairs/:id/guests/:id/failback', fb);
    expect(fb.body.job.type).toBe('backups.dr-failback');
    // a second click while it runs is refused
    expect((await http().post(fbPath).set(acmeAdmin.auth).send({ confirm: true })).status).toBe(
      409,
    );
    const fbJob = await h.waitJob(fb.body.job.id, 90_000);
    expect([fbJob.status, fbJob.error]).toEqual(['succeeded', null]);
    expect(dst.guests.get(webRow.standbyVmid)!.status).toBe('stopped');
    const back = srcState.guests.get(web.vmid)!;
    expect(back.status).toBe('running');
    expect(String(back.config.description)).toBe('written on the DR side');
    const fbArchives = srcState.volumes.filter(
      (v) => v.storage === 'dr-pbs' && String(v.notes ?? '').includes('multpanel-dr-failback:'),
    );
    expect(fbArchives.length).toBe(1);
    const afterFb = await http().get(`/api/dr-pairs/${id}`).set(acmeAdmin.auth);
    const webBack = afterFb.body.guests.find((g: { guestId: string }) => g.guestId === web.id);
    expect(webBack.failedOverAt).toBeNull();
    expect(webBack.failedBackAt).toEqual(expect.any(String));
    expect(webBack.status).toBe('ok');
    // the job is Acme's and shows in its job list, not Globex's
    expect((await http().get(`/api/jobs/${fb.body.job.id}`).set(globexAdmin.auth)).status).toBe(
      404,
    );

    const ours = await http().get('/api/dr-pairs').set(acmeAdmin.auth);
    expectApiResponse('GET /dr-pairs', ours);
    expect(ours.body.items.map((p: { id: string }) => p.id)).toContain(id);
    // Globex sees none of it
    const list = await http().get('/api/dr-pairs').set(globexAdmin.auth);
    expect(list.status).toBe(200);
    expect(list.body.items.map((p: { id: string }) => p.id)).not.toContain(id);
    expect((await http().get(`/api/dr-pairs/${id}`).set(globexAdmin.auth)).status).toBe(404);
    expect(
      (await http().patch(`/api/dr-pairs/${id}`).set(globexAdmin.auth).send({ enabled: false }))
        .status,
    ).toBe(404);
    expect((await http().post(`/api/dr-pairs/${id}/sync`).set(globexAdmin.auth)).status).toBe(404);
    expect(
      (
        await http()
          .post(`/api/dr-pairs/${id}/guests/${db.id}/failover`)
          .set(globexAdmin.auth)
          .send({ confirm: true })
      ).status,
    ).toBe(404);
    expect((await http().delete(`/api/dr-pairs/${id}`).set(globexAdmin.auth)).status).toBe(404);
    // the owner may
    expect((await http().delete(`/api/dr-pairs/${id}`).set(acmeAdmin.auth)).status).toBe(204);
  });

  it('a stale DR copy mails the company admins and the MSP exactly once', async () => {
    const created = await http()
      .post('/api/dr-pairs')
      .set(acmeAdmin.auth)
      .send(body({ name: 'Stale pair', guestIds: [db.id], policy: 'copy', staleAfterHours: 1 }));
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    // no sync comes (next one far away) and the guest joined two hours ago: stale
    await h.ctx.prisma.drPair.update({
      where: { id },
      data: { nextSyncAt: new Date(Date.now() + 86_400_000) },
    });
    await h.ctx.prisma.drGuest.updateMany({
      where: { pairId: id },
      data: { createdAt: new Date(Date.now() - 2 * 3_600_000) },
    });
    const shown = await http().get(`/api/dr-pairs/${id}`).set(acmeAdmin.auth);
    expect(shown.body.staleGuests).toBe(1);
    expect(shown.body.guests[0].stale).toBe(true);

    const svc = h.ctx.app.get(DrPairsService);
    await svc.planDue();
    await svc.planDue();
    const audience =
      1 + (await h.ctx.prisma.user.count({ where: { role: 'super_admin', status: 'active' } }));
    const mails = await mailsAbout(`DR copy stale: ${db.name} of ${acme.name}`, audience);
    expect(mails.length).toBe(audience);
    const rcpt = mails.map(to);
    expect(rcpt).toContain(acmeAdminUser.email);
    expect(new Set(rcpt).size).toBe(rcpt.length);
    expect(mails[0]).toContain('it has no copy on');
    expect(mails[0]).toContain('http://mp.test/backups?tab=dr');
    // still stale: no second mail
    await svc.planDue();
    await new Promise((r) => setTimeout(r, 1500));
    expect((await mailsAbout(`DR copy stale: ${db.name}`, 0)).length).toBe(audience);

    // a fresh copy ends the stale spell
    const sync = await http().post(`/api/dr-pairs/${id}/sync`).set(acmeAdmin.auth);
    expect(sync.body.jobs).toBe(1);
    await waitGuests(id);
    const row = await h.ctx.prisma.drGuest.findFirstOrThrow({ where: { pairId: id } });
    expect(row.status).toBe('ok');
    expect(row.staleNotifiedAt).toBeNull();
    expect(row.standbyVmid).toBeNull();
    const fresh = await http().get(`/api/dr-pairs/${id}`).set(acmeAdmin.auth);
    expect(fresh.body.staleGuests).toBe(0);

    // DR copy retention: after four copies, the three newest remain on the shared datastore
    const marked = () =>
      h.sim.runtimes[1].state.volumes
        .filter((v) => v.storage === 'site-a' && (v.notes ?? '').includes(`multpanel-dr:${row.id}`))
        .map((v) => v.volid)
        .sort();
    const firstCopy = marked();
    expect(firstCopy).toHaveLength(1);
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 1100)); // a newer second than the copy before
      expect((await http().post(`/api/dr-pairs/${id}/sync`).set(acmeAdmin.auth)).body.jobs).toBe(1);
      await waitGuests(id);
    }
    const kept = marked();
    expect(kept).toHaveLength(DR_COPIES_KEPT);
    expect(kept).not.toContain(firstCopy[0]);
    // the source cluster's view of the same datastore lost it too
    expect(
      h.sim.runtimes[0].state.volumes.filter((v) =>
        (v.notes ?? '').includes(`multpanel-dr:${row.id}`),
      ),
    ).toHaveLength(DR_COPIES_KEPT);
    const last = await h.ctx.prisma.drGuest.findFirstOrThrow({ where: { pairId: id } });
    expect(last.copyVolid).toBe(kept[kept.length - 1]);
  });

  it('fail over: a source cluster that does not answer is logged and the standby starts; one that refuses to stop its guest stops the fail over unless forced', async () => {
    const [srcRt, dstRt] = h.sim.runtimes;
    const created = await http()
      .post('/api/dr-pairs')
      .set(acmeAdmin.auth)
      .send(body({ name: 'Source down pair', guestIds: [web.id] }));
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await http().post(`/api/dr-pairs/${id}/sync`).set(acmeAdmin.auth)).body.jobs).toBe(1);
    await waitGuests(id);
    const dg = await h.ctx.prisma.drGuest.findFirstOrThrow({ where: { pairId: id } });
    expect([dg.status, dg.standbyVmid]).toEqual(['ok', expect.any(Number)]);
    const sb = dg.standbyVmid!;
    const failover = async (force?: boolean) => {
      const fo = await http()
        .post(`/api/dr-pairs/${id}/guests/${web.id}/failover`)
        .set(acmeAdmin.auth)
        .send({ confirm: true, ...(force === undefined ? {} : { force }) });
      expect(fo.status).toBe(202);
      const job = await h.waitJob(fo.body.job.id, 60_000);
      return { job, log: await jobLog(fo.body.job.id) };
    };
    const srcGuest = srcRt.state.guests.get(web.vmid)!;

    // the source answers but refuses (its guest is locked): the standby is not started
    srcGuest.status = 'running';
    srcGuest.lock = 'backup';
    const refused = await failover();
    expect(refused.job.status).toBe('failed');
    expect(refused.job.error).toMatch(
      /source VMID \d+ on pve\d .* could not be stopped .*locked.*: the standby was not started/,
    );
    expect(srcGuest.status).toBe('running');
    expect(dstRt.state.guests.get(sb)!.status).toBe('stopped');
    // failed once: the failed task's last log lines never raced the job's failure (a deadlock
    // that ran the job again and again)
    expect(refused.log.filter((l) => l.startsWith('resumed by worker'))).toEqual([]);
    // the error says what staff can do about it
    expect(refused.job.error).toMatch(/fail over again with force \(both may then run\)$/);
    expect((await failover(false)).job.status).toBe('failed');
    expect(dstRt.state.guests.get(sb)!.status).toBe('stopped');

    // forced (a real disaster: the source answers but cannot stop its guest): a warning in the
    // log, the standby starts, the source guest is left as it is
    const forced = await failover(true);
    expect([forced.job.status, forced.job.error]).toEqual(['succeeded', null]);
    expect(forced.log).toContainEqual(
      expect.stringMatching(
        /^warning: the source VMID \d+ on pve\d .* could not be stopped \(.*locked.*\); forced fail over: the standby starts and both may run$/,
      ),
    );
    expect(dstRt.state.guests.get(sb)!.status).toBe('running');
    expect(srcGuest.status).toBe('running');
    expect(
      (await h.ctx.prisma.drGuest.findUniqueOrThrow({ where: { id: dg.id } })).failedOverAt,
    ).toEqual(expect.any(Date));
    // back as before for the unreachable-source case below
    dstRt.state.guests.get(sb)!.status = 'stopped';
    await h.ctx.prisma.drGuest.update({ where: { id: dg.id }, data: { failedOverAt: null } });
    delete srcGuest.lock;

    // the source cluster does not answer (connection refused): the fail over goes on and says so
    const row = await h.ctx.prisma.cluster.findUniqueOrThrow({ where: { id: source } });
    const closed = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const { port } = srv.address() as AddressInfo;
        srv.close(() => resolve(port));
      });
    });
    const endpoints = row.endpoints as Array<{ url: string; fingerprint?: string }>;
    await h.ctx.prisma.cluster.update({
      where: { id: source },
      data: {
        endpoints: endpoints.map((e) => ({ ...e, url: `https://127.0.0.1:${closed}` })),
      },
    });
    try {
      const down = await failover();
      expect([down.job.status, down.job.error]).toEqual(['succeeded', null]);
      expect(down.log).toContainEqual(
        expect.stringMatching(
          /^the source cluster .* does not answer \(.*\): source VMID \d+ on pve\d .* was not stopped; the standby starts$/,
        ),
      );
    } finally {
      await h.ctx.prisma.cluster.update({ where: { id: source }, data: { endpoints } });
    }
    expect(dstRt.state.guests.get(sb)!.status).toBe('running');
    // nothing was sent to the source guest (it still runs, as the unreachable cluster left it)
    expect(srcGuest.status).toBe('running');
    const failed = await h.ctx.prisma.drGuest.findUniqueOrThrow({ where: { id: dg.id } });
    expect(failed.failedOverAt).toEqual(expect.any(Date));
    expect((await http().delete(`/api/dr-pairs/${id}`).set(acmeAdmin.auth)).status).toBe(204);
    // the standby stops again for the tests after this one
    dstRt.state.guests.get(sb)!.status = 'stopped';
  });

  // Issue 15: a worker killed after Proxmox accepted each DR task (and before its answer, so the
  // task id, reached the job): the next worker follows that task, Proxmox runs each once, and the
  // jobs end as Proxmox did. One job per kind, killed at every task step it runs.
  it('DR sync, fail over and fail back / worker killed at each task step: one task each', async () => {
    const [srcRt, dstRt] = h.sim.runtimes;
    type Rt = typeof srcRt;
    const since = Math.floor(Date.now() / 1000) - 1;
    const tasks = (rt: Rt, types: string[], vmid: number) =>
      rt.state.tasks.filter(
        (t) => t.starttime >= since && types.includes(t.type) && t.id === String(vmid),
      );
    const waitFor = async (what: string, fn: () => boolean) => {
      for (const end = Date.now() + 30_000; !fn(); await new Promise((r) => setTimeout(r, 20)))
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    };
    /** Once the step before has ended, answers of `rt` come 5 s late; the kill lands in `types`. */
    const killAt = async (rt: Rt, types: string[], vmid: number, after?: () => boolean) => {
      if (after) await waitFor('the step before to end', after);
      rt.faults.replyDelayMs = 5000;
      await waitFor(`${types.join('/')} of ${vmid}`, () => tasks(rt, types, vmid).length > 0);
      await h.killWorker();
      rt.faults.replyDelayMs = 0;
      await h.startWorker();
    };
    const ended = (rt: Rt, types: string[], vmid: number) => () =>
      Boolean(tasks(rt, types, vmid)[0]?.exitstatus);

    const created = await http()
      .post('/api/dr-pairs')
      .set(acmeAdmin.auth)
      .send(body({ name: 'Killed pair', guestIds: [web.id] }));
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    srcRt.faults.replyDelayMs = 5000;
    expect((await http().post(`/api/dr-pairs/${id}/sync`).set(acmeAdmin.auth)).body.jobs).toBe(1);
    const dg = await h.ctx.prisma.drGuest.findFirstOrThrow({ where: { pairId: id } });
    await killAt(srcRt, ['vzdump'], web.vmid);
    const standbyVmid = async () =>
      (await h.ctx.prisma.drGuest.findUniqueOrThrow({ where: { id: dg.id } })).standbyVmid;
    await waitFor('the source copy', ended(srcRt, ['vzdump'], web.vmid));
    dstRt.faults.replyDelayMs = 5000;
    let standby: number | null = null;
    for (const end = Date.now() + 30_000; standby === null && Date.now() < end;)
      standby = (await standbyVmid()) ?? (await new Promise((r) => setTimeout(r, 50)), null);
    expect(standby).not.toBeNull();
    const sb = standby!;
    await killAt(dstRt, ['qmrestore'], sb);
    const sync = await h.waitJob(dg.jobId!, 90_000);
    expect([sync.status, sync.error]).toEqual(['succeeded', null]);
    expect(tasks(srcRt, ['vzdump'], web.vmid)).toHaveLength(1);
    expect(tasks(dstRt, ['qmrestore'], sb)).toHaveLength(1);
    expect(dstRt.state.guests.get(sb)?.status).toBe('stopped');
    const synced = await h.ctx.prisma.drGuest.findUniqueOrThrow({ where: { id: dg.id } });
    expect([synced.status, synced.standbyVmid]).toEqual(['ok', sb]);

    dstRt.faults.replyDelayMs = 5000;
    const fo = await http()
      .post(`/api/dr-pairs/${id}/guests/${web.id}/failover`)
      .set(acmeAdmin.auth)
      .send({ confirm: true });
    expect(fo.status).toBe(202);
    await killAt(dstRt, ['qmstart'], sb);
    expect((await h.waitJob(fo.body.job.id, 60_000)).status).toBe('succeeded');
    expect(tasks(dstRt, ['qmstart'], sb)).toHaveLength(1);
    expect(dstRt.state.guests.get(sb)?.status).toBe('running');

    // fail back: shutdown (DR side) → vzdump (DR side) → stop → restore → start (source side)
    srcRt.state.guests.get(web.vmid)!.status = 'running';
    dstRt.faults.replyDelayMs = 5000;
    const fb = await http()
      .post(`/api/dr-pairs/${id}/guests/${web.id}/failback`)
      .set(acmeAdmin.auth)
      .send({ confirm: true });
    expect(fb.status).toBe(202);
    await killAt(dstRt, ['qmshutdown'], sb);
    await killAt(dstRt, ['vzdump'], sb, ended(dstRt, ['qmshutdown'], sb));
    await killAt(srcRt, ['qmstop'], web.vmid, ended(dstRt, ['vzdump'], sb));
    await killAt(srcRt, ['qmrestore'], web.vmid, ended(srcRt, ['qmstop'], web.vmid));
    await killAt(srcRt, ['qmstart'], web.vmid, ended(srcRt, ['qmrestore'], web.vmid));
    const back = await h.waitJob(fb.body.job.id, 90_000);
    expect([back.status, back.error]).toEqual(['succeeded', null]);
    for (const [rt, type, vmid] of [
      [dstRt, 'qmshutdown', sb],
      [dstRt, 'vzdump', sb],
      [srcRt, 'qmstop', web.vmid],
      [srcRt, 'qmrestore', web.vmid],
      [srcRt, 'qmstart', web.vmid],
    ] as const)
      expect([type, tasks(rt, [type], vmid).length]).toEqual([type, 1]);
    expect(dstRt.state.guests.get(sb)?.status).toBe('stopped');
    expect(srcRt.state.guests.get(web.vmid)?.status).toBe('running');
    const all = [
      ...(await jobLog(dg.jobId!)),
      ...(await jobLog(fo.body.job.id)),
      ...(await jobLog(fb.body.job.id)),
    ];
    // A copy or restore is followed after the restart; a start, shutdown or stop has ended by then
    // (a second at the simulator's speed): the job reads the guest's state and sends none again.
    for (const t of [
      ...tasks(srcRt, ['vzdump', 'qmrestore'], web.vmid),
      ...tasks(dstRt, ['vzdump', 'qmrestore'], sb),
    ])
      expect(all).toContain(`found the task started before the restart: ${t.upid}`);
    const done = await h.ctx.prisma.drGuest.findUniqueOrThrow({ where: { id: dg.id } });
    expect([done.status, done.failedOverAt]).toEqual(['ok', null]);
    expect((await http().delete(`/api/dr-pairs/${id}`).set(acmeAdmin.auth)).status).toBe(204);
  });
});
