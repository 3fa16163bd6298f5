import type { Company, Guest, User } from '../../src/generated/prisma/client';
import { BackupRunsService } from '../../src/modules/backups/backup-runs.service';
import { BackupsModule } from '../../src/modules/backups/backups.module';
import type { LoggedIn } from '../helpers/test-context';
import { startSmtpSink } from '../helpers/smtp-sink';
import { VmsHarness } from './vms-harness';

/**
 * Backup notifications (issue 18) through a real SMTP sink: a failed backup run, a missed run and a
 * failed restore test each mail the company's admins and the MSP (super admins, the company's
 * salesperson) once; a good run mails nobody; another company's admin hears nothing.
 */
jest.setTimeout(180_000);

describe('backup notifications (integration)', () => {
  const ACME_HOST = 'portal.acme-backups.test';
  let h: VmsHarness;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  let acme: Company;
  let acmeAdmin: LoggedIn;
  let acmeAdminUser: User;
  let sales: User;
  let staff: User;
  let otherSales: User;
  let globexAdmin: User;
  let acmeUser: User;
  let ok: Guest;
  let broken: Guest;
  const http = () => h.ctx.http;
  /** Mails (decoded enough to read) with this subject fragment, once `count` have arrived. */
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
      if (found.length >= count || Date.now() > until) {
        if (found.length < count)
          console.log(sink.mails.map((m) => /^Subject: .*$/m.exec(m)?.[0]).join('\n'));
        return found;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  /** Everyone who should hear: Acme's admin and salesperson, and every super admin. */
  const audience = async () =>
    2 + (await h.ctx.prisma.user.count({ where: { role: 'super_admin', status: 'active' } }));
  const to = (mail: string) => /^To: (.+)$/m.exec(mail)?.[1].trim();

  beforeAll(async () => {
    sink = await startSmtpSink();
    h = await VmsHarness.start({
      workerModules: [BackupsModule.forWorker()],
      env: { SMTP_URL: sink.url, PUBLIC_URL: 'http://mp.test' },
    });
    await h.startWorker();
    acme = await h.ctx.newCompany({ maxGuests: 10, maxVcpus: 100, maxMemoryMb: 512_000 });
    const globex = await h.ctx.newCompany();
    // Acme's admin follows links on its mapped host; the MSP's staff on PUBLIC_URL.
    await h.ctx.prisma.brandingHost.deleteMany({ where: { host: ACME_HOST } });
    await h.ctx.prisma.brandingHost.create({ data: { host: ACME_HOST, companyId: acme.id } });
    acmeAdminUser = await h.ctx.newUser({ role: 'company_admin', companyId: acme.id });
    acmeAdmin = await h.ctx.login(acmeAdminUser);
    acmeUser = await h.ctx.newUser({ role: 'user', companyId: acme.id });
    globexAdmin = await h.ctx.newUser({ role: 'company_admin', companyId: globex.id });
    staff = await h.ctx.newUser({ role: 'super_admin' });
    sales = await h.ctx.newUser({ role: 'salesperson' });
    otherSales = await h.ctx.newUser({ role: 'salesperson' });
    await h.ctx.assignSales(sales.id, acme.id);
    const guests = await h.ctx.prisma.guest.findMany({
      where: { clusterId: h.clusterId, template: false, kind: 'qemu', goneAt: null },
      orderBy: { vmid: 'asc' },
    });
    [ok, broken] = guests.slice(0, 2);
    await h.ctx.prisma.guest.updateMany({
      where: { id: { in: [ok.id, broken.id] } },
      data: { companyId: acme.id },
    });
    // restore tests: only the good guest's OS answers through the agent
    for (const [g, running] of [
      [ok, true],
      [broken, false],
    ] as const) {
      const sim = h.rt.state.guests.get(g.vmid)!;
      sim.config.agent = '1';
      sim.guestAgent = running;
    }
  });
  afterAll(async () => {
    await h?.ctx.prisma.brandingHost.deleteMany({ where: { host: ACME_HOST } });
    await h?.close();
    await sink?.close();
    expect(h.contract.violations).toEqual([]);
  });

  const schedule = async (name: string, guestIds: string[], extra: object = {}) => {
    const res = await http()
      .post('/api/backup-schedules')
      .set(acmeAdmin.auth)
      .send({
        companyId: acme.id,
        name,
        selection: { guestIds },
        cron: '0 2 * * *',
        storage: 'local',
        ...extra,
      });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const runAndSettle = async (id: string) => {
    const run = await http().post(`/api/backup-schedules/${id}/run`).set(acmeAdmin.auth);
    expect(run.status).toBe(202);
    const results = await h.ctx.prisma.backupResult.findMany({ where: { runId: run.body.runId } });
    for (const r of results) await h.waitJob(r.jobId!, 60_000);
    return run.body.runId as string;
  };
  const expectAudience = (mails: string[]) => {
    const rcpt = mails.map(to);
    expect(rcpt).toContain(acmeAdminUser.email);
    expect(rcpt).toContain(sales.email);
    expect(rcpt).toContain(staff.email);
    for (const outsider of [globexAdmin, otherSales, acmeUser])
      expect(rcpt).not.toContain(outsider.email);
    // one mail per person
    expect(new Set(rcpt).size).toBe(rcpt.length);
  };

  it('a good run mails nobody; a failed run mails the company admins and the MSP once', async () => {
    const good = await schedule('Fine nightly', [ok.id]);
    const goodRun = await runAndSettle(good);
    const bad = await schedule('Doomed nightly', [ok.id, broken.id]);
    const local = h.rt.state.storages.find((s) => s.storage === 'local')!;
    const total = local.total;
    local.total = 1; // the storage is full: every vzdump fails
    let badRun: string;
    try {
      badRun = await runAndSettle(bad);
    } finally {
      local.total = total;
    }
    expect((await h.ctx.prisma.backupRun.findUniqueOrThrow({ where: { id: badRun } })).status).toBe(
      'failed',
    );
    const mails = await mailsAbout('Subject: Backup failed: Doomed nightly', await audience());
    expectAudience(mails);
    const body = mails.find((m) => to(m) === acmeAdminUser.email)!;
    expect(body).toContain(`Subject: Backup failed: Doomed nightly of ${acme.name}`);
    expect(body).toContain('The backup run "Doomed nightly"');
    expect(body).toContain('2 of 2 guest(s) were not backed up');
    expect(body).toMatch(new RegExp(`- ${ok.name} \\(VMID ${ok.vmid}`));
    expect(body).toContain(`https://${ACME_HOST}/backups?tab=history`);
    expect(body).not.toContain('http://mp.test');
    expect(mails.find((m) => to(m) === staff.email)).toContain(
      'http://mp.test/backups?tab=history',
    );
    // nothing about the good run, and the failed one once per person (a little grace for strays)
    await new Promise((r) => setTimeout(r, 1500));
    expect(await mailsAbout('Fine nightly', 0)).toEqual([]);
    expect((await mailsAbout('Doomed nightly', 0)).length).toBe(mails.length);
    expect(goodRun).toBeTruthy();
  });

  it('a missed run mails too', async () => {
    const id = await schedule('Late nightly', [ok.id], { windowMinutes: 5 });
    // the worker comes back an hour after the planned time: outside the 5-minute window
    await h.ctx.prisma.backupSchedule.update({
      where: { id },
      data: { nextRunAt: new Date(Date.now() - 3_600_000) },
    });
    expect(await h.ctx.app.get(BackupRunsService).planDue()).toBeGreaterThanOrEqual(1);
    const run = await h.ctx.prisma.backupRun.findFirstOrThrow({ where: { scheduleId: id } });
    expect(run.status).toBe('missed');
    const mails = await mailsAbout('Subject: Backup was missed: Late nightly', await audience());
    expectAudience(mails);
    expect(mails[0]).toContain('not started within 5 minutes');
  });

  it('a failed restore test mails; a passed one does not', async () => {
    const id = await schedule('Proven nightly', [ok.id, broken.id], {
      restoreTest: { cron: '0 6 * * 0', bootTimeoutSec: 10 },
    });
    await runAndSettle(id);
    const started = await http()
      .post(`/api/backup-schedules/${id}/restore-tests`)
      .set(acmeAdmin.auth);
    expect(started.status).toBe(202);
    const tests = await h.ctx.prisma.restoreTest.findMany({ where: { scheduleId: id } });
    for (const t of tests) if (t.jobId) await h.waitJob(t.jobId, 90_000);
    const byGuest = new Map(
      (await h.ctx.prisma.restoreTest.findMany({ where: { scheduleId: id } })).map((t) => [
        t.guestId,
        t.status,
      ]),
    );
    expect(byGuest.get(ok.id)).toBe('passed');
    expect(byGuest.get(broken.id)).toBe('failed');
    const mails = await mailsAbout(`Restore test failed: ${broken.name}`, await audience());
    expectAudience(mails);
    expect(mails[0]).toContain('did not answer through its guest agent within 10 s');
    expect(mails.find((m) => to(m) === sales.email)).toContain(
      'http://mp.test/backups?tab=restoreTests',
    );
    expect(mails.find((m) => to(m) === acmeAdminUser.email)).toContain(
      `https://${ACME_HOST}/backups?tab=restoreTests`,
    );
    expect(await mailsAbout(`Restore test failed: ${ok.name}`, 0)).toEqual([]);
  });
});
