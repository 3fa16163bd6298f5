import { Injectable } from '@nestjs/common';
import type { TicketPerson } from '@multpanel/contracts';
import { AccessService, forbidden } from '../../common/access/access.service';
import { ActivityService } from '../../common/audit/activity.service';
import type { Actor } from '../../common/auth/actor';
import { notFound } from '../../common/errors/app-error';
import { TicketsRepository, type PersonRow } from './tickets.repository';

const toPerson = (p: PersonRow): TicketPerson => ({ id: p.id, name: p.name, email: p.email });

/**
 * Watchers hear of a ticket's events like its requester. One may be a user of the ticket's company
 * (a `user` then also sees the ticket) or MSP staff of it. Anyone who sees a ticket may watch it;
 * adding or removing someone else takes a caller who sees the whole company's tickets.
 */
@Injectable()
export class TicketWatchersService {
  constructor(
    private readonly repo: TicketsRepository,
    private readonly access: AccessService,
    private readonly activity: ActivityService,
  ) {}

  async list(actor: Actor, ticketId: string): Promise<TicketPerson[]> {
    await this.access.requireTicket(actor, ticketId);
    return (await this.repo.watchers(ticketId)).map(toPerson);
  }

  async add(actor: Actor, ticketId: string, userId: string): Promise<TicketPerson[]> {
    const ticket = await this.access.requireTicket(actor, ticketId);
    this.requireForOthers(actor, userId);
    const user =
      (await this.repo.companyUser(ticket.companyId, userId)) ??
      (await this.repo.staffFor(ticket.companyId)).find((p) => p.id === userId);
    // Someone of another company looks exactly like nobody.
    if (!user) throw notFound('User');
    await this.repo.addWatcher(ticketId, ticket.companyId, userId);
    await this.record(actor, 'ticket.watch', ticket.companyId, ticketId, userId);
    return (await this.repo.watchers(ticketId)).map(toPerson);
  }

  async remove(actor: Actor, ticketId: string, userId: string): Promise<void> {
    const ticket = await this.access.requireTicket(actor, ticketId);
    this.requireForOthers(actor, userId);
    if (!(await this.repo.removeWatcher(ticketId, userId))) throw notFound('Watcher');
    await this.record(actor, 'ticket.unwatch', ticket.companyId, ticketId, userId);
  }

  private requireForOthers(actor: Actor, userId: string): void {
    if (userId !== actor.principal.userId && actor.scope.kind === 'vm_grants') {
      throw forbidden('You may add or remove only yourself as a watcher');
    }
  }

  private record(
    actor: Actor,
    action: string,
    companyId: string,
    ticketId: string,
    userId: string,
  ) {
    return this.activity.record({
      action,
      companyId,
      actor: actor.principal,
      resourceType: 'ticket',
      resourceId: ticketId,
      ip: actor.meta.ip,
      userAgent: actor.meta.userAgent,
      details: { userId },
    });
  }
}
