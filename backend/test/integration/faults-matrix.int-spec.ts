import { guestTaskTypes, type GuestTaskOp } from '../../src/common/proxmox/upid';
import { BackupsModule } from '../../src/modules/backups/backups.module';
import { EsxiModule } from '../../src/modules/esxi/esxi.module';
import { ClusterHealthService } from '../../src/modules/clusters/cluster-health.service';
import type { Guest } from '../../src/generated/prisma/client';
import type { LoggedIn } from '../helpers/test-context';
import { FaultsHarness } from './faults-harness';
import type { VmsHarness } from './vms-harness';

/**
 * The proof matrix of issue 15: every task-starting VM operation × every fault that used to make a
 * job act twice or report the opposite of what happened. Each cell checks that Proxmox ran at most
 * one task for the action (exactly one when the request was accepted), and that the job's final
 * state is the one Proxmox reached. Worker, MariaDB, Redis and the simulator are real.
 */

interface Operation {
  name: string;
  op: GuestTaskOp;
  /** The guest's power state before the action. */
  from: 'running' | 'stopped';
  /** Makes the precondition (without faults), e.g. a snapshot to roll back to. */
  prep?: (g: Guest) => Promise<void>;
  send: (g: Guest) => Promise<string>;
  /** Whether Proxmox shows the action done. */
  reached: (g: Guest) => boolean;
  /** Task types when not the guest operation's (e.g. `vzdump`). */
  types?: string[];
  /** Only these faults (by `Fault.key`): the later task types get the one kill point each. */
  faults?: string[];
  /** The faulted task is an earlier step's: the job's own UPID ends as a later step's task. */
  earlierStep?: boolean;
}

interface Fault {
  key: string;
  name: string;
  /** Sends the action under the fault; returns the job id. */
  run: (
    send: () => Promise<string>,
    vmid: number,
    types: string[],
    since: number,
    /** Whether Proxmox started the task (default: a task of `types` for `vmid` since `since`). */
    started?: () => boolean,
  ) => Promise<string>;
  /** Whether the request is known to have reached Proxmox (then exactly one task must exist). */
  accepted: boolean;
}

