import { Injectable } from '@nestjs/common';
import type {
  GuestView,
  ImportGuestsInput,
  ImportGuestsResult,
  Paged,
  UnassignedGuestsQuery,
} from '@multpanel/contracts';
import { ActivityService } from '../../common/audit/activity.service';
import type { Principal, Scope } from '../../common/auth/scope';
import { AppError, notFound } from '../../common/errors/app-error';
import { EventsPublisher } from '../../common/events/events.publisher';
import { toGuestView } from './guests.mapper';
import { InventoryRepository } from './inventory.repository';

@Injectable()
export class GuestsService {
  constructor(
    private readonly repo: InventoryRepository,
    private readonly activity: ActivityService,
    private readonly events: EventsPublisher,
  ) {}

  /** Guests found on Proxmox that no company owns yet (MSP staff only, guarded by permission). */
  async unassigned(query: UnassignedGuestsQuery): Promise<Paged<GuestView>> {
    const { rows, total } = await this.repo.unassigned({
      clusterId: query.clusterId,
      search: query.search,
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
    return { items: rows.map(toGuestView), total, page: query.page, pageSize: query.pageSize };
  }

  /**
   * Assign unassigned guests to a company in the caller's scope. All or nothing: a guest that is
   * gone, already owned, or unknown makes the whole import answer 404, so ownership of someone
   * else's guest is never revealed; a guest whose cluster does not allow the company, 409.
   */
  async import(
    scope: Scope,
    input: ImportGuestsInput,
    actor: Principal | null,
  ): Promise<ImportGuestsResult> {
    const company = await this.repo.findCompanyInScope(scope, input.companyId);
    if (!company) throw notFound('Company');
    const ids = [...new Set(input.guestIds)];
    const assigned = await this.repo.assign(ids, company.id, new Date());
    if (!Array.isArray(assigned)) {
      const which = assigned.notAllowed.map((g) => `${g.vmid} on ${g.cluster}`).join(', ');
      throw new AppError(
        'CONFLICT',
        `Not imported: the cluster of guest ${which} is not allowed for ${company.name}`,
        { guests: assigned.notAllowed },
      );
    }
    if (assigned.length === 0) throw notFound('Guest');
    await this.activity.record({
      action: 'guest.import',
      actor,
      companyId: company.id,
      resourceType: 'guest',
      resourceId: assigned.length === 1 ? assigned[0] : undefined,
      details: { guestIds: assigned, count: assigned.length },
    });
    await this.events
      .publish({
        type: 'guests.imported',
        companyId: company.id,
        payload: { companyId: company.id, guestIds: assigned },
      })
      .catch(() => undefined);
    return { imported: assigned.length, guestIds: assigned };
  }
}
