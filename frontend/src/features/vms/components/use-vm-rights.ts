import type { VmRight } from '@multpanel/contracts';
import { useAuthorization } from '@/lib/authorization';
import { perm } from '@/lib/permission-keys';
import type { VmDetail } from '../api/types';

const RIGHT_PERMISSION: Record<VmRight, string> = {
  view: perm.vmsRead,
  console: perm.vmsConsole,
  power: perm.vmsPower,
  snapshot: perm.vmsSnapshot,
  backup: perm.vmsBackup,
  edit: perm.vmsUpdate,
};

export interface VmAbilities {
  can: (right: VmRight) => boolean;
  canDelete: boolean;
}

/**
 * What the caller may do on this guest: the role's permission *and* the guest's `rights` (per-VM
 * grants narrow a `user`; staff get every right). The API enforces the same; this only hides buttons.
 */
export function useVmAbilities(vm: Pick<VmDetail, 'rights'> | undefined): VmAbilities {
  const authz = useAuthorization();
  const can = (right: VmRight) =>
    authz.has(RIGHT_PERMISSION[right]) && (!vm?.rights || vm.rights.includes(right));
  return { can, canDelete: authz.has(perm.vmsDelete) && can('edit') };
}
