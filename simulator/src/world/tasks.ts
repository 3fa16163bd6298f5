import type { ClusterState, Guest, Task } from './types';

const MAX_TASKS = 5000;

export interface TaskOptions {
  node: string;
  type: string;
  id?: string | number;
  user: string;
  /** guest to lock while the task runs, and the lock name */
  lock?: { guest: Guest; name: string };
  durationMs?: number;
  /** runs when the simulated time is over; throw to fail the task; return extra log lines */
  work?: (log: (line: string) => void) => void | Promise<void>;
  /** runs at task start (inside the worker in PVE): throwing fails the task at once, no lock taken */
  check?: () => void;
  /** log line for a progress percentage, written at 20/40/60/80 % of the duration */
  progress?: (pct: number) => string;
  /** always runs when the task ends (success, failure or injected fault) */
  cleanup?: () => void;
  /** first log lines written immediately */
  preamble?: string[];
}

export interface TaskHooks {
  speed: () => number;
  /** returns true when the fault injector wants this task to fail */
  takeFailure: () => boolean;
  changed: () => void;
}

const hex = (n: number, w = 8) => n.toString(16).toUpperCase().padStart(w, '0');

export function parseUpid(upid: string):
  | {
      node: string;
      pid: number;
      pstart: number;
      starttime: number;
      type: string;
      id: string;
      user: string;
    }
  | undefined {
  const m =
    /^UPID:([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?):([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8,9}):([0-9A-Fa-f]{8}):([^:\s]+):([^:\s]*):([^:\s]+):$/.exec(
      upid,
    );
  if (!m) return undefined;
  return {
    node: m[1],
    pid: parseInt(m[3], 16),
    pstart: parseInt(m[4], 16),
    starttime: parseInt(m[5], 16),
    type: m[6],
    id: m[7],
    user: m[8],
  };
}

export class TaskManager {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly byUpid = new Map<string, Task>();

  constructor(
    private readonly cluster: ClusterState,
    private readonly hooks: TaskHooks,
  ) {
    for (const t of cluster.tasks) this.byUpid.set(t.upid, t);
  }

  get(upid: string): Task | undefined {
    return this.byUpid.get(upid);
  }

  start(o: TaskOptions): Task {
    const c = this.cluster;
    const pid = c.nextPid++;
    const now = Date.now();
    const starttime = Math.floor(now / 1000);
    const pstart = Math.floor((now % 1e9) / 10);
    const id = o.id === undefined ? '' : String(o.id);
    const upid = `UPID:${o.node}:${hex(pid)}:${hex(pstart)}:${hex(starttime)}:${o.type}:${id}:${o.user}:`;
    const task: Task = {
      upid,
      node: o.node,
      pid,
      pstart,
      starttime,
      type: o.type,
      id,
      user: o.user,
      status: 'running',
      log: [...(o.preamble ?? [])],
    };
    c.tasks.push(task);
    this.byUpid.set(upid, task);
    if (c.tasks.length > MAX_TASKS) {
      const gone = c.tasks.splice(0, c.tasks.length - MAX_TASKS);
      for (const t of gone) this.byUpid.delete(t.upid);
    }
    let failed: unknown;
    try {
      o.check?.();
    } catch (e) {
      failed = e;
    }
    if (failed !== undefined) {
      o = {
        ...o,
        lock: undefined,
        durationMs: 30,
        work: () => {
          throw failed;
        },
      };
    } else if (o.lock) o.lock.guest.lock = o.lock.name;
    const ms = Math.max(0, Math.round((o.durationMs ?? 800) * this.hooks.speed()));
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.finish(task, o);
    }, ms);
    timer.unref?.();
    this.timers.add(timer);
    // intermediate progress lines so pollers (progress bars) see the task advance
    if (o.progress && failed === undefined) {
      const line = o.progress;
      for (const pct of [20, 40, 60, 80]) {
        const t = setTimeout(
          () => {
            this.timers.delete(t);
            if (task.status === 'running') task.log.push(line(pct));
          },
          (ms * pct) / 100,
        );
        t.unref?.();
        this.timers.add(t);
      }
    }
    this.hooks.changed();
    return task;
  }

  private async finish(task: Task, o: TaskOptions): Promise<void> {
    if (task.status !== 'running') return;
    const log = (line: string) => task.log.push(line);
    try {
      if (this.hooks.takeFailure())
        throw new Error('simulated failure (injected by /_sim/fail-tasks)');
      await o.work?.(log);
      task.exitstatus = 'OK';
      log('TASK OK');
    } catch (e) {
      const msg = (e instanceof Error ? e.message : String(e)).trim();
      log(msg);
      task.exitstatus = msg;
      log(`TASK ERROR: ${msg}`);
    } finally {
      o.cleanup?.();
      if (o.lock && o.lock.guest.lock === o.lock.name) delete o.lock.guest.lock;
      task.status = 'stopped';
      task.endtime = Math.max(task.starttime, Math.floor(Date.now() / 1000));
      this.hooks.changed();
    }
  }

  stop(task: Task): void {
    if (task.status !== 'running') return;
    task.log.push('received interrupt');
    task.exitstatus = 'interrupted by signal';
    task.log.push('TASK ERROR: interrupted by signal');
    task.status = 'stopped';
    task.endtime = Math.floor(Date.now() / 1000);
    // release a guest lock held by this task
    for (const g of this.cluster.guests.values())
      if (String(g.vmid) === task.id && g.lock) delete g.lock;
    this.hooks.changed();
  }

  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
