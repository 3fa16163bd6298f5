import type { Company } from '../../src/generated/prisma/client';
import { BackupFeeder, FEED_WINDOW } from '../../src/modules/backups/backup-feed.service';
import { BackupsModule } from '../../src/modules/backups/backups.module';
import { BackupsRepository } from '../../src/modules/backups/backups.repository';
import { uuidv7 } from '../../src/modules/guests/guests.repository';
import { GuestsService } from '../../src/modules/guests/guests.service';
import type { LoggedIn } from '../helpers/test-context';
import { VmsHarness } from './vms-harness';

const FINAL = ['succeeded', 'failed', 'missed'];

/**
 * Backups under faults, against the simulator: a full storage, a node that goes offline
 * mid-backup, and a worker killed twice during a 100-guest run (~33 per node: far more than the
 * limit). Every guest must end with a recorded result, no vzdump may run twice, nothing may stay
 * "running" (platform or Proxmox), and no node may run more backups at once than the per-node
 * limit (4).
 */
describe('backups under faults (integration)', () => {
  let h: VmsHarness;
  let acme: Company;
  let admin: LoggedIn;

  const http = () => h.ctx.http;
  const schedule = async (selection: Record<string, unknown>, extra: object = {}) => {
    const res = await http()
      .post('/api/backup-schedules')
      .set(admin.auth)
      .send({
        companyId: acme.id,
        name: h.ctx.unique('faults'),
        selection,
        cron: '0 3 * * *',
        storage: 'local',
        ...extra,
      });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const runNow = async (scheduleId: string) => {
    const res = await http().post(`/api/backup-schedules/${scheduleId}/run`).set(admin.auth);
    expect(res.status).toBe(202);
    return res.body.runId as string;
  };
  /** Waits until no result of the run is queued or running; answers the results. */
  const settled = async (runId: string, timeoutMs = 120_000) => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const results = await h.ctx.prisma.backupResult.findMany({ where: { runId } });
      if (results.every((r) => FINAL.includes(r.status))) return results;
      if (Date.now() > until) {
        const open = results.filter((r) => !FINAL.includes(r.status));
        const jobs = await h.ctx.prisma.job.findMany({
          where: { id: { in: open.map((r) => r.jobId!) } },
          select: { status: true, message: true, attempts: true, upid: true },
        });
        // the first open job's log says where it stopped (slot wait, task, never resumed)
        const log = await h.ctx.prisma.jobLog.findMany({
          where: { jobId: open[0]!.jobId! },
          orderBy: { id: 'asc' },
          select: { line: true },
        });
        throw new Error(
          `${open.length} results still open: ${JSON.stringify(jobs.slice(0, 8))}; ` +
            `log of ${open[0]!.jobId}: ${log.map((l) => l.line).join(' | ')}`,
        );
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  /** The run's status once it has settled (its last result's update lands just before). */
  const runStatus = async (runId: string) => {
    for (let i = 0; ; i++) {
      const run = await h.ctx.prisma.backupRun.findUniqueOrThrow({ where: { id: runId } });
      if (!['queued', 'running'].includes(run.status) || i > 50) return run.status;
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const vzdumps = (vmid: number, since: number) =>
    h.rt.state.tasks.filter(
      (t) => t.type === 'vzdump' && t.id === String(vmid) && t.starttime >= since,
    );

  beforeAll(async () => {
    h = await VmsHarness.start({
      nodes: 3,
      guests: 115,
      workerModules: [BackupsModule.forWorker()],
    });
    // A cluster sized for backup nights: 100 guests' tasks polled at once need more than 10 req/s.
    await h.ctx.prisma.cluster.update({
      where: { id: h.clusterId },
      data: { requestRatePerSec: 300, requestBurst: 600 },
    });
    await h.startWorker({ pollIntervalMs: 250 });
    acme = await h.ctx.newCompany();
    admin = await h.ctx.login(await h.ctx.newUser({ role: 'company_admin', companyId: acme.id }));
    await h.ctx.prisma.guest.updateMany({
      where: { clusterId: h.clusterId, template: false },
      data: { companyId: acme.id },
    });
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    expect(h.contract.violations).toEqual([]);
  });

  it('records every guest as failed when the backup storage is full', async () => {
    const guests = await h.ctx.prisma.guest.findMany({
      where: { companyId: acme.id, goneAt: null, template: false },
      orderBy: { vmid: 'asc' },
      take: 2,
    });
    const id = await schedule({ guestIds: guests.map((g) => g.id) });
    const local = h.rt.state.storages.find((s) => s.storage === 'local')!;
    const total = local.total;
    local.total = 1;
    try {
      const runId = await runNow(id);
      const results = await settled(runId);
      expect(results.map((r) => r.status)).toEqual(['failed', 'failed']);
      expect(results.every((r) => /No space left on device|job errors/.test(r.error ?? ''))).toBe(
        true,
      );
      expect(results.every((r) => r.upid && r.finishedAt)).toBe(true);
      expect(await runStatus(runId)).toBe('failed');
    } finally {
      local.total = total;
    }
  });

  it('fails the backup of a guest whose node goes offline mid-backup, and only that one', async () => {
    const [onA, onB] = await Promise.all(
      ['pve1', 'pve2'].map((node) =>
        h.ctx.prisma.guest.findFirstOrThrow({
          where: { companyId: acme.id, goneAt: null, template: false, node },
        }),
      ),
    );
    const speed = h.rt.faults.speed;
    h.setSpeed(4); // vzdump of one guest takes ~4 s now
    try {
      const id = await schedule({ guestIds: [onA.id, onB.id] });
      const runId = await runNow(id);
      // both vzdump tasks are running on Proxmox (their UPIDs are stored)
      for (const until = Date.now() + 20_000; ;) {
        const results = await h.ctx.prisma.backupResult.findMany({ where: { runId } });
        const started = await h.ctx.prisma.job.count({
          where: { id: { in: results.map((r) => r.jobId!) }, upid: { not: null } },
        });
        if (started === 2) break;
        if (Date.now() > until) throw new Error('backups did not start');
        await new Promise((r) => setTimeout(r, 100));
      }
      h.setNodeOnline('pve1', false);
      const results = await settled(runId);
      const byGuest = new Map(results.map((r) => [r.guestId, r]));
      expect(byGuest.get(onA.id)).toMatchObject({ status: 'failed' });
      expect(byGuest.get(onA.id)!.error).toBeTruthy();
      expect(byGuest.get(onB.id)).toMatchObject({ status: 'succeeded' });
      expect(await runStatus(runId)).toBe('partial');
    } finally {
      h.setNodeOnline('pve1', true);
      h.setSpeed(speed);
    }
  }, 120_000);

  it('finishes a 100-guest run with the worker killed twice: once per guest, within the node limit', async () => {
    const since = Math.floor(Date.now() / 1000);
    const guests = await h.ctx.prisma.guest.findMany({
      where: { companyId: acme.id, goneAt: null, template: false },
      orderBy: { vmid: 'asc' },
      take: 100,
    });
    expect(guests).toHaveLength(100);
    // every node has more guests than the per-node limit, so the limit is what holds them back
    const perNode = new Map<string, number>();
    for (const g of guests) perNode.set(g.node, (perNode.get(g.node) ?? 0) + 1);
    expect(Math.min(...perNode.values())).toBeGreaterThan(4);
    const id = await schedule({ guestIds: guests.map((g) => g.id) });
    const speed = h.rt.faults.speed;
    // a vzdump of one guest takes ~1.5 s: 9 rounds of 4 per node outlast both kills (~4 s each)
    h.setSpeed(1.5);
    // Watch the simulator: how many vzdump tasks run at once per node.
    const maxPerNode = new Map<string, number>();
    // Only this run's backups: an earlier test's vzdump may still be winding down on the simulator.
    const vmids = new Set(guests.map((g) => String(g.vmid)));
    const watch = setInterval(() => {
      const running = new Map<string, number>();
      for (const t of h.rt.state.tasks)
        if (
          t.type === 'vzdump' &&
          t.status === 'running' &&
          t.starttime >= since &&
          vmids.has(t.id)
        )
          running.set(t.node, (running.get(t.node) ?? 0) + 1);
      for (const [node, n] of running) maxPerNode.set(node, Math.max(maxPerNode.get(node) ?? 0, n));
    }, 20);
    try {
      const runId = await runNow(id);
      // Planned with jobs for the first FEED_WINDOW guests of each node only; the rest get theirs
      // as their node's backups finish (fed across both kills).
      const withJob = await h.ctx.prisma.backupResult.count({
        where: { runId, jobId: { not: null } },
      });
      expect(withJob).toBeLessThanOrEqual(3 * FEED_WINDOW);
      expect(withJob).toBeLessThan(30);
      for (let kill = 0; kill < 2; kill++) {
        // let some backups get going, then kill the worker mid-run and start a fresh one
        await new Promise((r) => setTimeout(r, 2500));
        // the kill lands mid-run: some guests are still waiting or running
        const open = await h.ctx.prisma.backupResult.count({
          where: { runId, status: { in: ['queued', 'running'] } },
        });
        expect(open).toBeGreaterThan(0);
        await h.killWorker();
        await new Promise((r) => setTimeout(r, 500));
        await h.startWorker({ pollIntervalMs: 250 });
      }
      const results = await settled(runId, 150_000);
      expect(results).toHaveLength(100);
      expect(results.filter((r) => r.status !== 'succeeded')).toEqual([]);
      for (const g of guests) expect(vzdumps(g.vmid, since)).toHaveLength(1);
      // and none is left running on Proxmox
      expect(
        guests.flatMap((g) => vzdumps(g.vmid, since)).filter((t) => t.status === 'running'),
      ).toEqual([]);
      // a job row is marked done just after its handler has written the result
      const jobIds = results.map((r) => r.jobId!);
      for (let i = 0; i < 100; i++) {
        const open = await h.ctx.prisma.job.count({
          where: { id: { in: jobIds }, status: { in: ['queued', 'running'] } },
        });
        if (!open) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const jobs = await h.ctx.prisma.job.findMany({
        where: { id: { in: jobIds } },
        select: { status: true, attempts: true },
      });
      expect(jobs.filter((j) => j.status !== 'succeeded')).toEqual([]);
      // the kills really interrupted jobs
      expect(jobs.some((j) => j.attempts > 1)).toBe(true);
      expect(await runStatus(runId)).toBe('succeeded');
      expect(maxPerNode.size).toBeGreaterThan(0);
      expect(Math.max(...maxPerNode.values())).toBeLessThanOrEqual(4);
    } finally {
      clearInterval(watch);
      h.setSpeed(speed);
    }
  }, 300_000);
  it('never runs more backups on one storage than the schedule allows, across all nodes', async () => {
    const since = Math.floor(Date.now() / 1000);
    expect(
      (
        await http()
          .post('/api/backup-schedules')
          .set(admin.auth)
          .send({
            companyId: acme.id,
            name: 'bad',
            selection: { allGuests: true },
            cron: '0 3 * * *',
            storage: 'local',
            storageLimit: 0,
          })
      ).status,
    ).toBe(400);
    // 7 guests per node: more than the feed window, so later guests are fed during the run
    const guests = (
      await Promise.all(
        ['pve1', 'pve2', 'pve3'].map((node) =>
          h.ctx.prisma.guest.findMany({
            where: { companyId: acme.id, goneAt: null, template: false, node },
            orderBy: { vmid: 'asc' },
            take: 7,
          }),
        ),
      )
    ).flat();
    expect(guests).toHaveLength(21);
    const id = await schedule({ guestIds: guests.map((g) => g.id) }, { storageLimit: 2 });
    expect((await http().get(`/api/backup-schedules/${id}`).set(admin.auth)).body).toMatchObject({
      storageLimit: 2,
    });
    const vmids = new Set(guests.map((g) => String(g.vmid)));
    let max = 0;
    const watch = setInterval(() => {
      const n = h.rt.state.tasks.filter(
        (t) =>
          t.type === 'vzdump' && t.status === 'running' && t.starttime >= since && vmids.has(t.id),
      ).length;
      max = Math.max(max, n);
    }, 20);
    const speed = h.rt.faults.speed;
    h.setSpeed(1.5);
    try {
      const runId = await runNow(id);
      const results = await settled(runId, 180_000);
      expect(results.filter((r) => r.status !== 'succeeded')).toEqual([]);
      for (const g of guests) expect(vzdumps(g.vmid, since)).toHaveLength(1);
      // the per-node limit alone would allow 12 at once (3 nodes × 4)
      expect(max).toBeGreaterThan(0);
      expect(max).toBeLessThanOrEqual(2);
    } finally {
      clearInterval(watch);
      h.setSpeed(speed);
    }
  }, 240_000);

  it('gives waiting guests their jobs when a hand-off was lost (the due check feeds the run)', async () => {
    const guests = await h.ctx.prisma.guest.findMany({
      where: { companyId: acme.id, goneAt: null, template: false, node: 'pve3' },
      orderBy: { vmid: 'desc' },
      take: FEED_WINDOW + 2,
    });
    expect(guests).toHaveLength(FEED_WINDOW + 2);
    const id = await schedule({ guestIds: guests.map((g) => g.id) });
    await h.killWorker();
    try {
      const runId = await runNow(id);
      const planned = await h.ctx.prisma.backupResult.findMany({ where: { runId } });
      const fed = planned.filter((r) => r.jobId);
      expect(fed).toHaveLength(FEED_WINDOW);
      // Those guests ended while their worker died before handing off to the next ones.
      await h.ctx.prisma.backupResult.updateMany({
        where: { id: { in: fed.map((r) => r.id) } },
        data: { status: 'failed', error: 'test: ended without a hand-off', finishedAt: new Date() },
      });
      await h.ctx.prisma.job.updateMany({
        where: { id: { in: fed.map((r) => r.id) } },
        data: { status: 'cancelled', finishedAt: new Date() },
      });
      await h.startWorker({ pollIntervalMs: 250 });
      expect(await h.worker!.get(BackupFeeder).feedAll()).toBeGreaterThanOrEqual(2);
      const results = await settled(runId);
      const waiting = planned.filter((r) => !r.jobId).map((r) => r.id);
      expect(
        results.filter((r) => waiting.includes(r.id)).map((r) => [r.status, r.jobId === r.id]),
      ).toEqual([
        ['succeeded', true],
        ['succeeded', true],
      ]);
      expect(await runStatus(runId)).toBe('partial');
    } finally {
      if (!h.worker) await h.startWorker({ pollIntervalMs: 250 });
    }
  }, 120_000);
  it('plans exactly the guests a selection covers (the database picks them, as the guest list does)', async () => {
    const all = await h.ctx.prisma.guest.findMany({
      where: { companyId: acme.id, goneAt: null, template: false },
      orderBy: { vmid: 'asc' },
    });
    // tags and a pool on a few guests; one guest of another company carries the same tag
    await h.ctx.prisma.guest.updateMany({
      where: { id: { in: all.slice(0, 3).map((g) => g.id) } },
      data: { tags: ['nightly', 'web'] },
    });
    await h.ctx.prisma.guest.updateMany({
      where: { id: { in: all.slice(3, 5).map((g) => g.id) } },
      data: { tags: ['web'], pool: 'prod' },
    });
    const repo = h.ctx.app.get(BackupsRepository);
    const guests = h.ctx.app.get(GuestsService);
    const selections = [
      { allGuests: true },
      { allGuests: true, excludeGuestIds: [all[0].id, all[7].id] },
      { guestIds: [all[1].id, all[9].id] },
      { tags: ['nightly'] },
      { tags: ['web'], excludeGuestIds: [all[4].id] },
      { pool: 'prod' },
      { pool: 'prod', clusterId: h.clusterId },
      { clusterId: h.clusterId, guestIds: [all[2].id] },
      {},
    ];
    for (const sel of selections) {
      const runId = uuidv7();
      const planned = await repo.createRunFromSelection(
        {
          id: runId,
          companyId: acme.id,
          scheduleId: null,
          trigger: 'manual',
          status: 'queued',
          storage: 'local',
          plannedAt: new Date(),
        },
        sel,
        { idPrefix: uuidv7().slice(0, 24), window: 2, missed: 'test: selection only' },
      );
      const results = await h.ctx.prisma.backupResult.findMany({
        where: { runId },
        orderBy: { id: 'asc' },
      });
      const expected = await guests.selected(acme.id, sel);
      // same guests, ids in cluster, node, VMID order
      expect(results.map((r) => [r.guestId, r.node, r.vmid])).toEqual(
        expected.map((g) => [g.id, g.node, g.vmid]),
      );
      expect(planned.count).toBe(expected.length);
      expect(new Set(results.map((r) => r.id)).size).toBe(results.length);
      await h.ctx.prisma.backupRun.delete({ where: { id: runId } });
    }
  });
});
