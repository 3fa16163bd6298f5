/** A parsed Proxmox task id: `UPID:<node>:<pid>:<pstart>:<starttime>:<type>:<id>:<user>:`. */
export interface Upid {
  raw: string;
  node: string;
  pid: number;
  pstart: number;
  startTime: Date;
  type: string;
  id: string;
  user: string;
}

const UPID_RE =
  /^UPID:([a-zA-Z0-9][a-zA-Z0-9.-]*):([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8,9}):([0-9A-Fa-f]{8}):([^:\s]+):([^:\s]*):([^:\s]+):$/;

export function isUpid(value: unknown): value is string {
  return typeof value === 'string' && UPID_RE.test(value);
}

export function parseUpid(raw: string): Upid {
  const m = UPID_RE.exec(raw);
  if (!m) throw new Error(`Not a Proxmox task id: ${raw.slice(0, 80)}`);
  return {
    raw,
    node: m[1],
    pid: parseInt(m[2], 16),
    pstart: parseInt(m[3], 16),
    startTime: new Date(parseInt(m[4], 16) * 1000),
    type: m[5],
    id: m[6],
    user: m[7],
  };
}

export type GuestTaskOp =
  | 'start'
  | 'stop'
  | 'shutdown'
  | 'reboot'
  | 'reset'
  | 'suspend'
  | 'resume'
  | 'destroy'
  | 'resize'
  | 'snapshot'
  | 'delsnapshot'
  | 'rollback'
  | 'migrate'
  | 'template'
  | 'clone'
  | 'create';

/**
 * The UPID types Proxmox gives a guest operation's task (`UPID:…:<type>:<vmid>:…`), for finding a
 * task by what it does. Suspend is `qmpause` in RAM and `qmsuspend` to disk; disk resize is
 * `resize` for both kinds.
 */
export function guestTaskTypes(kind: 'qemu' | 'lxc', op: GuestTaskOp): string[] {
  if (op === 'resize') return ['resize'];
  if (kind === 'lxc') return [op === 'migrate' ? 'vzmigrate' : `vz${op}`];
  if (op === 'suspend') return ['qmpause', 'qmsuspend'];
  return [op === 'migrate' ? 'qmigrate' : `qm${op}`];
}
