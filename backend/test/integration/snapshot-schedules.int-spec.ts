import type { Company, Guest } from '../../src/generated/prisma/client';
import { BackupsModule } from '../../src/modules/backups/backups.module';
import { SnapshotSchedulesService } from '../../src/modules/backups/snapshot-schedules.service';
import { expectApiResponse } from '../helpers/api-response';
import type { LoggedIn } from '../helpers/test-context';
import { VmsHarness } from './vms-harness';

/**
 * Snapshot schedules (issue 18) against the simulator, every Proxmox request schema-checked: a
 * schedule's runs snapshot each covered guest under its own names and prune only its own snapshots
 * (keep N newest, none older than the max age); hand-made snapshots and another schedule's stay.
 * The worker's due check runs a due schedule once; tenancy and bad input as everywhere.
 */
jest.setTimeout(120_000);

describe('snapshot schedules (integration)', () => {
  let h: VmsHarness;
  let acme: Company;
  let acmeAdmin: LoggedIn;
  let globexAdmin: LoggedIn;
  let a: Guest;
  let b: Guest;
  const http = () => h.ctx.http;
  const snaps = (g: Guest) =>
    h.rt.state.guests
      .get(g.vmid)!
      .snapshots.map((s) => s.name)
      .sort();

  beforeAll(async () => {
    h = await VmsHarness.start({ workerModules: [BackupsModule.forWorker()] });
    await h.startWorker();
    acme = await h.ctx.newCompany();
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
    [a, b] = guests.slice(1, 3);
    await h.ctx.prisma.guest.updateMany({
      where: { id: { in: [a.id, b.id] } },
      data: { companyId: acme.id },
    });
  });
  afterAll(async () => {
    await h?.close();
    expect(h.contract.violations).toEqual([]);
  });

  const create = (body: Record<string, unknown>, who = acmeAdmin) =>
    http()
      .post('/api/snapshot-schedules')
      .set(who.auth)
      .send({ companyId: acme.id, cron: '0 * * * *', ...body });

  async function runAndWait(id: string) {
    const before = await h.ctx.prisma.job.findMany({ where: { type: 'backups.snapshot' } });
    const res = await http().post(`/api/snapshot-schedules/${id}/run`).set(acmeAdmin.auth);
    expect(res.status).toBe(202);
    expectApiResponse('POST /snapshot-schedules/:id/run', res);
    const jobs = await h.ctx.prisma.job.findMany({
      where: { type: 'backups.snapshot', id: { notIn: before.map((j) => j.id) } },
    });
    expect(jobs).toHaveLength(res.body.jobs);
    for (const j of jobs) expect((await h.waitJob(j.id, 60_000)).status).toBe('succeeded');
    // names are to the second: the next run must not share this one's
    await new Promise((r) => setTimeout(r, 1100));
    return res.body as { snapshot: string; jobs: number };
  }

  it('keeps the N newest of its own snapshots and never touches others', async () => {
    const hourly = await create({
      name: 'Hourly',
      selection: { guestIds: [a.id, b.id] },
      keepLast: 2,
    });
    expect(hourly.status).toBe(201);
    expect(hourly.body).toMatchObject({
      keepLast: 2,
      maxAgeHours: null,
      includeRam: false,
      enabled: true,
    });
    expect(hourly.body.tag).toMatch(/^[0-9a-f]{8}$/);
    expect(new Date(hourly.body.nextRunAt).getTime()).toBeGreaterThan(Date.now());
    const other = await create({ name: 'Other', selection: { guestIds: [a.id] }, keepLast: 1 });
    expect(other.status).toBe(201);
    const otherRun = await runAndWait(other.body.id);
    // a hand-made snapshot of guest a
    const manual = await http()
      .post(`/api/vms/${a.id}/snapshots`)
      .set(h.admin.auth)
      .send({ name: 'before_upgrade' });
    expect(manual.status).toBe(202);
    expect((await h.waitJob(manual.body.job.id)).status).toBe('succeeded');
    expect(snaps(a)).toContain('before_upgrade');

    const runs: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await runAndWait(hourly.body.id);
      expect(r.jobs).toBe(2);
      expect(r.snapshot).toMatch(new RegExp(`^auto_${hourly.body.tag}_\\d{14}$`));
      runs.push(r.snapshot);
    }
    // the two newest of this schedule, the other schedule's one and the hand-made one
    expect(snaps(a)).toEqual(['before_upgrade', otherRun.snapshot, runs[1], runs[2]].sort());
    expect(snaps(b)).toEqual([runs[1], runs[2]].sort());
    const got = await http().get(`/api/snapshot-schedules/${hourly.body.id}`).set(acmeAdmin.auth);
    expect(got.status).toBe(200);
    expect(got.body.lastRunAt).not.toBeNull();

    // max age: keep up to 5, but none older than 1 h (the oldest is made 2 h old)
    const patched = await http()
      .patch(`/api/snapshot-schedules/${hourly.body.id}`)
      .set(acmeAdmin.auth)
      .send({ keepLast: 5, maxAgeHours: 1 });
    expect(patched.status).toBe(200);
    for (const g of [a, b]) {
      const s = h.rt.state.guests.get(g.vmid)!.snapshots.find((x) => x.name === runs[1])!;
      s.snaptime = Math.floor(Date.now() / 1000) - 7200;
    }
    const fourth = await runAndWait(hourly.body.id);
    expect(snaps(a)).toEqual(
      ['before_upgrade', otherRun.snapshot, runs[2], fourth.snapshot].sort(),
    );
    expect(snaps(b)).toEqual([runs[2], fourth.snapshot].sort());
  });

  it('the worker runs a due schedule once', async () => {
    const s = await create({ name: 'Due', selection: { guestIds: [b.id] }, keepLast: 3 });
    expect(s.status).toBe(201);
    const past = new Date(Date.now() - 60_000);
    await h.ctx.prisma.snapshotSchedule.update({
      where: { id: s.body.id },
      data: { nextRunAt: past },
    });
    // planDue plans every due schedule in the database, which this jest worker's earlier files share:
    // theirs are moved out of the way so the count is this schedule's.
    await h.ctx.prisma.snapshotSchedule.updateMany({
      where: { id: { not: s.body.id }, nextRunAt: { lte: new Date() } },
      data: { nextRunAt: new Date(Date.now() + 86_400_000) },
    });
    const svc = h.ctx.app.get(SnapshotSchedulesService);
    const planned = await Promise.all([svc.planDue(), svc.planDue()]);
    expect(planned[0] + planned[1]).toBe(1);
    const jobs = await h.ctx.prisma.job.findMany({
      where: {
        type: 'backups.snapshot',
        guestId: b.id,
        params: { path: '$.scheduleId', equals: s.body.id },
      },
    });
    expect(jobs).toHaveLength(1);
    expect((await h.waitJob(jobs[0].id, 60_000)).status).toBe('succeeded');
    const row = await h.ctx.prisma.snapshotSchedule.findUniqueOrThrow({ where: { id: s.body.id } });
    expect(row.lastRunAt?.getTime()).toBe(past.getTime());
    expect(row.nextRunAt!.getTime()).toBeGreaterThan(Date.now());
    expect(snaps(b).filter((n) => n.startsWith(`auto_${s.body.tag}_`))).toHaveLength(1);
  });

  it('refuses bad input and hides one company’s schedules from another', async () => {
    expect(
      (await create({ name: 'x', selection: { guestIds: [a.id] }, keepLast: 2, cron: 'nope nope' }))
        .status,
    ).toBe(400);
    expect((await create({ name: 'x', selection: { guestIds: [a.id] }, keepLast: 0 })).status).toBe(
      400,
    );
    expect((await create({ name: 'x', selection: {}, keepLast: 2 })).status).toBe(400);
    expect(
      (
        await create({
          name: 'x',
          selection: { guestIds: [a.id] },
          keepLast: 2,
          timezone: 'Mars/Base',
        })
      ).status,
    ).toBe(400);
    const s = await create({ name: 'Mine', selection: { guestIds: [a.id] }, keepLast: 2 });
    expect(s.status).toBe(201);
    expectApiResponse('POST /snapshot-schedules', s);
    // Globex: a foreign schedule is missing, and Acme's guest cannot be selected
    for (const req of [
      http().get(`/api/snapshot-schedules/${s.body.id}`).set(globexAdmin.auth),
      http()
        .patch(`/api/snapshot-schedules/${s.body.id}`)
        .set(globexAdmin.auth)
        .send({ keepLast: 9 }),
      http().post(`/api/snapshot-schedules/${s.body.id}/run`).set(globexAdmin.auth),
      http().delete(`/api/snapshot-schedules/${s.body.id}`).set(globexAdmin.auth),
    ])
      expect((await req).status).toBe(404);
    const list = await http().get('/api/snapshot-schedules').set(globexAdmin.auth);
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(0);
    const theirs = await http()
      .post('/api/snapshot-schedules')
      .set(globexAdmin.auth)
      .send({
        companyId: acme.id,
        name: 'x',
        selection: { guestIds: [a.id] },
        cron: '0 * * * *',
        keepLast: 1,
      });
    expect(theirs.status).toBe(404);
    const mine = await http().get('/api/snapshot-schedules').set(acmeAdmin.auth);
    expectApiResponse('GET /snapshot-schedules', mine);
    expect(mine.body.items.map((x: { name: string }) => x.name)).toContain('Mine');
    expect(
      (await http().delete(`/api/snapshot-schedules/${s.body.id}`).set(acmeAdmin.auth)).status,
    ).toBe(204);
  });
});
