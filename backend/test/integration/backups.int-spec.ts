import { clusterFor } from '../helpers/foreign-resources';
import type { Company, Guest } from '../../src/generated/prisma/client';
import { BackupRunsService } from '../../src/modules/backups/backup-runs.service';
import { BackupsModule } from '../../src/modules/backups/backups.module';
import { expectApiResponse } from '../helpers/api-response';
import type { LoggedIn } from '../helpers/test-context';
import { VmsHarness } from './vms-harness';

interface Archive {
  volid: string;
  protected: boolean;
  createdAt: string;
}

/**
 * Backups end to end: schedules, runs (vzdump through the worker), retention as Proxmox prunes,
 * the guest's archives, backup now, protection, restore to a new guest and in place, tenancy.
 * Every Proxmox request is checked against the PVE 9.1 schema.
 */
describe('backups (integration)', () => {
  let h: VmsHarness;
  let acme: Company;
  let globex: Company;
  let acmeAdmin: LoggedIn;
  let acmeUser: LoggedIn;
  let globexAdmin: LoggedIn;
  let g1: Guest;
  let g2: Guest;
  let scheduleId: string;

  const http = () => h.ctx.http;
  const archives = async (guestId: string, auth = acmeAdmin.auth): Promise<Archive[]> => {
    const res = await http().get(`/api/vms/${guestId}/backups`).set(auth);
    expect(res.status).toBe(200);
    return res.body.archives;
  };
  /** Waits for every job of a run, then answers the run's detail. */
  const settle = async (runId: string) => {
    const detail = await http().get(`/api/backup-history/${runId}`).set(acmeAdmin.auth);
    expect(detail.status).toBe(200);
    for (const r of detail.body.results as Array<{ jobId: string | null }>)
      if (r.jobId) await h.waitJob(r.jobId);
    const settled = await http().get(`/api/backup-history/${runId}`).set(acmeAdmin.auth);
    expectApiResponse('GET /backup-history/:id', settled);
    return settled.body;
  };
  const runSchedule = async () => {
    const res = await http().post(`/api/backup-schedules/${scheduleId}/run`).set(acmeAdmin.auth);
    expect(res.status).toBe(202);
    return settle(res.body.runId);
  };

  beforeAll(async () => {
    h = await VmsHarness.start({ workerModules: [BackupsModule.forWorker()] });
    await h.startWorker();
    acme = await h.ctx.newCompany({ maxGuests: 10, maxVcpus: 100, maxMemoryMb: 512_000 });
    globex = await h.ctx.newCompany();
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
    [g1, g2] = guests.slice(1, 3);
    await h.ctx.prisma.guest.updateMany({
      where: { id: { in: [g1.id, g2.id] } },
      data: { companyId: acme.id },
    });
    const user = await h.ctx.newUser({ role: 'user', companyId: acme.id });
    await h.ctx.prisma.vmGrant.create({
      data: { userId: user.id, companyId: acme.id, guestId: g1.id, rights: ['view', 'backup'] },
    });
    acmeUser = await h.ctx.login(user);
  });
  afterAll(async () => {
    await h?.close();
    expect(h.contract.violations).toEqual([]);
  });

  const scheduleBody = (over: Record<string, unknown> = {}) => ({
    companyId: acme.id,
    name: 'Nightly',
    selection: { guestIds: [g1.id, g2.id] },
    cron: '0 2 * * *',
    timezone: 'Europe/Berlin',
    storage: 'local',
    retention: { keepLast: 3 },
    ...over,
  });

  it('checks the storage on the clusters that answer: one that does not is no 503', async () => {
    const other = await h.ctx.newCompany();
    await clusterFor(h.ctx, [other.id], 'unreachable');
    const admin = await h.ctx.login(
      await h.ctx.newUser({ role: 'company_admin', companyId: other.id }),
    );
    const post = (storage: string) =>
      http()
        .post('/api/backup-schedules')
        .set(admin.auth)
        .send(scheduleBody({ companyId: other.id, selection: { allGuests: true }, storage }));
    expect((await post('local')).status).toBe(201);
    const missing = await post('nowhere');
    expect(missing.status).toBe(400);
    expect(missing.body.message).toMatch(/\d+ of them did not answer/);
  });

  it('refuses bad schedules with a clear 4xx', async () => {
    const post = (over: Record<string, unknown>) =>
      http().post('/api/backup-schedules').set(acmeAdmin.auth).send(scheduleBody(over));
    const badCron = await post({ cron: '0 25 * * *' });
    expect(badCron.status).toBe(400);
    expect(badCron.body.message).toMatch(/cron/);
    expect((await post({ cron: '* * *' })).status).toBe(400);
    expect((await post({ timezone: 'Mars/Base' })).body.message).toMatch(/time zone/);
    const storage = await post({ storage: 'nowhere' });
    expect(storage.status).toBe(400);
    expect(storage.body.message).toMatch(/storage/);
    // local-lvm exists but holds no backups
    expect((await post({ storage: 'local-lvm' })).status).toBe(400);
    expect((await post({ selection: {} })).status).toBe(400);
    expect((await post({ retention: { keepLast: 0 } })).status).toBe(400);
    // Globex cannot schedule Acme's guests, nor for Acme
    const foreign = await http()
      .post('/api/backup-schedules')
      .set(globexAdmin.auth)
      .send(scheduleBody({ companyId: globex.id }));
    expect(foreign.status).toBe(404);
    expect(
      (await http().post('/api/backup-schedules').set(globexAdmin.auth).send(scheduleBody()))
        .status,
    ).toBe(404);
    // a plain user manages no schedules
    expect((await http().get('/api/backup-schedules').set(acmeUser.auth)).status).toBe(403);
  });

  it('previews the next runs of a cron expression in its time zone', async () => {
    const res = await http()
      .get('/api/backup-schedules/preview')
      .query({ cron: '30 1 * * *', timezone: 'UTC', count: 3 })
      .set(acmeAdmin.auth);
    expectApiResponse('GET /backup-schedules/preview', res);
    expect(res.body.next).toHaveLength(3);
    expect(res.body.next.every((t: string) => t.endsWith('T01:30:00.000Z'))).toBe(true);
    const bad = await http()
      .get('/api/backup-schedules/preview')
      .query({ cron: 'nope' })
      .set(acmeAdmin.auth);
    expect(bad.status).toBe(400);
  });

  it('schedules a nightly backup that Globex cannot see', async () => {
    const res = await http().post('/api/backup-schedules').set(acmeAdmin.auth).send(scheduleBody());
    expect(res.status).toBe(201);
    expectApiResponse('POST /backup-schedules', res);
    scheduleId = res.body.id;
    expect(res.body).toMatchObject({ enabled: true, mode: 'snapshot', compress: 'zstd' });
    expect(new Date(res.body.nextRunAt).getTime()).toBeGreaterThan(Date.now());
    expect(
      (await http().get(`/api/backup-schedules/${scheduleId}`).set(globexAdmin.auth)).status,
    ).toBe(404);
    const list = await http().get('/api/backup-schedules').set(globexAdmin.auth);
    expect(list.body.items).toEqual([]);
    const own = await http().get('/api/backup-schedules').set(acmeAdmin.auth);
    expectApiResponse('GET /backup-schedules', own);
    expect(own.body.items.map((s: { id: string }) => s.id)).toContain(scheduleId);
    expect(
      (
        await http()
          .patch(`/api/backup-schedules/${scheduleId}`)
          .set(globexAdmin.auth)
          .send({ enabled: false })
      ).status,
    ).toBe(404);
    expect(
      (await http().post(`/api/backup-schedules/${scheduleId}/run`).set(globexAdmin.auth)).status,
    ).toBe(404);
  });

  it('runs the schedule now and keeps exactly the 3 newest archives per guest (protected kept)', async () => {
    for (let i = 0; i < 3; i++) {
      const run = await runSchedule();
      expect(run.status).toBe('succeeded');
      expect(run.results).toHaveLength(2);
      for (const r of run.results) {
        expect(r).toMatchObject({ status: 'succeeded' });
        expect(r.volid).toMatch(new RegExp(`^local:backup/vzdump-qemu-${r.vmid}-`));
        expect(r.upid).toMatch(/^UPID:.*:vzdump:/);
        expect(r.sizeBytes).toBeGreaterThan(0);
      }
    }
    const before = await archives(g1.id);
    expect(before).toHaveLength(3);
    const oldest = before[before.length - 1];
    const prot = await http()
      .post(`/api/vms/${g1.id}/backups/protection`)
      .set(acmeAdmin.auth)
      .send({ volid: oldest.volid, protected: true });
    expect(prot.status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await runSchedule()).status).toBe('succeeded');

    const g1After = await archives(g1.id);
    expect(g1After.filter((a) => !a.protected)).toHaveLength(3);
    expect(g1After.find((a) => a.protected)?.volid).toBe(oldest.volid);
    expect(await archives(g2.id)).toHaveLength(3);
    // the 3 kept are the newest
    const newest = g1After.filter((a) => !a.protected).map((a) => a.createdAt);
    expect(newest.every((t) => t > oldest.createdAt)).toBe(true);

    const history = await http()
      .get('/api/backup-history')
      .query({ scheduleId })
      .set(acmeAdmin.auth);
    expect(history.body.total).toBe(5);
    expect(history.body.items[0]).toMatchObject({
      total: 2,
      succeeded: 2,
      scheduleName: 'Nightly',
    });
    expect((await http().get('/api/backup-history').set(globexAdmin.auth)).body.total).toBe(0);
    const foreignRun = await http()
      .get(`/api/backup-history/${history.body.items[0].id}`)
      .set(globexAdmin.auth);
    expect(foreignRun.status).toBe(404);

    // a protected archive cannot be deleted; unprotected it can
    const del = () =>
      http().delete(`/api/vms/${g1.id}/backups`).query({ volid: oldest.volid }).set(acmeAdmin.auth);
    expect((await del()).status).toBe(409);
    await http()
      .post(`/api/vms/${g1.id}/backups/protection`)
      .set(acmeAdmin.auth)
      .send({ volid: oldest.volid, protected: false });
    expect((await del()).status).toBe(204);
    expect((await archives(g1.id)).map((a) => a.volid)).not.toContain(oldest.volid);
  });

  it('lets a user with the backup right back up now; others see nothing', async () => {
    const res = await http().post(`/api/vms/${g1.id}/backups`).set(acmeUser.auth).send({});
    expect(res.status).toBe(202);
    expectApiResponse('POST /vms/:id/backups', res);
    expect(res.body.job.type).toBe('backups.guest');
    expect((await h.waitJob(res.body.job.id)).status).toBe('succeeded');
    const list = await http().get(`/api/vms/${g1.id}/backups`).set(acmeUser.auth);
    expectApiResponse('GET /vms/:id/backups', list);
    expect(list.body.last).toMatchObject({ status: 'succeeded', guestId: g1.id });
    expect(list.body.archives.length).toBeGreaterThan(0);
    // not granted g2; Globex not at all
    expect((await http().get(`/api/vms/${g2.id}/backups`).set(acmeUser.auth)).status).toBe(404);
    expect((await http().get(`/api/vms/${g1.id}/backups`).set(globexAdmin.auth)).status).toBe(404);
    expect(
      (await http().post(`/api/vms/${g1.id}/backups`).set(globexAdmin.auth).send({})).status,
    ).toBe(404);
    const unknown = await http()
      .post(`/api/vms/${g1.id}/backups`)
      .set(acmeAdmin.auth)
      .send({ storage: 'nowhere' });
    expect(unknown.status).toBe(400);
  });

  it('restores to a new guest that runs, network disconnected, never over quota', async () => {
    const [latest] = await archives(g1.id);
    const restore = (extra: object) =>
      http()
        .post(`/api/vms/${g1.id}/backups/restore`)
        .set(acmeAdmin.auth)
        .send({ volid: latest.volid, target: 'new', ...extra });
    // bad places are a 400 at once, not a failed job: a storage the node lacks or that holds no
    // disks, another node for an archive on the source node's own storage ("local")
    for (const [extra, field] of [
      [{ storage: 'nowhere' }, 'storage'],
      [{ storage: 'local' }, 'storage'],
      [{ node: ['pve1', 'pve2', 'pve3'].find((n) => n !== g1.node) }, 'node'],
    ] as const) {
      const bad = await restore(extra);
      expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(bad.body.message).toMatch(new RegExp(`^${field}: `));
    }
    const res = await restore({
      node: g1.node,
      storage: 'local-lvm',
      name: 'restored-copy',
      start: true,
      disconnectNetwork: true,
    });
    expect(res.status).toBe(202);
    expectApiResponse('POST /vms/:id/backups/restore', res);
    const job = await h.waitJob(res.body.job.id);
    expect(job).toMatchObject({ status: 'succeeded' });
    const vm = await http().get(`/api/vms/${res.body.vmId}`).set(acmeAdmin.auth);
    expect(vm.status).toBe(200);
    expect(vm.body).toMatchObject({ name: 'restored-copy', status: 'running', companyId: acme.id });
    expect(vm.body.vmid).not.toBe(g1.vmid);
    const simGuest = h.rt.state.guests.get(vm.body.vmid)!;
    expect(String(simGuest.config.scsi0)).toMatch(/^local-lvm:/);
    const nets = Object.entries(simGuest.config).filter(([k]) => /^net\d+$/.test(k));
    expect(nets.length).toBeGreaterThan(0);
    expect(nets.every(([, v]) => String(v).includes('link_down=1'))).toBe(true);
    // a restored copy has its own MAC addresses
    const orig = h.rt.state.guests.get(g1.vmid)!;
    expect(simGuest.config.net0).not.toBe(orig.config.net0);
    // Globex cannot restore Acme's archive; a volid that is not this guest's is missing
    const body = { volid: latest.volid, target: 'new' };
    expect(
      (await http().post(`/api/vms/${g1.id}/backups/restore`).set(globexAdmin.auth).send(body))
        .status,
    ).toBe(404);
    const other = (await archives(g2.id))[0];
    expect(
      (
        await http()
          .post(`/api/vms/${g1.id}/backups/restore`)
          .set(acmeAdmin.auth)
          .send({ ...body, volid: other.volid })
      ).status,
    ).toBe(404);

    const count = await h.ctx.prisma.guest.count({ where: { companyId: acme.id, goneAt: null } });
    await h.ctx.prisma.company.update({ where: { id: acme.id }, data: { maxGuests: count } });
    const over = await http()
      .post(`/api/vms/${g1.id}/backups/restore`)
      .set(acmeAdmin.auth)
      .send(body);
    expect(over.status).toBe(409);
    expect(over.body.code).toBe('QUOTA_EXCEEDED');
    await h.ctx.prisma.company.update({ where: { id: acme.id }, data: { maxGuests: 10 } });
  });

  it('restores in place only with a confirmation naming the guest', async () => {
    const [latest] = await archives(g2.id);
    const url = `/api/vms/${g2.id}/backups/restore`;
    const none = await http()
      .post(url)
      .set(acmeAdmin.auth)
      .send({ volid: latest.volid, target: 'in-place' });
    expect(none.status).toBe(400);
    expect(none.body.code).toBe('CONFIRM_MISMATCH');
    expect(none.body.message).toContain(g2.name);
    const badStorage = await http()
      .post(url)
      .set(acmeAdmin.auth)
      .send({ volid: latest.volid, target: 'in-place', confirm: g2.name, storage: 'nowhere' });
    expect(badStorage.status).toBe(400);
    expect(badStorage.body.message).toMatch(/^storage: /);
    const ok = await http()
      .post(url)
      .set(acmeAdmin.auth)
      .send({ volid: latest.volid, target: 'in-place', confirm: g2.name, start: true });
    expect(ok.status).toBe(202);
    expect(ok.body.vmId).toBe(g2.id);
    expect(await h.waitJob(ok.body.job.id)).toMatchObject({ status: 'succeeded' });
    expect(h.rt.state.guests.get(g2.vmid)?.status).toBe('running');
  });

  it('plans due schedules once, and records a run past its window as missed', async () => {
    const runs = h.worker!.get(BackupRunsService);
    const due = new Date(Date.now() - 60_000);
    await h.ctx.prisma.backupSchedule.update({
      where: { id: scheduleId },
      data: { nextRunAt: due },
    });
    // planDue plans every due schedule in the database, which this jest worker's earlier files share:
    // theirs are moved out of the way so the counts are this schedule's.
    await h.ctx.prisma.backupSchedule.updateMany({
      where: { id: { not: scheduleId }, nextRunAt: { lte: new Date() } },
      data: { nextRunAt: new Date(Date.now() + 86_400_000) },
    });
    const planned = await Promise.all([runs.planDue(), runs.planDue()]);
    expect(planned[0] + planned[1]).toBe(1);
    const s = await h.ctx.prisma.backupSchedule.findUniqueOrThrow({ where: { id: scheduleId } });
    expect(s.nextRunAt!.getTime()).toBeGreaterThan(Date.now());
    const run = await h.ctx.prisma.backupRun.findFirstOrThrow({
      where: { scheduleId, plannedAt: due },
    });
    expect((await settle(run.id)).status).toBe('succeeded');

    const late = new Date(Date.now() - 7 * 3600_000);
    await h.ctx.prisma.backupSchedule.update({
      where: { id: scheduleId },
      data: { nextRunAt: late },
    });
    expect(await runs.planDue()).toBe(1);
    const missed = await h.ctx.prisma.backupRun.findFirstOrThrow({
      where: { scheduleId, plannedAt: late },
      include: { results: true },
    });
    expect(missed.status).toBe('missed');
    expect(missed.results.map((r) => r.status)).toEqual(['missed', 'missed']);
  });
});
