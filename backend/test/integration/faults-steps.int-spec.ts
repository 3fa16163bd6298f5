import { guestTaskTypes } from '../../src/common/proxmox/upid';
import { BackupsModule } from '../../src/modules/backups/backups.module';
import { SCRATCH_VMID_BASE } from '../../src/modules/backups/restore-test-rules';
import { EsxiModule } from '../../src/modules/esxi/esxi.module';
import type { Guest } from '../../src/generated/prisma/client';
import type { LoggedIn } from '../helpers/test-context';
import { FaultsHarness } from './faults-harness';
import type { VmsHarness } from './vms-harness';

/**
 * Kill points the fault matrix (faults-matrix.int-spec.ts) does not cover, kept out of it so it does
 * not get slower (issue 15): containers' power, create and restore tasks, a restore's stop step, a
 * create's resize and start steps, an import's start step, a snapshot schedule's snapshot and prune
 * steps and every step of a restore test (restore, start, stop, destroy). Each case kills the
 * worker after Proxmox accepted a request and before its answer (and the task id) reached the job,
 * then starts a new worker: Proxmox must run the task once, and the job must end as Proxmox did.
 */
describe('faults: kill points at containers and later steps (integration)', () => {
  let f: FaultsHarness;
  let h: VmsHarness;
  let admin: LoggedIn;
  let qemu: Guest[];
  let lxc: Guest[];
  let companyId: string;

  const sim = (g: Guest) => f.sim(g);
  const tasksOf = (g: Guest, types: string[], since: number) =>
    h.rt.state.tasks.filter(
      (t) => t.id === String(g.activeVmid) && types.includes(t.type) && t.starttime >= since,
    );
  const accepted = (req: Parameters<FaultsHarness['accepted']>[0]) => f.accepted(req);
  const put = (g: Guest, status: 'running' | 'stopped') => f.put(g, status);
  const until = (what: string, fn: () => boolean, ms?: number) => f.until(what, fn, ms);
  const logOf = (jobId: string) => f.logOf(jobId);
  /** Sends under a 5 s reply delay, kills the worker once `started` holds, starts a new one. */
  const killedAfterAccept = (send: () => Promise<string>, started: () => boolean) =>
    f.killedAfterAccept(send, started);

  beforeAll(async () => {
    f = await FaultsHarness.start({
      nodes: 2,
      guests: 24,
      modules: [EsxiModule],
      workerModules: [BackupsModule.forWorker(), EsxiModule.forWorker()],
    });
    ({ h, admin, companyId } = f);
    qemu = f.guests.filter((g) => g.kind === 'qemu');
    lxc = f.guests.filter((g) => g.kind === 'lxc');
    expect(qemu.length).toBeGreaterThanOrEqual(7);
    expect(lxc.length).toBeGreaterThanOrEqual(3);
  }, 120_000);
  afterEach(() => f?.reset());
  afterAll(async () => {
    await f?.close();
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

  it('container create from an OS template / worker killed after Proxmox accepted it', async () => {
    const body = h.vmBody(companyId, '00000000-0000-4000-8000-000000000000', 'killct', {
      kind: 'lxc',
      // An OS template names no cluster: pin this suite's, not another suite's in the shared database.
      clusterId: h.clusterId,
      source: { type: 'ostemplate', volid: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst' },
      disks: [{ sizeGb: 8 }],
    });
    const since = Math.floor(Date.now() / 1000) - 1;
    const creates = () =>
      h.rt.state.tasks.filter(
        (t) =>
          t.type === 'vzcreate' &&
          t.starttime >= since &&
          t.id === String(h.simGuestsNamed(body.name)[0]),
      );
    const jobId = await killedAfterAccept(
      () => accepted(h.ctx.http.post('/api/vms').set(admin.auth).send(body)),
      () => creates().length > 0,
    );
    const job = await h.waitJob(jobId, 60_000);
    expect(h.simGuestsNamed(body.name)).toHaveLength(1);
    expect(creates()).toHaveLength(1);
    expect(job.status).toBe('succeeded');
    expect(job.upid).toBe(creates()[0].upid);
    expect(await logOf(jobId)).toContain(
      `found the task started before the restart: ${creates()[0].upid}`,
    );
  }, 60_000);

  it('container restore in place / worker killed after Proxmox accepted it', async () => {
    const g = lxc.shift()!;
    await put(g, 'stopped');
    const backup = await accepted(
      h.ctx.http.post(`/api/vms/${g.id}/backups`).set(admin.auth).send({}),
    );
    expect((await h.waitJob(backup, 30_000)).status).toBe('succeeded');
    const volid = (await h.ctx.http.get(`/api/vms/${g.id}/backups`).set(admin.auth)).body
      .archives[0].volid as string;
    const since = Math.floor(Date.now() / 1000) - 1;
    const restores = () => tasksOf(g, ['vzrestore'], since);
    const jobId = await killedAfterAccept(
      () =>
        accepted(
          h.ctx.http
            .post(`/api/vms/${g.id}/backups/restore`)
            .set(admin.auth)
            .send({ volid, target: 'in-place', confirm: g.name ?? String(g.vmid) }),
        ),
      () => restores().length > 0,
    );
    const job = await h.waitJob(jobId, 60_000);
    expect(restores()).toHaveLength(1);
    expect(restores()[0].exitstatus).toBe('OK');
    expect(job.status).toBe('succeeded');
    expect(job.upid).toBe(restores()[0].upid);
    expect(await logOf(jobId)).toContain(
      `found the task started before the restart: ${restores()[0].upid}`,
    );
  }, 60_000);

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

  // A create from a template runs clone → config → resize → start: the kill lands in a later step.
  it.each([['resize'], ['start']] as const)(
    'create from a template and start / worker killed at its %s step',
    async (step) => {
      const tpl = await f.companyTemplate();
      const body = h.vmBody(companyId, tpl.id, `kill${step}`, {
        disks: [{ sizeGb: 300 }], // larger than any template disk: the resize step runs
        start: true,
      });
      const since = Math.floor(Date.now() / 1000) - 1;
      const vmid = () => h.simGuestsNamed(body.name)[0];
      const ofNew = (types: string[]) =>
        h.rt.state.tasks.filter(
          (t) => t.starttime >= since && types.includes(t.type) && t.id === String(vmid()),
        );
      const target = guestTaskTypes('qemu', step);
      const jobId = await accepted(h.ctx.http.post('/api/vms').set(admin.auth).send(body));
      // The earlier steps' answers come at once; from the step before the target on, 5 s late.
      const before = step === 'resize' ? ['qmclone'] : guestTaskTypes('qemu', 'resize');
      await until('the step before to finish', () =>
        h.rt.state.tasks.some(
          (t) =>
            t.starttime >= since &&
            before.includes(t.type) &&
            (t.type === 'qmclone' || t.id === String(vmid())) &&
            Boolean(t.exitstatus),
        ),
      );
      h.rt.faults.replyDelayMs = 5000;
      await until(
        'Proxmox to start the step',
        () => vmid() !== undefined && ofNew(target).length > 0,
      );
      await h.killWorker();
      h.rt.faults.replyDelayMs = 0;
      await h.startWorker();

      const job = await h.waitJob(jobId, 60_000);
      expect(h.simGuestsNamed(body.name)).toHaveLength(1);
      for (const op of ['resize', 'start'] as const)
        expect([op, ofNew(guestTaskTypes('qemu', op)).length]).toEqual([op, 1]);
      expect(job.status).toBe('succeeded');
      const g = h.rt.state.guests.get(vmid())!;
      expect(g.status).toBe('running');
      expect(String(g.config.scsi0)).toMatch(/size=300G/);
      // The start step finds its task; the resize step reads the disk already grown and skips.
      if (step === 'start')
        expect(await logOf(jobId)).toContain(
          `found the task started before the restart: ${ofNew(target)[0].upid}`,
        );
    },
    90_000,
  );

  // An import with `start`: create (qmcreate) → start; the kill lands in the start step.
  it('import and start / worker killed at its start step', async () => {
    const { source, vm } = await f.esxiVm('esx-steps.test', 'step01', '00:50:56:aa:02:01');
    const since = Math.floor(Date.now() / 1000) - 1;
    const creates = () =>
      h.rt.state.tasks.filter((t) => t.type === 'qmcreate' && t.starttime >= since);
    const starts = () =>
      h.rt.state.tasks.filter(
        (t) => t.type === 'qmstart' && t.starttime >= since && t.id === String(creates()[0]?.id),
      );
    const jobId = await accepted(
      h.ctx.http
        .post(`/api/esxi-sources/${source.id}/vms/${vm.id}/import`)
        .set(h.admin.auth)
        .send({
          clusterId: h.clusterId,
          node: h.rt.state.nodes[0].name,
          storage: 'local-lvm',
          networks: [{ bridge: 'vmbr0' }],
          start: true,
        }),
    );
    await until('the import task to finish', () => Boolean(creates()[0]?.exitstatus), 30_000);
    h.rt.faults.replyDelayMs = 5000;
    await until('Proxmox to start the guest', () => starts().length > 0);
    await h.killWorker();
    h.rt.faults.replyDelayMs = 0;
    await h.startWorker();

    const job = await h.waitJob(jobId, 60_000);
    expect(creates()).toHaveLength(1);
    expect(starts()).toHaveLength(1);
    expect(job.status).toBe('succeeded');
    expect(h.rt.state.guests.get(Number(creates()[0].id))?.status).toBe('running');
    expect(await logOf(jobId)).toContain(
      `found the task started before the restart: ${starts()[0].upid}`,
    );
  }, 90_000);

  // A snapshot schedule's job per guest: take the snapshot, then prune the schedule's older ones.
  it.each([['snapshot'], ['delsnapshot']] as const)(
    'snapshot schedule run / worker killed at its %s step',
    async (step) => {
      const g = qemu.shift()!;
      await put(g, 'stopped');
      const created = await h.ctx.http
        .post('/api/snapshot-schedules')
        .set(admin.auth)
        .send({
          companyId,
          name: `steps ${step}`,
          selection: { guestIds: [g.id] },
          cron: '0 * * * *',
          keepLast: 1,
        });
      expect(created.status).toBe(201);
      const run = async () => {
        const since = new Date(Date.now() - 1000);
        const res = await h.ctx.http
          .post(`/api/snapshot-schedules/${created.body.id}/run`)
          .set(admin.auth);
        expect(res.status).toBe(202);
        const job = await h.ctx.prisma.job.findFirstOrThrow({
          where: { type: 'backups.snapshot', guestId: g.id, createdAt: { gte: since } },
          orderBy: { createdAt: 'desc' },
        });
        return { id: job.id, snapshot: res.body.snapshot as string };
      };
      if (step === 'delsnapshot') {
        // An earlier run's snapshot for the kill's run to prune (names are to the second).
        expect((await h.waitJob((await run()).id, 30_000)).status).toBe('succeeded');
        await new Promise((r) => setTimeout(r, 1100));
      }
      const known = new Set(h.rt.state.tasks.map((t) => t.upid));
      const tasks = (op: 'snapshot' | 'delsnapshot') =>
        tasksOf(g, guestTaskTypes('qemu', op), 0).filter((t) => !known.has(t.upid));
      let jobId: string;
      let name: string;
      if (step === 'snapshot') {
        h.rt.faults.replyDelayMs = 5000;
        ({ id: jobId, snapshot: name } = await run());
      } else {
        ({ id: jobId, snapshot: name } = await run());
        // Its snapshot's answer comes at once; the prune's 5 s late, and the prune still runs
        // when the new worker comes (it must follow it, not delete again or skip it).
        await until('the snapshot to be taken', () => Boolean(tasks('snapshot')[0]?.exitstatus));
        h.rt.faults.replyDelayMs = 5000;
        h.rt.faults.speed = 10;
      }
      await until('Proxmox to start the step', () => tasks(step).length > 0);
      await h.killWorker();
      h.rt.faults.replyDelayMs = 0;
      await h.startWorker();

      const job = await h.waitJob(jobId, 60_000);
      expect(tasks('snapshot')).toHaveLength(1);
      expect(tasks('delsnapshot')).toHaveLength(step === 'delsnapshot' ? 1 : 0);
      expect(job.status).toBe('succeeded');
      // Only the run's own snapshot is left (keepLast 1).
      expect(sim(g)!.snapshots.map((x) => x.name)).toEqual([name]);
      expect(await logOf(jobId)).toContain(
        `found the task started before the restart: ${tasks(step)[0].upid}`,
      );
    },
    60_000,
  );

  // A restore test: restore the newest backup to a scratch VMID → start → agent check → stop → destroy.
  let proven: Promise<{ scheduleId: string; guest: Guest }> | undefined;
  const backedUpSchedule = () =>
    (proven ??= (async () => {
      const g = qemu.shift()!;
      await put(g, 'stopped');
      const sg = sim(g)!;
      sg.config.agent = '1';
      sg.guestAgent = true;
      const created = await h.ctx.http
        .post('/api/backup-schedules')
        .set(admin.auth)
        .send({
          companyId,
          name: 'steps proven',
          selection: { guestIds: [g.id] },
          cron: '0 2 * * *',
          storage: 'local',
          retention: { keepLast: 2 },
          restoreTest: { cron: '0 6 * * 0', bootTimeoutSec: 10 },
        });
      expect(created.status).toBe(201);
      const run = await h.ctx.http
        .post(`/api/backup-schedules/${created.body.id}/run`)
        .set(admin.auth);
      expect(run.status).toBe(202);
      for (const r of await h.ctx.prisma.backupResult.findMany({
        where: { runId: run.body.runId },
      }))
        expect((await h.waitJob(r.jobId!, 30_000)).status).toBe('succeeded');
      return { scheduleId: created.body.id as string, guest: g };
    })());

  // One kill lands in four jobs at once (reboot, reset, suspend and a restore to a new guest), a
  // second one in the restore's start step: two worker restarts for five kill points.
  it('power reboot, reset, suspend and a restore to a new guest / one worker killed in all', async () => {
    const { guest: src } = await backedUpSchedule();
    const volid = (await h.ctx.http.get(`/api/vms/${src.id}/backups`).set(admin.auth)).body
      .archives[0].volid as string;
    const actions = ['reboot', 'reset', 'suspend'] as const;
    const gs = actions.map(() => qemu.shift()!);
    for (const g of gs) await put(g, 'running');
    const since = Math.floor(Date.now() / 1000) - 1;
    h.rt.faults.replyDelayMs = 5000;
    const power = await Promise.all(
      actions.map((action, i) =>
        accepted(h.ctx.http.post(`/api/vms/${gs[i].id}/control`).set(admin.auth).send({ action })),
      ),
    );
    const restored = await h.ctx.http
      .post(`/api/vms/${src.id}/backups/restore`)
      .set(admin.auth)
      .send({ volid, target: 'new', name: 'killrestore', start: true });
    expect(restored.status).toBe(202);
    const placeholder = restored.body.vmId as string;
    const newVmid = async () =>
      (await h.ctx.prisma.guest.findUniqueOrThrow({ where: { id: placeholder } })).vmid;
    const ofNew = (vmid: number, types: string[]) =>
      h.rt.state.tasks.filter(
        (t) => t.starttime >= since && types.includes(t.type) && t.id === String(vmid),
      );
    let vmid = 0;
    for (const end = Date.now() + 15_000; !vmid && Date.now() < end;)
      vmid = (await newVmid()) ?? (await new Promise((r) => setTimeout(r, 50)), 0);
    expect(vmid).toBeGreaterThan(0);
    await f.killWhen(
      () =>
        actions.every((a, i) => tasksOf(gs[i], guestTaskTypes('qemu', a), since).length > 0) &&
        ofNew(vmid, ['qmrestore']).length > 0,
    );
    await until('the restore to finish', () => Boolean(ofNew(vmid, ['qmrestore'])[0]?.exitstatus));
    h.rt.faults.replyDelayMs = 5000;
    await f.killWhen(() => ofNew(vmid, guestTaskTypes('qemu', 'start')).length > 0);

    for (const [i, action] of actions.entries()) {
      const job = await h.waitJob(power[i], 30_000);
      const tasks = tasksOf(gs[i], guestTaskTypes('qemu', action), since);
      expect([action, tasks.length, job.status]).toEqual([action, 1, 'succeeded']);
      expect(job.upid).toBe(tasks[0].upid);
      expect(await logOf(power[i])).toContain(
        `found the task started before the restart: ${tasks[0].upid}`,
      );
    }
    expect(sim(gs[0])?.status).toBe('running');
    expect(sim(gs[1])?.status).toBe('running');
    expect([sim(gs[2])?.status, sim(gs[2])?.qmpstatus]).toEqual(['running', 'paused']);
    const job = await h.waitJob(restored.body.job.id, 60_000);
    expect([job.status, job.error]).toEqual(['succeeded', null]);
    expect(ofNew(vmid, ['qmrestore'])).toHaveLength(1);
    expect(ofNew(vmid, guestTaskTypes('qemu', 'start'))).toHaveLength(1);
    expect(h.rt.state.guests.get(vmid)?.status).toBe('running');
    const row = await h.ctx.prisma.guest.findUniqueOrThrow({ where: { id: placeholder } });
    expect([row.activeVmid, row.status, row.name]).toEqual([vmid, 'running', 'killrestore']);
    const log = await logOf(restored.body.job.id);
    for (const t of [...ofNew(vmid, ['qmrestore']), ...ofNew(vmid, ['qmstart'])])
      expect(log).toContain(`found the task started before the restart: ${t.upid}`);
  }, 120_000);

  // Several kill points in one job (stop, then destroy) keep the suite short.
  const ORDER = ['restore', 'start', 'stop', 'destroy'] as const;
  it.each([[['restore']], [['start']], [['stop', 'destroy']]] as Array<
    [Array<(typeof ORDER)[number]>]
  >)(
    'restore test / worker killed at its %j step',
    async (steps) => {
      const { scheduleId } = await backedUpSchedule();
      const known = new Set(h.rt.state.tasks.map((t) => t.upid));
      const scratch = (types: string[]) =>
        h.rt.state.tasks.filter(
          (t) => !known.has(t.upid) && types.includes(t.type) && Number(t.id) >= SCRATCH_VMID_BASE,
        );
      const typesOf = (s: (typeof ORDER)[number]) =>
        s === 'restore' ? ['qmrestore'] : guestTaskTypes('qemu', s);
      const before = new Set(
        (await h.ctx.prisma.restoreTest.findMany({ where: { scheduleId } })).map((t) => t.id),
      );
      if (steps[0] === 'restore') h.rt.faults.replyDelayMs = 5000;
      const started = await h.ctx.http
        .post(`/api/backup-schedules/${scheduleId}/restore-tests`)
        .set(admin.auth);
      expect(started.status).toBe(202);
      expect(started.body).toEqual({ planned: 1, skipped: 0 });
      for (const step of steps) {
        // The earlier steps answer at once; from the step before the target on, 5 s late.
        if (step !== 'restore') {
          const prev = typesOf(ORDER[ORDER.indexOf(step) - 1]);
          await until('the step before to finish', () => Boolean(scratch(prev)[0]?.exitstatus));
          h.rt.faults.replyDelayMs = 5000;
        }
        await f.killWhen(() => scratch(typesOf(step)).length > 0);
      }

      const test = (await h.ctx.prisma.restoreTest.findMany({ where: { scheduleId } })).find(
        (t) => !before.has(t.id),
      )!;
      const job = await h.waitJob(test.jobId!, 60_000);
      expect(job.status).toBe('succeeded');
      for (const types of ORDER.map(typesOf))
        expect([types, scratch(types).length]).toEqual([types, 1]);
      const done = await h.ctx.prisma.restoreTest.findUniqueOrThrow({ where: { id: test.id } });
      expect(done).toMatchObject({ status: 'passed', error: null });
      expect(Number(scratch(['qmrestore'])[0].id)).toBe(done.scratchVmid);
      expect(h.rt.state.guests.has(done.scratchVmid!)).toBe(false);
      // A restore or start is followed after the restart. A stop or destroy (milliseconds at this
      // suite's speed) has ended by then: the job sees the copy stopped or gone and sends neither again (counts above).
      const log = await logOf(test.jobId!);
      for (const step of steps.filter((s) => s === 'restore' || s === 'start'))
        expect(log).toContain(
          `found the task started before the restart: ${scratch(typesOf(step))[0].upid}`,
        );
    },
    90_000,
  );
});
