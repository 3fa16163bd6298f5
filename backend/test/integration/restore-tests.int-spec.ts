import type { Company, Guest } from '../../src/generated/prisma/client';
import { BackupsModule } from '../../src/modules/backups/backups.module';
import { RestoreTestsService } from '../../src/modules/backups/restore-tests.service';
import { SCRATCH_VMID_BASE } from '../../src/modules/backups/restore-test-rules';
import { binary, pdfText } from '../helpers/pdf';
import { expectApiResponse } from '../helpers/api-response';
import type { LoggedIn } from '../helpers/test-context';
import { VmsHarness } from './vms-harness';

/**
 * Restore tests (issue 18 ★) against the simulator, every Proxmox request schema-checked: a
 * schedule's newest backup of each covered guest is restored to a scratch VMID, booted with its
 * network disconnected, judged (guest agent answering within the boot time-out) and destroyed.
 * A good backup passes; a broken one (its guest OS never brings the agent up: a boot failure as
 * the platform can see it) fails; a guest without a backup is skipped. The report says which
 * guests have a recent backup proven restorable; tenancy as everywhere. Also the "not backed up"
 * view (guests no enabled schedule covers), which shares this estate.
 */
// Boot time-outs are real seconds (10 s for the broken backup); the machine may be busy.
jest.setTimeout(180_000);

