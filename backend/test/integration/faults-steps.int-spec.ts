import { guestTaskTypes } from '../../src/common/proxmox/upid';
import { BackupsModule } from '../../src/modules/backups/backups.module';
import type { Guest } from '../../src/generated/prisma/client';
import type { LoggedIn } from '../helpers/test-context';
import { VmsHarness } from './vms-harness';

/**
 * Kill points the fault matrix (faults-matrix.int-spec.ts) does not cover, kept out of it so it does
 * not get slower (issue 15): containers' power tasks and a restore's stop step. Each case kills the
 * worker after Proxmox accepted a request and before its answer (and the task id) reached the job,
 * then starts a new worker: Proxmox must run the task once, and the job must end as Proxmox did.
 */
describe('faults: kill points at containers and later steps (integration)', () => {
  let h: VmsHarness;
  let admin: LoggedIn;
  let qemu: Guest[];
  let lxc: Guest[];

  const sim = (g: Guest) => h.rt.state.guests.get(g.activeVmid!);
  const tasksOf = (g: Guest, types: string[], since: number) =>
    h.rt.state.tasks.filter(
      (t) => t.id === String(g.activeVmid) && types.includes(t.type) && t.starttime >= since,
    );
  const until = async (what: string, fn: () => boolean, ms = 15_000) => {
    const end = Date.now() + ms;
    while (!fn()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const accepted = async (req: Promise<{ status: number; body: { job?: { id: string } } }>) => {
    const res = await req;
    expect(res.status).toBe(202);
    return res.body.job!.id;
  };
  const put = async (g: Guest, status: 'running' | 'stopped') => {
    const sg = sim(g)!;
    sg.status = status;
    delete sg.lock;
    h.rt.changed();
    await h.ctx.prisma.guest.update({ where: { id: g.id }, data: { status } });
  };
  const logOf = async (jobId: string) =>
    (await h.ctx.prisma.jobLog.findMany({ where: { jobId }, orderBy: { id: 'asc' } })).map(
      (l) => l.line,
    );
  /** Sends under a 5 s reply delay, kills the worker once `started` holds, starts a new one. */
  const killedAfterAccept = async (send: () => Promise<string>, started: () => boolean) => {
    h.rt.faults.replyDelayMs = 5000;
    const id = await send();
    await until('Proxmox to start the task', started);
    await h.killWorker();
    h.rt.faults.replyDelayMs = 0;
    await h.startWorker();
    return id;
  };

  beforeAll(async () => {
    h = await VmsHarness.start({
      nodes: 2,
      guests: 24,
      workerModules: [BackupsModule.forWorker()],
    });
    const company = await h.ctx.newCompany();
    admin = await h.ctx.login(
      await h.ctx.newUser({ role: 'company_admin', companyId: company.id }),
    );
    const all = await h.ctx.prisma.guest.findMany({
      where: { clusterId: h.clusterId, template: false, activeVmid: { not: null } },
      orderBy: { vmid: 'asc' },
    });
    qemu = all.filter((g) => g.kind === 'qemu');
    lxc = all.filter((g) => g.kind === 'lxc');
    expect(qemu.length).toBeGreaterThanOrEqual(2);
    expect(lxc.length).toBeGreaterThanOrEqual(2);
    // Test fixture: the guests belong to the company (as an import would do).
    await h.ctx.prisma.guest.updateMany({
      where: { id: { in: all.map((g) => g.id) } },
      data: { companyId: company.id },
    });
    await h.startWorker();
  }, 120_000);
  afterEach(async () => {
    Object.assign(h.rt.faults, { replyDelayMs: 0, lostReplies: 0, speed: 0.05 });
    if (!h.worker) await h.startWorker();
  });
  afterAll(async () => {
    await h?.close();
    expect(h.contract.violations).toEqual([]);
  });

  it.each([
    ['start', 'stopped', 'running'],
    ['stop', 'running', 'stopped'],
  ] as const)(
    'container %s / worker killed after Proxmox accepted it, before the task id was saved',
    async (action, from, to) => {
      const g = lxc.shift()!;
      await put(g, from);
      const types = guestTaskTypes('lxc', action);
      const since = Math.floor(Date.now() / 1000) - 1;
      const jobId = await killedAfterAccept(
        () =>
          accepted(h.ctx.http.post(`/api/vms/${g.id}/control`).set(admin.auth).send({ action })),
        () => tasksOf(g, types, since).length > 0,
      );
      const job = await h.waitJob(jobId, 30_000);
      const tasks = tasksOf(g, types, since);
      expect(tasks).toHaveLength(1);
      expect(job.status).toBe('succeeded');
      expect(job.upid).toBe(tasks[0].upid);
      expect(sim(g)?.status).toBe(to);
      expect(await logOf(jobId)).toContain(
        `found the task started before the restart: ${tasks[0].upid}`,
      );
    },
    60_000,
  );

  it('restore in place of a running guest / worker killed at its stop step', async () => {
    const g = qemu.shift()!;
    await put(g, 'stopped');
    const backup = await accepted(
      h.ctx.http.post(`/api/vms/${g.id}/backups`).set(admin.auth).send({}),
    );
    expect((await h.waitJob(backup, 30_000)).status).toBe('succeeded');
    const volid = (await h.ctx.http.get(`/api/vms/${g.id}/backups`).set(admin.auth)).body
      .archives[0].volid as string;
    await put(g, 'running');
    const since = Math.floor(Date.now() / 1000) - 1;
    const stops = () => tasksOf(g, guestTaskTypes('qemu', 'stop'), since);
    const restores = () => tasksOf(g, ['qmrestore'], since);

    const jobId = await killedAfterAccept(
      () =>
        accepted(
          h.ctx.http
            .post(`/api/vms/${g.id}/backups/restore`)
            .set(admin.auth)
            .send({ volid, target: 'in-place', confirm: g.name ?? String(g.vmid) }),
        ),
      () => stops().length > 0,
    );
    // The kill landed before the restore was sent.
    expect(restores()).toEqual([]);
    const job = await h.waitJob(jobId, 60_000);
    expect(stops()).toHaveLength(1);
    expect(restores()).toHaveLength(1);
    expect(restores()[0].exitstatus).toBe('OK');
    expect(job.status).toBe('succeeded');
    expect(job.upid).toBe(restores()[0].upid);
    expect(sim(g)?.status).toBe('stopped');
  }, 90_000);
});
