import type { VmDetail } from '../api/types';

/** An i18n key and its values, or null when the action is allowed. */
export type Blocker = { key: string; values?: Record<string, string> } | null;

interface Who {
  role: string | null;
  canEdit: boolean;
}

/** What any change of placement or kind needs: a staff or company-admin caller, the edit right, a reachable unlocked guest. */
function common(vm: VmDetail, who: Who): Blocker {
  // Users with per-VM grants may edit a guest's settings but never move or convert it (API rule).
  if (who.role === 'user') return { key: 'vms.lifecycle.adminsOnly' };
  if (!who.canEdit) return { key: 'vms.lifecycle.noRight' };
  if (vm.clusterStatus === 'offline')
    return { key: 'vms.lifecycle.clusterOffline', values: { cluster: vm.clusterName } };
  if (vm.lock && vm.lock !== 'suspended')
    return { key: 'vms.lifecycle.locked', values: { lock: vm.lock } };
  return null;
}

/** Why "Migrate" is disabled now, or null. */
export function migrateBlocker(vm: VmDetail, who: Who): Blocker {
  const blocked = common(vm, who);
  if (blocked) return blocked;
  if (vm.status !== 'running' && vm.status !== 'stopped')
    return { key: 'vms.lifecycle.badState', values: { status: vm.status } };
  return null;
}

/** Why "Convert to template" is disabled now, or null (templates do not show the button). */
export function templateBlocker(vm: VmDetail, who: Who): Blocker {
  const blocked = common(vm, who);
  if (blocked) return blocked;
  if (vm.status === 'running' || vm.status === 'paused') return { key: 'vms.lifecycle.stopFirst' };
  if (vm.status !== 'stopped')
    return { key: 'vms.lifecycle.badState', values: { status: vm.status } };
  return null;
}