describe('restore tests (integration)', () => {
  let h: VmsHarness;
  let acme: Company;
  let acmeAdmin: LoggedIn;
  let acmeUser: LoggedIn;
  let globexAdmin: LoggedIn;
  let good: Guest;
  let broken: Guest;
  let unbacked: Guest;
  let scheduleId: string;
  const http = () => h.ctx.http;

  beforeAll(async () => {
    h = await VmsHarness.start({ workerModules: [BackupsModule.forWorker()] });
    // the generated cluster's own nightly Proxmox job covers every guest; these guests have none
    delete h.sim.runtimes[0].state.backupJobs['backup-daily'];
    await h.startWorker();
    acme = await h.ctx.newCompany({ maxGuests: 10, maxVcpus: 100, maxMemoryMb: 512_000 });
    const globex = await h.ctx.newCompany();
    acmeAdmin = await h.ctx.login(
      await h.ctx.newUser({ role: 'company_admin', companyId: acme.id }),
    );
    globexAdmin = await h.ctx.login(
      await h.ctx.newUser({ role: 'company_admin', companyId: globex.id }),
    );
    const guests = await h.ctx.prisma.guest.findMany({
      where: { clusterId: h.clusterId, template: false, kind: 'qemu', goneAt: null },
      orderBy: { vmid: 'asc' },
    });
    [good, broken, unbacked] = guests.slice(3, 6);
    await h.ctx.prisma.guest.updateMany({
      where: { id: { in: [good.id, broken.id, unbacked.id] } },
      data: { companyId: acme.id },
    });
    const user = await h.ctx.newUser({ role: 'user', companyId: acme.id });
    await h.ctx.prisma.vmGrant.create({
      data: { userId: user.id, companyId: acme.id, guestId: good.id, rights: ['view', 'backup'] },
    });
    acmeUser = await h.ctx.login(user);
    // Both guests have the agent channel configured; only the good one's OS runs the agent.
    for (const [g, running] of [
      [good, true],
      [broken, false],
    ] as const) {
      const sim = h.rt.state.guests.get(g.vmid)!;
      sim.config.agent = '1';
      sim.guestAgent = running;
    }
  });
  afterAll(async () => {
    await h?.close();
    expect(h.contract.violations).toEqual([]);
  });

  it('backs up, then tests: the good backup passes, the broken one fails, no copy is left', async () => {
    const created = await http()
      .post('/api/backup-schedules')
      .set(acmeAdmin.auth)
      .send({
        companyId: acme.id,
        name: 'Proven nightly',
        selection: { guestIds: [good.id, broken.id] },
        cron: '0 2 * * *',
        storage: 'local',
        retention: { keepLast: 2 },
        restoreTest: { cron: '0 6 * * 0', bootTimeoutSec: 10 },
      });
    expect(created.status).toBe(201);
    scheduleId = created.body.id;
    expect(created.body.restoreTest).toEqual({
      cron: '0 6 * * 0',
      node: null,
      bootTimeoutSec: 10,
      pick: 'newest',
      maxAgeHours: 168,
    });
    expect(new Date(created.body.restoreTestNextAt).getUTCDay()).toBe(0);

    const run = await http().post(`/api/backup-schedules/${scheduleId}/run`).set(acmeAdmin.auth);
    expect(run.status).toBe(202);
    const results = await h.ctx.prisma.backupResult.findMany({ where: { runId: run.body.runId } });
    for (const r of results) expect((await h.waitJob(r.jobId!)).status).toBe('succeeded');
    // The archive keeps the OS as it was; the live guest's agent coming back changes nothing.
    h.rt.state.guests.get(broken.vmid)!.guestAgent = true;
    // A guest added after the backup has nothing to test.
    const patched = await http()
      .patch(`/api/backup-schedules/${scheduleId}`)
      .set(acmeAdmin.auth)
      .send({ selection: { guestIds: [good.id, broken.id, unbacked.id] } });
    expect(patched.status).toBe(200);
    expect(patched.body.restoreTest).toMatchObject({ cron: '0 6 * * 0' });

    const started = await http()
      .post(`/api/backup-schedules/${scheduleId}/restore-tests`)
      .set(acmeAdmin.auth);
    expect(started.status).toBe(202);
    expectApiResponse('POST /backup-schedules/:id/restore-tests', started);
    expect(started.body).toEqual({ planned: 2, skipped: 1 });
    const backedUp = await h.ctx.prisma.backupResult.findMany({ where: { runId: run.body.runId } });
    const tests = await h.ctx.prisma.restoreTest.findMany({ where: { scheduleId } });
    for (const t of tests)
      if (t.jobId) expect((await h.waitJob(t.jobId, 60_000)).status).toBe('succeeded');

    const byGuest = new Map(
      (await h.ctx.prisma.restoreTest.findMany({ where: { scheduleId } })).map((t) => [
        t.guestId,
        t,
      ]),
    );
    const ok = byGuest.get(good.id)!;
    expect(ok).toMatchObject({ status: 'passed', error: null });
    expect(ok.volid).toBe(backedUp.find((r) => r.guestId === good.id)!.volid);
    expect(ok.volid).toMatch(/^local:backup\/vzdump-qemu-/);
    expect(ok.scratchVmid).toBeGreaterThanOrEqual(SCRATCH_VMID_BASE);
    expect(ok.restoreMs).toBeGreaterThan(0);
    expect(ok.bootMs).toBeGreaterThanOrEqual(0);
    const bad = byGuest.get(broken.id)!;
    expect(bad.status).toBe('failed');
    expect(bad.error).toMatch(/did not answer through its guest agent within 10 s/);
    expect(bad.restoreMs).toBeGreaterThan(0);
    expect(byGuest.get(unbacked.id)).toMatchObject({ status: 'skipped', jobId: null });
    // both scratch copies destroyed; the job logs say they ran disconnected
    for (const t of [ok, bad]) {
      expect(h.rt.state.guests.has(t.scratchVmid!)).toBe(false);
      const log = await h.ctx.prisma.jobLog.findMany({ where: { jobId: t.jobId! } });
      expect(log.map((l) => l.line).join('\n')).toMatch(/link_down=1/);
    }
  });

  it('reports per company which guests have a recent backup proven restorable (JSON, CSV, PDF)', async () => {
    const res = await http()
      .get('/api/restore-tests')
      .query({ companyId: acme.id, maxAgeHours: 24 })
      .set(acmeAdmin.auth);
    expectApiResponse('GET /restore-tests', res);
    expect(res.body).toMatchObject({ maxAgeHours: 24, guests: 3, proven: 1 });
    const row = (id: string) =>
      (
        res.body.items as Array<{ guestId: string; proven: boolean; last: { status: string } }>
      ).find((i) => i.guestId === id);
    expect(row(good.id)).toMatchObject({ proven: true, last: { status: 'passed' } });
    expect(row(broken.id)).toMatchObject({ proven: false, last: { status: 'failed' } });
    expect(row(unbacked.id)).toMatchObject({ proven: false, last: { status: 'skipped' } });

    const csv = await http()
      .get('/api/restore-tests/report.csv')
      .query({ companyId: acme.id })
      .set(acmeAdmin.auth);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toMatch(/^guest,vmid,proven,last_status,.*,last_volid$/);
    expect(lines).toHaveLength(4);
    expect(lines.find((l) => l.includes(`,${good.vmid},`))).toMatch(/,true,passed,/);

    // The PDF under the company's brand: the rule, the count, one line per guest, the error
    const brand = await http()
      .put(`/api/companies/${acme.id}/branding`)
      .set(h.admin.auth)
      .send({ productName: 'Acme Backup Assurance' });
    expect(brand.status).toBe(200);
    const pdf = await http()
      .get('/api/restore-tests/report.pdf')
      .query({ maxAgeHours: 24 })
      .set(acmeAdmin.auth)
      .buffer(true)
      .parse(binary);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toMatch(
      /^attachment; filename="restore-tests-[A-Za-z0-9._-]+-\d{4}-\d{2}-\d{2}\.pdf"$/,
    );
    const text = pdfText(pdf.body as Buffer).split('\n');
    expect(text[0]).toBe('Acme Backup Assurance');
    expect(text).toContain(`Restore test report: ${acme.name}`);
    expect(text).toContain(
      'Proven: a backup younger than 24 hours was restored, booted and answered.',
    );
    expect(text).toContain('1 of 3 guests proven restorable');
    const flat = text.join('|');
    expect(flat).toMatch(new RegExp(`\\(${good.vmid}\\)\\|yes\\|passed\\|`));
    expect(flat).toMatch(new RegExp(`\\(${broken.vmid}\\)\\|no\\|failed\\|`));
    expect(flat).toMatch(new RegExp(`\\(${unbacked.vmid}\\)\\|no\\|skipped\\|`));
    expect(flat).toMatch(/Failed: .*did not answer through its guest agent/);
    const goodVolid = (
      res.body.items as Array<{ guestId: string; last: { volid: string | null } }>
    ).find((i) => i.guestId === good.id)?.last.volid;
    expect(goodVolid).toMatch(/^[\w-]+:backup\/vzdump-qemu-\d+-/);
    expect(text).toContain(`Archive: ${goodVolid}`);
    // staff name the company (else 400); Globex's admin gets 404 for Acme's
    expect((await http().get('/api/restore-tests/report.pdf').set(h.admin.auth)).status).toBe(400);
    expect(
      (
        await http()
          .get('/api/restore-tests/report.pdf')
          .query({ companyId: acme.id })
          .set(h.admin.auth)
      ).status,
    ).toBe(200);
    expect(
      (
        await http()
          .get('/api/restore-tests/report.pdf')
          .query({ companyId: acme.id })
          .set(globexAdmin.auth)
      ).status,
    ).toBe(404);
    expect((await http().get('/api/restore-tests/report.pdf').set(acmeUser.auth)).status).toBe(403);

    // a per-VM user reads no backup history, so no report; Globex nothing; a foreign company is missing
    expect((await http().get('/api/restore-tests').set(acmeUser.auth)).status).toBe(403);
    const foreign = await http().get('/api/restore-tests').set(globexAdmin.auth);
    expect(foreign.body).toMatchObject({ guests: 0, items: [] });
    expect(
      (await http().get('/api/restore-tests').query({ companyId: acme.id }).set(globexAdmin.auth))
        .status,
    ).toBe(404);
  });

  it('refuses bad settings and foreign schedules with clear 4xx', async () => {
    const patch = (body: Record<string, unknown>, who = acmeAdmin) =>
      http().patch(`/api/backup-schedules/${scheduleId}`).set(who.auth).send(body);
    const badCron = await patch({ restoreTest: { cron: '0 99 * * *' } });
    expect(badCron.status).toBe(400);
    expect(badCron.body.message).toMatch(/restoreTest\.cron/);
    expect((await patch({ restoreTest: { cron: '0 6 * * 0', bootTimeoutSec: 1 } })).status).toBe(
      400,
    );
    for (const [bad, field] of [
      [{ pick: 'oldest' }, /pick/],
      [{ pick: 'random', maxAgeHours: 0 }, /maxAgeHours/],
      [{ pick: 'random', maxAgeHours: 2.5 }, /maxAgeHours/],
    ] as const) {
      const res = await patch({ restoreTest: { cron: '0 6 * * 0', ...bad } });
      expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(res.body.message).toMatch(field);
    }
    // a test node must read every archive: it exists and sees the storage as shared ("local" is
    // each node's own disk)
    for (const [node, reason] of [
      ['pve9', /no node "pve9"/],
      ['pve2', /"local" is pve2's own disk/],
    ] as const) {
      const bad = await patch({ restoreTest: { cron: '0 6 * * 0', node } });
      expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(bad.body.message).toMatch(/^restoreTest\.node: /);
      expect(bad.body.message).toMatch(reason);
    }
    expect((await patch({ restoreTest: null }, globexAdmin)).status).toBe(404);
    expect(
      (await http().post(`/api/backup-schedules/${scheduleId}/restore-tests`).set(globexAdmin.auth))
        .status,
    ).toBe(404);
    expect(
      (await http().post(`/api/backup-schedules/${scheduleId}/restore-tests`).set(acmeUser.auth))
        .status,
    ).toBe(403);
    const off = await patch({ restoreTest: null });
    expect(off.body).toMatchObject({ restoreTest: null, restoreTestNextAt: null });
  });

  it('plans due restore tests once however many workers look', async () => {
    await http()
      .patch(`/api/backup-schedules/${scheduleId}`)
      .set(acmeAdmin.auth)
      .send({ restoreTest: { cron: '0 6 * * 0', bootTimeoutSec: 10 } });
    const due = new Date(Date.now() - 60_000);
    await h.ctx.prisma.backupSchedule.update({
      where: { id: scheduleId },
      data: { restoreTestNextAt: due },
    });
    const before = await h.ctx.prisma.restoreTest.count({ where: { scheduleId } });
    // planDue plans every due restore test in the database, which this jest worker's earlier files
    // share: theirs are moved out of the way so the count is this schedule's.
    await h.ctx.prisma.backupSchedule.updateMany({
      where: { id: { not: scheduleId }, restoreTestNextAt: { lte: new Date() } },
      data: { restoreTestNextAt: new Date(Date.now() + 86_400_000) },
    });
    const svc = h.worker!.get(RestoreTestsService);
    const planned = await Promise.all([svc.planDue(), svc.planDue()]);
    expect(planned[0] + planned[1]).toBe(1);
    const s = await h.ctx.prisma.backupSchedule.findUniqueOrThrow({ where: { id: scheduleId } });
    expect(s.restoreTestNextAt!.getTime()).toBeGreaterThan(Date.now());
    const fresh = await h.ctx.prisma.restoreTest.findMany({
      where: { scheduleId },
      orderBy: { createdAt: 'desc' },
      take: 3,
    });
    expect((await h.ctx.prisma.restoreTest.count({ where: { scheduleId } })) - before).toBe(3);
    for (const t of fresh) if (t.jobId) await h.waitJob(t.jobId, 60_000);
  });

  it('lists the guests no enabled schedule covers, with their last backup', async () => {
    const extra = await h.ctx.prisma.guest.findFirstOrThrow({
      where: { clusterId: h.clusterId, template: false, goneAt: null, companyId: null },
      orderBy: { vmid: 'desc' },
    });
    await h.ctx.prisma.guest.update({ where: { id: extra.id }, data: { companyId: acme.id } });
    const list = (q: Record<string, string> = {}, who = acmeAdmin) =>
      http().get('/api/backup-history/not-backed-up').query(q).set(who.auth);
    const one = await list();
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ companyId: acme.id, guests: 4, covered: 3, total: 1 });
    expect(one.body.items).toEqual([
      expect.objectContaining({ guestId: extra.id, vmid: extra.vmid, lastBackupAt: null }),
    ]);
    // a disabled schedule covers nothing: every guest shows, the backed-up ones with their last backup
    await http()
      .patch(`/api/backup-schedules/${scheduleId}`)
      .set(acmeAdmin.auth)
      .send({ enabled: false });
    const all = await list({ companyId: acme.id, pageSize: '2' });
    expect(all.body).toMatchObject({ guests: 4, covered: 0, total: 4, pageSize: 2 });
    expect(all.body.items).toHaveLength(2);
    const everyone = await list({ companyId: acme.id });
    const last = new Map(
      (everyone.body.items as Array<{ guestId: string; lastBackupAt: string | null }>).map((i) => [
        i.guestId,
        i.lastBackupAt,
      ]),
    );
    expect(last.get(good.id)).toEqual(expect.any(String));
    expect(last.get(unbacked.id)).toBeNull();
    // a backup job of Proxmox's own covering one of them takes it off the list
    const sim = h.sim.runtimes[0].state;
    sim.backupJobs['mp-test-job'] = {
      id: 'mp-test-job',
      type: 'vzdump',
      enabled: 1,
      schedule: '21:00',
      vmid: String(unbacked.vmid),
    };
    try {
      const withJob = await list({ companyId: acme.id });
      expect(withJob.body).toMatchObject({ guests: 4, covered: 0, coveredByProxmox: 1, total: 3 });
      expect(withJob.body.clustersUnread).toBe(0);
      expect(withJob.body.items.map((i: { guestId: string }) => i.guestId)).not.toContain(
        unbacked.id,
      );
    } finally {
      delete sim.backupJobs['mp-test-job'];
    }
    // Globex: Acme is missing, its own list is empty; a user reads no backup history
    expect((await list({ companyId: acme.id }, globexAdmin)).status).toBe(404);
    expect((await list({}, globexAdmin)).body).toMatchObject({ guests: 0, total: 0, items: [] });
    expect((await list({}, acmeUser)).status).toBe(403);
    const staff = await h.ctx.login(await h.ctx.newUser({ role: 'super_admin' }));
    expect((await list({}, staff)).status).toBe(400);
  });

  it('random pick: a recent archive drawn at random, never an older one; none recent falls back to the newest', async () => {
    const { prisma } = h.ctx;
    const created = await http()
      .post('/api/backup-schedules')
      .set(acmeAdmin.auth)
      .send({
        companyId: acme.id,
        name: 'Random proof',
        selection: { guestIds: [good.id] },
        cron: '0 3 * * *',
        storage: 'local',
        retention: { keepLast: 5 },
        restoreTest: { cron: '0 7 * * 0', bootTimeoutSec: 10, pick: 'random', maxAgeHours: 24 },
      });
    expect(created.status).toBe(201);
    expectApiResponse('POST /backup-schedules', created);
    expect(created.body.restoreTest).toEqual({
      cron: '0 7 * * 0',
      node: null,
      bootTimeoutSec: 10,
      pick: 'random',
      maxAgeHours: 24,
    });
    const id = created.body.id as string;
    const volids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const run = await http().post(`/api/backup-schedules/${id}/run`).set(acmeAdmin.auth);
      expect(run.status).toBe(202);
      const [r] = await prisma.backupResult.findMany({ where: { runId: run.body.runId } });
      expect((await h.waitJob(r.jobId!)).status).toBe('succeeded');
      volids.push((await prisma.backupResult.findUniqueOrThrow({ where: { id: r.id } })).volid!);
    }
    expect(new Set(volids).size).toBe(3);
    const writtenAgo = async (volid: string, hours: number) => {
      const at = new Date(Date.now() - hours * 3_600_000);
      await prisma.backupResult.updateMany({
        where: { volid },
        data: { startedAt: at, finishedAt: at },
      });
    };
    // the oldest archive is beyond the 24 h bound; the two others are recent
    await writtenAgo(volids[0], 72);
    await writtenAgo(volids[1], 2);
    await writtenAgo(volids[2], 1);
    const recent = [volids[1], volids[2]];

    const svc = h.worker!.get(RestoreTestsService);
    const newestTest = () =>
      prisma.restoreTest.findFirstOrThrow({
        where: { scheduleId: id },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      });
    const planWith = async (draw: number) => {
      svc.random = () => draw;
      try {
        const s = await prisma.backupSchedule.findUniqueOrThrow({ where: { id } });
        expect(await svc.startForSchedule(s, null)).toEqual({ planned: 1, skipped: 0 });
      } finally {
        svc.random = Math.random;
      }
      const t = await newestTest();
      expect((await h.waitJob(t.jobId!, 60_000)).status).toBe('succeeded');
      return prisma.restoreTest.findUniqueOrThrow({ where: { id: t.id } });
    };
    // a draw at the top of the range takes the older recent archive, not the newest; it restores
    const older = await planWith(0.99);
    expect([older.volid, older.status]).toEqual([volids[1], 'passed']);
    expect(Date.now() - older.backupAt!.getTime()).toBeGreaterThan(3_600_000);
    expect((await planWith(0)).volid).toBe(volids[2]);

    // through the API (the real random source): one of the recent ones, never the old one
    for (let i = 0; i < 3; i++) {
      const started = await http()
        .post(`/api/backup-schedules/${id}/restore-tests`)
        .set(acmeAdmin.auth);
      expect(started.body).toEqual({ planned: 1, skipped: 0 });
      const t = await newestTest();
      expect(recent).toContain(t.volid);
      await h.waitJob(t.jobId!, 60_000);
    }
    // the report says which archive the guest's newest test restored
    const report = await http()
      .get('/api/restore-tests')
      .query({ companyId: acme.id })
      .set(acmeAdmin.auth);
    expectApiResponse('GET /restore-tests', report);
    const row = report.body.items.find((i: { guestId: string }) => i.guestId === good.id);
    expect(row.last.volid).toBe((await newestTest()).volid);
    const csv = await http()
      .get('/api/restore-tests/report.csv')
      .query({ companyId: acme.id })
      .set(acmeAdmin.auth);
    expect(csv.text.split('\r\n').find((l) => l.includes(`,${good.vmid},`))).toMatch(
      new RegExp(`,${row.last.volid}$`),
    );

    // none younger than the bound: the newest is tested
    await writtenAgo(volids[1], 40);
    await writtenAgo(volids[2], 30);
    expect((await planWith(0.99)).volid).toBe(volids[2]);

    // an archive pruned (here: deleted) after it was picked is skipped, not a failed test
    const vols = h.rt.state.volumes;
    const at = vols.findIndex((v) => v.volid === volids[2]);
    expect(at).toBeGreaterThanOrEqual(0);
    vols.splice(at, 1);
    const gone = await planWith(0.99);
    expect(gone).toMatchObject({ volid: volids[2], status: 'skipped', scratchVmid: null });
    expect(gone.error).toMatch(/is no longer on its storage/);
  });
});
