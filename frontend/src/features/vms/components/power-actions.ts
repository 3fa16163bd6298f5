import type { PowerAction, VmStatus } from '../api/types';

/** Which power actions make sense in a status (the rest are hidden, not just disabled). */
export function availablePowerActions(status: VmStatus, kind: 'qemu' | 'lxc'): PowerAction[] {
  switch (status) {
    case 'running':
      return kind === 'qemu'
        ? ['shutdown', 'reboot', 'stop', 'reset', 'suspend']
        : ['shutdown', 'reboot', 'stop'];
    case 'stopped':
      return ['start'];
    case 'paused':
    case 'suspended':
      return ['resume', 'stop'];
    default:
      return ['start', 'stop'];
  }
}

/** Starting or resuming harms nothing; everything else interrupts someone and is confirmed first. */
export const needsConfirm = (action: PowerAction): boolean =>
  action !== 'start' && action !== 'resume';
