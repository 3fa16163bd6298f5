import { createHash } from 'node:crypto';
import type { AuthContext } from './auth/acl';
import { TicketSigner, hashSecret } from './auth/tickets';
import { PveError } from './errors';
import { ApplianceHost } from './appliances/opnsense-vm';
import { TaskManager, type TaskOptions } from './world/tasks';
import type { ClusterState, Config, Guest, GuestType, NodeState, Task } from './world/types';
import type { ConsoleServiceLike } from './console-bridge';

export interface Faults {
  /** extra latency per API request, ms */
  latencyMs: number;
  /** share of API requests answered with 500 (0..1) */
  errorRate: number;
  /** the next N tasks end with an error */
  failTasks: number;
  /** multiplier on simulated task durations (0 = instant) */
  speed: number;
  /** extra delay, ms, before answering a write (POST/PUT/DELETE) that has already taken effect */
  replyDelayMs: number;
  /** the next N writes take effect, then their connection is reset before the answer (a lost reply) */
  lostReplies: number;
  /** the next N writes answer 500 without taking effect (the request failed before Proxmox acted) */
  failedWrites: number;
}

export class ClusterRuntime {
  readonly tasks: TaskManager;
  readonly faults: Faults;
  /** appliances running inside VMs (an OPNsense booted from its config disk) */
  readonly appliances = new ApplianceHost();
  console?: ConsoleServiceLike;
  port = 0;
  /** Every cluster of this simulator (itself included): datastores they share show the same backups. */
  peers: ClusterRuntime[] = [];

  constructor(
    readonly state: ClusterState,
    readonly signer: TicketSigner,
    readonly rootPassword: string,
    faults: Partial<Faults>,
    private readonly onChange: () => void,
    readonly fingerprint: () => string,
    readonly certPem: () => string = () => '',
  ) {
    this.faults = {
      latencyMs: 0,
      errorRate: 0,
      failTasks: 0,
      speed: 1,
      replyDelayMs: 0,
      lostReplies: 0,
      failedWrites: 0,
      ...faults,
    };
    this.tasks = new TaskManager(state, {
      speed: () => this.faults.speed,
      takeFailure: () => {
        if (this.faults.failTasks <= 0) return false;
        this.faults.failTasks--;
        return true;
      },
      changed: () => this.changed(),
    });
  }

  /** bumped on every mutation so cached views (e.g. /cluster/resources rows) can be reused safely */
  version = 0;

  changed(): void {
    this.version++;
    this.onChange();
  }

  checkPassword(userid: string, password: string): boolean {
    if (userid === 'root@pam') return password === this.rootPassword;
    const u = this.state.users[userid];
    if (!u || !u.enable || !u.password) return false;
    if (u.expire && u.expire < Date.now() / 1000) return false;
    return u.password === hashSecret(password);
  }

  node(name: string): NodeState {
    const n = this.state.nodes.find((x) => x.name === name);
    if (!n)
      throw new PveError(
        500,
        `hostname lookup '${name}' failed - failed to get address info for: ${name}: Name or service not known`,
      );
    if (!n.online) throw new PveError(595, `No route to host`);
    return n;
  }

  /** Look up a guest the way qemu-server does: the config must live on the named node. */
  guest(node: string, vmid: number | string, type?: GuestType): Guest {
    const g = this.state.guests.get(Number(vmid));
    const dir = type === 'lxc' ? 'lxc' : 'qemu-server';
    if (!g || g.node !== node || (type && g.type !== type))
      throw new PveError(
        500,
        `Configuration file 'nodes/${node}/${dir}/${vmid}.conf' does not exist`,
      );
    return g;
  }

  checkLock(g: Guest, skiplock?: number): void {
    if (g.lock && !skiplock) throw new PveError(500, `VM is locked (${g.lock})`);
  }

  task(auth: AuthContext, o: Omit<TaskOptions, 'user'>): string {
    return this.tasks.start({ ...o, user: auth.authid }).upid;
  }

  findTask(upid: string): Task | undefined {
    return this.tasks.get(upid);
  }
}

export function configDigest(g: Guest): string {
  if (!g.digest) {
    const body = Object.keys(g.config)
      .sort()
      .map((k) => `${k}: ${g.config[k]}`)
      .join('\n');
    const pend = Object.keys(g.pending)
      .sort()
      .map((k) => `${k}: ${g.pending[k]}`)
      .join('\n');
    g.digest = createHash('sha1')
      .update(`${body}\n[PENDING]\n${pend}\n${g.pendingDelete.join(',')}`)
      .digest('hex');
  }
  return g.digest;
}

export function touch(g: Guest): void {
  delete g.digest;
}

export function setConfig(g: Guest, patch: Config, del: string[] = []): void {
  for (const [k, v] of Object.entries(patch)) g.config[k] = v;
  for (const k of del) delete g.config[k];
  touch(g);
}