describe('faults × operations: one task per action, the job says what Proxmox did', () => {
  let f: FaultsHarness;
  let h: VmsHarness;
  let admin: LoggedIn;
  let pool: Guest[];
  const results: string[] = [];

  const sim = (g: Guest) => f.sim(g);
  /** Tasks that existed before a cell's action (its preparation's): never the action's. */
  let known = new Set<string>();
  const tasksOf = (vmid: number, types: string[], since: number) =>
    h.rt.state.tasks.filter(
      (t) =>
        t.id === String(vmid) &&
        types.includes(t.type) &&
        t.starttime >= since &&
        !known.has(t.upid),
    );
  const accepted = (req: Parameters<FaultsHarness['accepted']>[0]) => f.accepted(req);
  const post = (path: string, body: object) => f.post(path, body);
  const snapshotNamed = (g: Guest, name: string) =>
    Boolean(sim(g)?.snapshots.some((s) => s.name === name));
  const withSnapshot = async (g: Guest) => {
    const id = await post(`/api/vms/${g.id}/snapshots`, { name: 'matrix' });
    expect((await h.waitJob(id, 30_000)).status).toBe('succeeded');
  };
  /** The size of the guest's first disk on Proxmox, in GiB. */
  const diskGb = (g: Guest) =>
    Number(/size=(\d+)G/.exec(String(sim(g)?.config.scsi0 ?? ''))?.[1] ?? 0);
  const resizedFrom = new Map<string, number>();
  /** The archive each restore cell restores (made by its prep). */
  const archives = new Map<string, string>();
  const restoreInPlace = (g: Guest, more: object = {}) =>
    accepted(
      h.ctx.http
        .post(`/api/vms/${g.id}/backups/restore`)
        .set(admin.auth)
        .send({
          volid: archives.get(g.id),
          target: 'in-place',
          confirm: g.name ?? String(g.vmid),
          ...more,
        }),
    );
  /** A backup of the guest to restore (its archive in `archives`). */
  const withArchive = async (g: Guest) => {
    const id = await accepted(h.ctx.http.post(`/api/vms/${g.id}/backups`).set(admin.auth).send({}));
    expect((await h.waitJob(id, 30_000)).status).toBe('succeeded');
    const list = await h.ctx.http.get(`/api/vms/${g.id}/backups`).set(admin.auth);
    archives.set(g.id, list.body.archives[0].volid as string);
  };
  const otherNode = (g: Guest) => h.rt.state.nodes.find((n) => n.name !== sim(g)!.node)!.name;

  const OPERATIONS: Operation[] = [
    {
      name: 'start',
      op: 'start',
      // Power jobs under 50 % errors: faults.int-spec.ts runs six at once.
      faults: ['kill', 'lost'],
      from: 'stopped',
      send: (g) => post(`/api/vms/${g.id}/control`, { action: 'start' }),
      reached: (g) => sim(g)?.status === 'running',
    },
    {
      name: 'stop',
      op: 'stop',
      // Power jobs under 50 % errors: faults.int-spec.ts runs six at once.
      faults: ['kill', 'lost'],
      from: 'running',
      send: (g) => post(`/api/vms/${g.id}/control`, { action: 'stop' }),
      reached: (g) => sim(g)?.status === 'stopped',
    },
    {
      name: 'shutdown',
      op: 'shutdown',
      // Power jobs under 50 % errors: faults.int-spec.ts runs six at once.
      faults: ['kill', 'lost'],
      from: 'running',
      send: (g) => post(`/api/vms/${g.id}/control`, { action: 'shutdown' }),
      reached: (g) => sim(g)?.status === 'stopped',
    },
    {
      name: 'snapshot',
      op: 'snapshot',
      from: 'stopped',
      send: (g) => post(`/api/vms/${g.id}/snapshots`, { name: 'matrix' }),
      reached: (g) => snapshotNamed(g, 'matrix'),
    },
    {
      name: 'rollback',
      op: 'rollback',
      // Under 50 % errors it follows its task as snapshot, migrate and delete do (same runner path).
      faults: ['kill', 'lost'],
      from: 'stopped',
      prep: withSnapshot,
      send: (g) => post(`/api/vms/${g.id}/snapshots/matrix/rollback`, {}),
      // A rollback leaves the snapshot; Proxmox's log is the proof it ran (checked via the task).
      reached: (g) => snapshotNamed(g, 'matrix'),
    },
    {
      name: 'delete snapshot',
      op: 'delsnapshot',
      // Under 50 % errors it follows its task as snapshot, migrate and delete do (same runner path).
      faults: ['kill', 'lost'],
      from: 'stopped',
      prep: withSnapshot,
      send: (g) => accepted(h.ctx.http.delete(`/api/vms/${g.id}/snapshots/matrix`).set(admin.auth)),
      reached: (g) => !snapshotNamed(g, 'matrix'),
    },
    {
      name: 'migrate',
      op: 'migrate',
      from: 'stopped',
      // Migrate is staff-only (vm.migrate): the super admin sends it.
      send: (g) =>
        accepted(
          h.ctx.http
            .post(`/api/vms/${g.id}/migrate`)
            .set(h.admin.auth)
            .send({ targetNode: otherNode(g), online: false }),
        ),
      reached: (g) => sim(g)?.node !== g.node,
    },
    {
      name: 'template',
      op: 'template',
      // Under 50 % errors it follows its task as snapshot, migrate and delete do (same runner path).
      faults: ['kill', 'lost'],
      from: 'stopped',
      send: (g) => post(`/api/vms/${g.id}/template`, {}),
      reached: (g) => Number(sim(g)?.config.template) === 1,
    },
    {
      name: 'delete',
      op: 'destroy',
      from: 'stopped',
      send: (g) =>
        accepted(
          h.ctx.http
            .delete(`/api/vms/${g.id}`)
            .query({ confirm: g.name ?? String(g.vmid) })
            .set(admin.auth),
        ),
      reached: (g) => sim(g) === undefined,
    },
    {
      name: 'resize',
      op: 'resize',
      from: 'stopped',
      faults: ['kill'],
      send: (g) =>
        accepted(
          h.ctx.http
            .put(`/api/vms/${g.id}`)
            .set(admin.auth)
            .send({ disk: { disk: 'scsi0', sizeGb: diskGb(g) + 8 } }),
        ),
      reached: (g) => diskGb(g) === (resizedFrom.get(g.id) ?? 0) + 8,
    },
    {
      name: 'backup',
      op: 'start', // not used: `types` names the task
      types: ['vzdump'],
      from: 'stopped',
      faults: ['kill'],
      send: (g) => accepted(h.ctx.http.post(`/api/vms/${g.id}/backups`).set(admin.auth).send({})),
      reached: (g) =>
        h.rt.state.tasks.some((t) => t.type === 'vzdump' && t.id === String(g.activeVmid)),
    },
    {
      name: 'restore in place',
      op: 'start', // not used: `types` names the task
      types: ['qmrestore'],
      from: 'stopped',
      faults: ['kill'],
      // An earlier restore of the guest is the dedicated test's (`the request failed before ...`).
      prep: withArchive,
      send: (g) => restoreInPlace(g),
      reached: (g) =>
        h.rt.state.tasks.some(
          (t) => t.type === 'qmrestore' && t.id === String(g.activeVmid) && t.exitstatus === 'OK',
        ),
    },
    // Later step boundaries of multi-step jobs: the kill lands in a step after the first.
    {
      name: 'delete a running guest, at its stop step',
      op: 'stop',
      from: 'running',
      faults: ['kill'],
      earlierStep: true,
      send: (g) =>
        accepted(
          h.ctx.http
            .delete(`/api/vms/${g.id}`)
            .query({ confirm: g.name ?? String(g.vmid) })
            .set(admin.auth),
        ),
      reached: (g) => sim(g) === undefined,
    },
    {
      name: 'restore in place and start, at its start step',
      op: 'start',
      from: 'stopped',
      faults: ['kill'],
      prep: withArchive,
      send: (g) => restoreInPlace(g, { start: true }),
      reached: (g) =>
        sim(g)?.status === 'running' &&
        h.rt.state.tasks.some(
          (t) => t.type === 'qmrestore' && t.id === String(g.activeVmid) && t.exitstatus === 'OK',
        ),
    },
  ];

  const FAULTS: Fault[] = [
    {
      key: 'kill',
      name: 'worker killed between Proxmox accepting the request and the task id being saved',
      accepted: true,
      run: (send, vmid, types, since, started = () => tasksOf(vmid, types, since).length > 0) =>
        f.killedAfterAccept(send, started),
    },
    {
      key: 'lost',
      name: 'the answer to the request lost',
      accepted: true,
      async run(send) {
        h.rt.faults.lostReplies = 1;
        return send();
      },
    },
    {
      key: 'errors',
      name: 'Proxmox failing half its requests',
      accepted: false,
      async run(send) {
        const id = await send();
        h.rt.faults.speed = 0.5; // tasks run long enough for several status reads to meet faults
        h.rt.faults.errorRate = 0.5;
        return id;
      },
    },
  ];

  beforeAll(async () => {
    f = await FaultsHarness.start({
      nodes: 2,
      guests: 60,
      kind: 'qemu',
      modules: [EsxiModule],
      workerModules: [BackupsModule.forWorker(), EsxiModule.forWorker()],
    });
    ({ h, admin } = f);
    pool = [...f.guests];
    expect(pool.length).toBeGreaterThanOrEqual(cells.length + 1);
  }, 120_000);
  afterEach(() => f?.reset());
  afterAll(async () => {
    // The figures for the note, one line per cell.
    process.stdout.write(`\nfault matrix:\n${results.join('\n')}\n`);
    await f?.close();
    expect(h.contract.violations).toEqual([]);
  });

  const cells = FAULTS.flatMap((fault) =>
    OPERATIONS.filter((o) => !o.faults || o.faults.includes(fault.key)).map((operation) => ({
      fault,
      operation,
    })),
  );
  it.each(cells.map((c) => [c.operation.name, c.fault.name, c]))(
    '%s / %s',
    async (_op, _fault, { fault, operation }) => {
      const g = pool.shift()!;
      await f.put(g, operation.from);
      await operation.prep?.(g);
      resizedFrom.set(g.id, diskGb(g));
      const types = operation.types ?? guestTaskTypes(g.kind, operation.op);
      const since = Math.floor(Date.now() / 1000) - 1;
      known = new Set(h.rt.state.tasks.map((t) => t.upid));

      const jobId = await fault.run(() => operation.send(g), g.activeVmid!, types, since);
      const job = await h.waitJob(jobId, 90_000);
      h.rt.faults.errorRate = 0;

      const tasks = tasksOf(g.activeVmid!, types, since);
      const ran = tasks.some((t) => t.exitstatus === 'OK');
      results.push(
        `${operation.name} | ${fault.name} | tasks ${tasks.length} | job ${job.status} | ` +
          `proxmox ${ran ? 'done' : 'not done'}`,
      );
      if (job.status !== (ran ? 'succeeded' : 'failed')) {
        // A misreport: the job's own account, for the note (the harness drops its database).
        const log = await h.ctx.prisma.jobLog.findMany({
          where: { jobId },
          orderBy: { id: 'asc' },
        });
        results.push(`  ${job.error ?? ''}\n  ${log.map((l) => l.line).join('\n  ')}`);
      }
      // Never two tasks for one action.
      expect(tasks.length).toBeLessThanOrEqual(1);
      if (fault.accepted) expect(tasks).toHaveLength(1);
      // The job reports what Proxmox did, and Proxmox's guest shows it.
      expect(job.status).toBe(ran ? 'succeeded' : 'failed');
      if (ran) {
        if (operation.earlierStep) {
          const log = await h.ctx.prisma.jobLog.findMany({ where: { jobId } });
          expect(log.map((l) => l.line)).toContain(
            `found the task started before the restart: ${tasks[0].upid}`,
          );
        } else expect(job.upid).toBe(tasks[0].upid);
        expect(operation.reached(g)).toBe(true);
      }
    },
    150_000,
  );

  // An import makes a new guest (its VMID is reserved by the job): the same kill point, on its own.
  it('import / worker killed between Proxmox accepting the request and the task id being saved', async () => {
    const { source, vm } = await f.esxiVm('esx-matrix.test', 'imp01', '00:50:56:aa:01:01');
    const node = h.rt.state.nodes[0].name;
    const since = Math.floor(Date.now() / 1000) - 1;
    const creates = () =>
      h.rt.state.tasks.filter((t) => t.type === 'qmcreate' && t.starttime >= since);
    const jobId = await FAULTS[0].run(
      () =>
        accepted(
          h.ctx.http
            .post(`/api/esxi-sources/${source.id}/vms/${vm.id}/import`)
            .set(h.admin.auth)
            .send({
              clusterId: h.clusterId,
              node,
              storage: 'local-lvm',
              networks: [{ bridge: 'vmbr0' }],
            }),
        ),
      -1,
      [],
      since,
      () => creates().length > 0,
    );
    const job = await h.waitJob(jobId, 90_000);
    const tasks = creates();
    results.push(
      `import | ${FAULTS[0].name} | tasks ${tasks.length} | job ${job.status} | ` +
        `proxmox ${tasks.some((t) => t.exitstatus === 'OK') ? 'done' : 'not done'}`,
    );
    expect(tasks).toHaveLength(1);
    expect(job.status).toBe('succeeded');
    expect(job.upid).toBe(tasks[0].upid);
    expect(h.rt.state.guests.get(Number(tasks[0].id))?.config.name).toBeDefined();
  }, 120_000);

  // A restore's own task finder (`adopt`) returns the guest's newest restore task, whoever started it.
  // When the restore request failed before Proxmox acted, the runner's guards must keep the job from
  // taking an earlier restore for its own (and reporting a restore that never ran): a task older than
  // the step's marker, or one another job follows, is not this step's.
  it('restore / the request failed before Proxmox acted: an earlier restore of the guest is never taken for the job’s', async () => {
    const g = pool.shift()!;
    await f.put(g, 'stopped');
    const sg = sim(g)!;
    await withArchive(g);
    const restores = () =>
      h.rt.state.tasks.filter((t) => t.type === 'qmrestore' && t.id === String(g.activeVmid));
    const restoreFailingOnce = async () => {
      const before = new Set(restores().map((t) => t.upid));
      h.rt.faults.failedWrites = 1; // the job's first write is the restore request: it fails, undone
      const jobId = await restoreInPlace(g);
      const job = await h.waitJob(jobId, 60_000);
      expect(h.rt.faults.failedWrites).toBe(0);
      const log = await h.ctx.prisma.jobLog.findMany({ where: { jobId }, orderBy: { id: 'asc' } });
      return {
        job,
        tasks: restores().filter((t) => !before.has(t.upid)),
        resent: log.some((l) => /^restore: .*no task started, sending again$/.test(l.line)),
      };
    };

    // 1. A restore someone ran on Proxmox itself a minute ago (no job follows it): older than the
    //    step's marker. Without the age guard the job would follow it and never restore.
    const at = Math.floor(Date.now() / 1000) - 60;
    const hex = (n: number) => n.toString(16).toUpperCase().padStart(8, '0');
    h.rt.state.tasks.push({
      upid: `UPID:${sg.node}:${hex(4242)}:${hex(at % 1e6)}:${hex(at)}:qmrestore:${g.activeVmid}:root@pam:`,
      node: sg.node,
      pid: 4242,
      pstart: at % 1e6,
      starttime: at,
      type: 'qmrestore',
      id: String(g.activeVmid),
      user: 'root@pam',
      status: 'stopped',
      exitstatus: 'OK',
      endtime: at + 20,
      log: ['TASK OK'],
    });
    const first = await restoreFailingOnce();
    results.push(
      `restore | request failed, a restore from outside a minute earlier | tasks ${first.tasks.length} | job ${first.job.status}`,
    );
    expect(first.resent).toBe(true);
    expect(first.tasks).toHaveLength(1);
    expect(first.job).toMatchObject({ status: 'succeeded', upid: first.tasks[0].upid });

    // 2. The restore the previous job ran seconds ago (inside the marker's clock-skew allowance):
    //    that job follows it. Without the other-job guard this job would take it over.
    const second = await restoreFailingOnce();
    results.push(
      `restore | request failed, another job's restore seconds earlier | tasks ${second.tasks.length} | job ${second.job.status}`,
    );
    expect(second.resent).toBe(true);
    expect(second.tasks).toHaveLength(1);
    expect(second.job).toMatchObject({ status: 'succeeded', upid: second.tasks[0].upid });
    // The earlier task lay inside the marker's allowance, where only the other-job guard stops it.
    expect(second.tasks[0].starttime - first.tasks[0].starttime).toBeLessThan(10);
  }, 120_000);

  it('with half of Proxmox’s requests failing, the cluster is degraded (never offline), the API never answers 500, and it comes back', async () => {
    const health = h.ctx.app.get(ClusterHealthService);
    const guest = await h.ctx.prisma.guest.findFirstOrThrow({
      where: { clusterId: h.clusterId, companyId: { not: null }, goneAt: null, template: false },
    });
    const routes = [
      '/api/vms',
      `/api/vms/${guest.id}`,
      `/api/vms/${guest.id}/snapshots`,
      `/api/media?clusterId=${h.clusterId}`,
    ];
    h.rt.faults.errorRate = 0.5;
    const statuses: string[] = [];
    const answers: Record<string, number[]> = {};
    for (let i = 0; i < 8; i++) {
      statuses.push((await health.check(h.clusterId))!.status);
      for (const path of routes) {
        const res = await h.ctx.http.get(path).set(admin.auth);
        (answers[path] ??= []).push(res.status);
      }
    }
    h.rt.faults.errorRate = 0;
    results.push(
      `health under 50 % errors: ${statuses.join(' ')}; answers ${JSON.stringify(answers)}`,
    );
    expect(statuses).not.toContain('offline');
    expect(statuses).toContain('degraded');
    expect(
      Object.values(answers)
        .flat()
        .filter((s) => s === 500),
    ).toEqual([]);
    // Nothing but errors through the check's patience: offline.
    h.rt.faults.errorRate = 1;
    expect((await health.check(h.clusterId))!.status).toBe('offline');
    h.rt.faults.errorRate = 0;
    expect((await health.check(h.clusterId))!.status).toBe('online');
  }, 120_000);
});
