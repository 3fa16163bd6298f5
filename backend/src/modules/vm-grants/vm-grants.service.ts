import { Injectable } from '@nestjs/common';
import type { VmGrantEntry, VmRight } from '@multpanel/contracts';
import { AccessRevocations } from '../../common/auth/access-revocations';
import { ActivityService } from '../../common/audit/activity.service';
import type { Principal, Scope } from '../../common/auth/scope';
import { AppError } from '../../common/errors/app-error';
import { VmAccessService } from './vm-access.service';
import { rightsOf, VmGrantsRepository } from './vm-grants.repository';

@Injectable()
export class VmGrantsService {
  constructor(
    private readonly repo: VmGrantsRepository,
    private readonly access: VmAccessService,
    private readonly activity: ActivityService,
    private readonly revocations: AccessRevocations,
  ) {}

  async list(p: Principal, scope: Scope, vmId: string): Promise<VmGrantEntry[]> {
    await this.access.assertRight(p, scope, vmId, 'view');
    const rows = await this.repo.listForGuest(vmId);
    return rows.map((r) => ({
      userId: r.userId,
      email: r.user.email,
      name: r.user.name,
      rights: rightsOf(r.rights),
    }));
  }

  async replace(
    p: Principal,
    scope: Scope,
    vmId: string,
    entries: Array<{ userId: string; rights: VmRight[] }>,
  ): Promise<VmGrantEntry[]> {
    if (scope.kind === 'vm_grants') throw new AppError('FORBIDDEN', 'Users cannot manage grants');
    const guest = await this.access.assertRight(p, scope, vmId, 'view');
    const companyId = guest.companyId!;
    const ids = [...new Set(entries.map((e) => e.userId))];
    const valid = new Set((await this.repo.usersOfCompany(companyId, ids)).map((u) => u.id));
    const bad = ids.filter((id) => !valid.has(id));
    if (bad.length) {
      throw new AppError(
        'VALIDATION_FAILED',
        'Grants go to users with role "user" of the VM\'s company',
        { userIds: bad },
      );
    }
    // Any right implies seeing the guest.
    const normalized = entries.map((e) => ({
      userId: e.userId,
      rights: e.rights.length ? rightsOf(['view', ...e.rights]) : [],
    }));
    const before = await this.repo.listForGuest(vmId);
    await this.repo.replace(companyId, vmId, normalized);
    // Old and new holders: their live sockets reconnect with the grants they hold now.
    const holders = new Set([...before.map((r) => r.userId), ...ids]);
    await this.revocations.publish(...[...holders].map((userId) => ({ userId })));
    await this.activity.record({
      action: 'vm.grants.update',
      actor: p,
      companyId,
      resourceType: 'vm',
      resourceId: vmId,
      details: { grants: normalized },
    });
    return this.list(p, scope, vmId);
  }
}
