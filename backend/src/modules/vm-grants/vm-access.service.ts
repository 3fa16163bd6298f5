import { Injectable } from '@nestjs/common';
import { Permission, VM_RIGHTS, type VmRight } from '@multpanel/contracts';
import type { Principal, Scope } from '../../common/auth/scope';
import { AppError, notFound } from '../../common/errors/app-error';
import { VmGrantsRepository, type AccessibleGuest } from './vm-grants.repository';

/** The role permission each per-VM right also needs. */
export const RIGHT_PERMISSION: Readonly<Record<VmRight, Permission>> = {
  view: Permission.VmRead,
  console: Permission.VmConsole,
  power: Permission.VmPower,
  snapshot: Permission.VmSnapshot,
  backup: Permission.VmBackup,
  edit: Permission.VmUpdate,
};

/**
 * The one access check for a single guest. A guest outside the caller's companies, or (role
 * `user`) without a `view` grant, is reported exactly like a missing one: 404. Visible but without
 * the requested right: 403. Used by the VMs module and the console module.
 */
@Injectable()
export class VmAccessService {
  constructor(private readonly repo: VmGrantsRepository) {}

  async assertRight(
    principal: Principal,
    scope: Scope,
    vmId: string,
    right: VmRight,
  ): Promise<AccessibleGuest> {
    const guest = await this.repo.findGuest(scope, vmId);
    if (!guest) throw notFound('VM');
    const rights = await this.rightsOn(principal, scope, guest.id);
    if (!rights.includes('view')) throw notFound('VM');
    if (!rights.includes(right)) {
      throw new AppError('FORBIDDEN', `You do not have the "${right}" right on this VM`);
    }
    return guest;
  }

  /** What the caller may do on a guest already known to be inside the scope's companies. */
  async rightsOn(principal: Principal, scope: Scope, guestId: string): Promise<VmRight[]> {
    const byRole = VM_RIGHTS.filter((r) => principal.permissions.includes(RIGHT_PERMISSION[r]));
    if (scope.kind !== 'vm_grants') return byRole;
    const granted = (await this.repo.grant(scope.userId, guestId)) ?? [];
    return byRole.filter((r) => granted.includes(r));
  }

  /** Guest ids a `user` may see; null = no per-guest narrowing. */
  async visibleGuestIds(scope: Scope): Promise<string[] | null> {
    return scope.kind === 'vm_grants' ? this.repo.guestIdsForUser(scope.userId) : null;
  }
}
