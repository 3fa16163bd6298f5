// What faults leave behind on Proxmox (issue 15), shown to the MSP staff with a clean-up action:
// guest locks no running task holds any more, and guests a failed create left (`vm.remove-leftover`).

/** `stale`: no task on the node runs for the guest; `task-running`: its lock is in use; `unknown`: the node did not answer. */
export type GuestLockState = 'stale' | 'task-running' | 'unknown';

export interface GuestLockView {
  guestId: string;
  clusterId: string;
  clusterName: string;
  node: string;
  vmid: number;
  kind: 'qemu' | 'lxc';
  name: string | null;
  lock: string;
  companyId: string | null;
  state: GuestLockState;
  /** The running task's type, when `state` is `task-running`. */
  task: string | null;
}

export type LeftoverState = 'waiting' | 'delayed' | 'active' | 'failed';

export interface LeftoverView {
  clusterId: string;
  clusterName: string | null;
  vmid: number;
  kind: 'qemu' | 'lxc';
  name: string;
  state: LeftoverState;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  /** When the next automatic try runs (`delayed` only). */
  nextTryAt: string | null;
}

export interface LeftoversOverview {
  locks: GuestLockView[];
  leftovers: LeftoverView[];
}

export interface UnlockResult {
  guestId: string;
  /** The lock that was removed. */
  removed: string;
}

/** A removal run again at once (`was`: the state it was in). */
export interface LeftoverRetried {
  clusterId: string;
  vmid: number;
  was: 'delayed' | 'failed';
}
