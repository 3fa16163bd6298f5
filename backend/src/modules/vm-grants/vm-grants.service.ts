import { Injectable } from '@nestjs/common';
import type { VmGrantEntry, VmRight } from '@multpanel/contracts';
import { AccessService } from '../../common/access/access.service';
import { rightsOf } from '../../common/access/access.repository';
import { AccessRevocations } from '../../common/auth/access-revocations';
import { ActivityService } from '../../common/audit/activity.service';
import type { Actor } from '../../common/auth/actor';
import { AppError } from '../../common/errors/app-error';
import { VmGrantsRepository } from './vm-grants.repository';

@Injectable()
export class VmGrantsService {
  constructor(
    private readonly repo: VmGrantsRepository,
    private readonly access: AccessService,
    private readonly activity: ActivityService,
    private readonly revocations: AccessRevocations,
  ) {}

  async list(actor: Actor, vmId: string): Promise<VmGrantEntry[]> {
    await this.access.requireGuest(actor, vmId, 'view');
    const rows = await this.repo.listForGuest(vmId);
    return rows.map((r) => ({
      userId: r.userId,
      email: r.user.heldEmail ?? r.user.email,
      name: r.user.name,
      rights: rightsOf(r.rights),
    }));
  }

  async replace(
    actor: Actor,
    vmId: string,
    entries: Array<{ userId: string; rights: VmRight[] }>,
  ): Promise<VmGrantEntry[]> {
    const guest = await this.access.requireGuest(actor, vmId, 'view');
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
      actor: actor.principal,
      companyId,
      resourceType: 'vm',
      resourceId: vmId,
      details: { grants: normalized },
    });
    return this.list(actor, vmId);
  }

  /** Demo estate: give `userId` these rights on a guest unless a grant exists already. */
  grantIfMissing(userId: string, companyId: string, guestId: string, rights: VmRight[]) {
    return this.repo.upsertMissing(userId, companyId, guestId, rights);
  }
}
