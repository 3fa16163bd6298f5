import { Injectable } from '@nestjs/common';
import type {
  GuestView,
  ImportGuestsInput,
  ImportGuestsResult,
  Paged,
  UnassignedGuestsQuery,
} from '@multpanel/contracts';
import { AccessService } from '../../common/access/access.service';
import { ActivityService } from '../../common/audit/activity.service';
import type { Actor } from '../../common/auth/actor';
import { notFound } from '../../common/errors/app-error';
import { EventsPublisher } from '../../common/events/events.publisher';
import { GuestsService } from '../guests/guests.service';
import { IpamGuestImportService } from '../ipam/ipam-guest-import.service';
import { toGuestView } from './guest-import.mapper';

@Injectable()
export class GuestImportService {
  constructor(
    private readonly guests: GuestsService,
    private readonly access: AccessService,
    private readonly activity: ActivityService,
    private readonly events: EventsPublisher,
    private readonly ipam: IpamGuestImportService,
  ) {}

  /** Unassigned guests on the clusters the caller sees (staff: all). */
  async unassigned(actor: Actor, query: UnassignedGuestsQuery): Promise<Paged<GuestView>> {
    const { rows, total } = await this.guests.unassigned(
      await this.access.visibleClusterIds(actor),
      {
        clusterId: query.clusterId,
        search: query.search,
        skip: (query.page - 1) * query.pageSize,
        take: query.pageSize,
      },
    );
    return { items: rows.map(toGuestView), total, page: query.page, pageSize: query.pageSize };
  }

  /**
   * Assign unassigned guests to a company in the caller's scope. All or nothing: a guest that is
   * gone, already owned, unknown, or on a cluster the company may not use makes the whole import
   * answer 404, so ownership of someone else's guest is never revealed. Then the guests' known
   * addresses are recorded in IPAM (answered in `addresses`).
   */
  async import(actor: Actor, input: ImportGuestsInput): Promise<ImportGuestsResult> {
    const company = await this.access.requireCompany(actor, input.companyId);
    const ids = [...new Set(input.guestIds)];
    const assigned = await this.guests.assign(ids, company.id, new Date());
    if (assigned.length === 0) throw notFound('Guest');
    await this.activity.record({
      action: 'guest.import',
      actor: actor.principal,
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
    const addresses = await this.ipam.recordImported(assigned, company.id, actor.principal.userId);
    return { imported: assigned.length, guestIds: assigned, addresses };
  }
}
