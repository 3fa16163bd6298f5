import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import {
  CUSTOMER_TICKET_STATUSES,
  Permission,
  TICKET_ATTACHMENT_MAX_BYTES,
  TICKET_ATTACHMENT_TYPES,
  TICKET_LIST_COUNT_LIMIT,
  type JobPayloads,
  type TicketAttachmentDto,
  type TicketAttachmentUploadQuery,
  type TicketCreateInput,
  type TicketDto,
  type TicketListQuery,
  type TicketMessageCreateInput,
  type TicketMentionable,
  type TicketMentionableQuery,
  type TicketMessageDto,
  type TicketPage,
  type TicketPerson,
  type TicketStatus,
  type TicketUpdateInput,
} from '@multpanel/contracts';
import { AccessService, forbidden } from '../../common/access/access.service';
import { ActivityService } from '../../common/audit/activity.service';
import type { Actor } from '../../common/auth/actor';
import { scopeCompanyIds } from '../../common/auth/scope';
import { AppError, notFound } from '../../common/errors/app-error';
import { FileStore, mediaType, tooLarge } from '../../common/files/file-store';
import { QueueService } from '../../common/queue/queue.service';
import type { Prisma } from '../../generated/prisma/client';
import { JobsService } from '../jobs/jobs.service';
import { TicketLinksService } from './ticket-links.service';
import { mentionHandles, parseMentions } from './ticket-mentions';
import { advanceSla } from './ticket-sla';
import { TicketSlaService } from './ticket-sla.service';
import {
  toTicketAttachment,
  toTicketContext,
  toTicketMessage,
  toTicketSummary,
  type TicketNames,
} from './tickets.mapper';
import {
  TicketsRepository,
  ticketCursor,
  type PersonRow,
  type TicketRow,
  type TicketSummaryRow,
} from './tickets.repository';

export const ATTACHMENT_AREA = 'tickets';
/** How many of a linked job's last log lines a ticket opened from it carries. */
const JOB_LOG_LINES = 30;
/** The `@` autocomplete offers at most this many people. */
const MENTIONABLE_LIMIT = 10;

/** The status a ticket moves to when a message is added (null: unchanged). */
export function statusAfterMessage(
  current: TicketStatus,
  by: 'staff' | 'customer',
  internal: boolean,
): TicketStatus | null {
  if (internal) return null;
  if (by === 'staff') return current === 'waiting_customer' ? null : 'waiting_customer';
  return current === 'waiting_msp' || current === 'new' ? null : 'waiting_msp';
}

@Injectable()
export class TicketsService {
  private readonly logger = new Logger('Tickets');

  constructor(
    private readonly repo: TicketsRepository,
    private readonly access: AccessService,
    private readonly activity: ActivityService,
    private readonly jobs: JobsService,
    private readonly queues: QueueService,
    private readonly files: FileStore,
    private readonly sla: TicketSlaService,
    private readonly links: TicketLinksService,
  ) {}

  /** MSP staff work tickets: assignment, internal notes, every status. */
  isStaff(actor: Actor): boolean {
    return this.access.can(actor, Permission.TicketManage);
  }

  async list(actor: Actor, q: TicketListQuery): Promise<TicketPage> {
    const guestIds = await this.access.visibleGuestIds(actor);
    const { rows, more, total } = await this.repo.list(
      actor.scope,
      guestIds,
      actor.principal.userId,
      q,
      TICKET_LIST_COUNT_LIMIT,
    );
    const names = await this.names(rows, []);
    return {
      items: rows.map((r) => toTicketSummary(r, names)),
      total: Math.min(total, TICKET_LIST_COUNT_LIMIT),
      totalCapped: total > TICKET_LIST_COUNT_LIMIT,
      page: q.page,
      pageSize: q.pageSize,
      nextCursor: more ? ticketCursor(rows[rows.length - 1]) : null,
    };
  }

  /**
   * After a company is deleted (companies module): its tickets, their conversation and attachment
   * rows, and the attachment files on disk. Returns how many tickets went.
   */
  async purgeCompany(companyId: string): Promise<number> {
    const n = await this.repo.deleteOfCompany(companyId);
    await this.files.removeOwner(ATTACHMENT_AREA, companyId);
    return n;
  }

  async get(actor: Actor, id: string): Promise<TicketDto> {
    await this.access.requireTicket(actor, id);
    const row = await this.repo.find(actor.scope, id);
    if (!row) throw notFound('Ticket');
    return this.view(actor, row);
  }

  async create(actor: Actor, input: TicketCreateInput): Promise<TicketDto> {
    const staff = this.isStaff(actor);
    // The company: named, else the caller's own, else that of the guest or job it is about.
    const guest = input.guestId
      ? await this.access.requireGuest(actor, input.guestId, 'view')
      : null;
    const job = input.jobId ? await this.jobs.get(actor.scope, input.jobId) : null;
    const linked = await this.links.resolve(actor, input);
    const companyId =
      input.companyId ??
      actor.principal.companyId ??
      guest?.companyId ??
      job?.companyId ??
      linked.owners.find((o) => o.companyId)?.companyId;
    if (!companyId) {
      throw new AppError('VALIDATION_FAILED', 'Name the company the ticket is for', [
        { path: 'companyId', message: 'required for MSP staff', code: 'custom' },
      ]);
    }
    await this.access.requireCompany(actor, companyId);
    if (guest && guest.companyId !== companyId) throw notFound('VM');
    if (job && job.companyId !== companyId) throw notFound('Job');
    const stranger = linked.owners.find((o) => o.companyId !== companyId);
    if (stranger) throw notFound(stranger.what);
    const filled = {
      ...(job ? { jobLog: (job.log ?? []).slice(-JOB_LOG_LINES).map((l) => l.line) } : {}),
      ...linked.context,
    };
    const context: Prisma.InputJsonValue | undefined = Object.keys(filled).length
      ? filled
      : undefined;
    const status = staff ? 'open' : 'new';
    const clock = advanceSla(
      { slaUsedSeconds: 0, slaRunningSince: null },
      { status, priority: input.priority, firstResponseAt: null },
      new Date(),
      await this.sla.policyFor(companyId),
    );
    const row = await this.repo.create({
      ...clock,
      companyId,
      subject: input.subject,
      description: input.description,
      category: input.category,
      priority: input.priority,
      status,
      requesterId: actor.principal.userId,
      guestId: input.guestId ?? null,
      jobId: input.jobId ?? null,
      alertId: input.alertId ?? null,
      backupRunId: input.backupRunId ?? null,
      firewallId: input.firewallId ?? null,
      context,
    });
    await this.audit(actor, 'ticket.create', row, { subject: row.subject });
    await this.notify(actor, row, 'created');
    return this.view(actor, row);
  }

  async update(actor: Actor, id: string, input: TicketUpdateInput): Promise<TicketDto> {
    const ticket = await this.access.requireTicket(actor, id);
    const staff = this.isStaff(actor);
    if (!staff) {
      if (input.assigneeId !== undefined || input.priority || input.category) {
        throw forbidden('Only the MSP changes the assignee, priority or category of a ticket');
      }
      if (input.status && !CUSTOMER_TICKET_STATUSES.includes(input.status)) {
        throw forbidden(`A customer may set a ticket to ${CUSTOMER_TICKET_STATUSES.join(', ')}`);
      }
      if (input.status === 'open' && !['resolved', 'closed'].includes(ticket.status)) {
        throw new AppError('CONFLICT', 'Only a resolved or closed ticket can be reopened');
      }
    }
    const now = new Date();
    const data: Prisma.TicketUncheckedUpdateInput = { lastActivityAt: now };
    if (input.priority) data.priority = input.priority;
    if (input.category) data.category = input.category;
    if (input.assigneeId !== undefined) {
      if (input.assigneeId !== null) {
        const staffIds = (await this.repo.staffFor(ticket.companyId)).map((p) => p.id);
        if (!staffIds.includes(input.assigneeId)) {
          throw new AppError('VALIDATION_FAILED', 'The assignee must be MSP staff of the company', [
            { path: 'assigneeId', message: 'not staff of this company', code: 'custom' },
          ]);
        }
      }
      data.assigneeId = input.assigneeId;
    }
    const statusChanged = input.status !== undefined && input.status !== ticket.status;
    if (input.status && statusChanged) {
      data.status = input.status;
      data.resolvedAt = input.status === 'resolved' || input.status === 'closed' ? now : null;
    }
    if (statusChanged || input.priority) {
      const current = await this.repo.find(actor.scope, id);
      if (!current) throw notFound('Ticket');
      Object.assign(
        data,
        advanceSla(
          current,
          {
            status: input.status ?? current.status,
            priority: input.priority ?? current.priority,
            firstResponseAt: current.firstResponseAt,
          },
          now,
          await this.sla.policyFor(current.companyId),
        ),
      );
    }
    const row = await this.repo.update(actor.scope, id, data);
    await this.audit(actor, 'ticket.update', row, { fields: Object.keys(input) });
    if (statusChanged) await this.notify(actor, row, 'status');
    return this.view(actor, row);
  }

  async addMessage(
    actor: Actor,
    id: string,
    input: TicketMessageCreateInput,
  ): Promise<TicketMessageDto> {
    const ticket = await this.access.requireTicket(actor, id);
    const staff = this.isStaff(actor);
    if (input.internal && !staff) throw forbidden('Internal notes are for MSP staff');
    if (!staff && ticket.status === 'closed') {
      throw new AppError('CONFLICT', 'The ticket is closed; reopen it or open a new one');
    }
    const row = await this.repo.find(actor.scope, id);
    if (!row) throw notFound('Ticket');
    const now = new Date();
    const next = statusAfterMessage(row.status, staff ? 'staff' : 'customer', input.internal);
    const firstResponse = staff && !input.internal && !row.firstResponseAt;
    const clock =
      next || firstResponse
        ? advanceSla(
            row,
            {
              status: next ?? row.status,
              priority: row.priority,
              firstResponseAt: firstResponse ? now : row.firstResponseAt,
            },
            now,
            await this.sla.policyFor(row.companyId),
          )
        : {};
    const mentioned = parseMentions(input.body, await this.mentionCandidates(actor, row)).map(
      (c) => c.id,
    );
    const message = await this.repo.addMessage(
      id,
      {
        companyId: row.companyId,
        authorId: actor.principal.userId,
        fromStaff: staff,
        body: input.body,
        internal: input.internal,
      },
      {
        lastActivityAt: now,
        ...(next ? { status: next, resolvedAt: null } : {}),
        ...(firstResponse ? { firstResponseAt: now } : {}),
        ...clock,
      },
      mentioned,
    );
    await this.audit(actor, input.internal ? 'ticket.note' : 'ticket.reply', row, {
      messageId: message.id,
      ...(mentioned.length ? { mentions: mentioned } : {}),
    });
    await this.notify(actor, row, 'message', message.id);
    return toTicketMessage(
      message,
      await this.names([], [message.authorId, ...mentioned]),
      mentioned,
    );
  }

  /**
   * Who the caller may mention on a ticket: staff, every MSP staff member of its company; a
   * customer, only the ticket's assignee (while still staff of it) — never the MSP's staff list.
   */
  private async mentionCandidates(
    actor: Actor,
    ticket: Pick<TicketRow, 'companyId' | 'assigneeId'>,
  ): Promise<PersonRow[]> {
    const staffOfCompany = await this.repo.staffFor(ticket.companyId);
    if (this.isStaff(actor)) return staffOfCompany;
    return staffOfCompany.filter((p) => p.id === ticket.assigneeId);
  }

  /** The composer's `@` autocomplete: who the caller may mention here, matching `q`. */
  async mentionable(
    actor: Actor,
    id: string,
    q: TicketMentionableQuery,
  ): Promise<TicketMentionable[]> {
    await this.access.requireTicket(actor, id);
    const row = await this.repo.find(actor.scope, id);
    if (!row) throw notFound('Ticket');
    const candidates = (await this.mentionCandidates(actor, row)).filter(
      (p) => p.id !== actor.principal.userId,
    );
    const handles = mentionHandles(candidates);
    const needle = q.q?.replace(/^@/, '').toLowerCase() ?? '';
    return candidates
      .filter(
        (p) =>
          !needle ||
          p.name.toLowerCase().includes(needle) ||
          p.email.toLowerCase().includes(needle),
      )
      .slice(0, MENTIONABLE_LIMIT)
      .map((p) => ({ id: p.id, name: p.name, email: p.email, handle: handles.get(p.id)! }));
  }

  async upload(
    actor: Actor,
    id: string,
    q: TicketAttachmentUploadQuery,
    body: { stream: Readable; contentType?: string; contentLength?: string },
  ): Promise<TicketAttachmentDto> {
    const ticket = await this.access.requireTicket(actor, id);
    const staff = this.isStaff(actor);
    let internal = false;
    if (q.messageId) {
      const message = await this.repo.message(id, q.messageId);
      if (!message || (message.internal && !staff)) throw notFound('Message');
      if (message.authorId !== actor.principal.userId) {
        throw forbidden('Attach files to your own messages');
      }
      internal = message.internal;
    }
    const type = mediaType(body.contentType);
    if (!(TICKET_ATTACHMENT_TYPES as readonly string[]).includes(type)) {
      throw new AppError(
        'UNSUPPORTED_MEDIA_TYPE',
        `Attach one of: ${TICKET_ATTACHMENT_TYPES.join(', ')} (sent as the request body with its Content-Type)`,
      );
    }
    if (Number(body.contentLength) > TICKET_ATTACHMENT_MAX_BYTES) {
      throw tooLarge(TICKET_ATTACHMENT_MAX_BYTES);
    }
    const attachmentId = randomUUID();
    const stored = await this.files.save(
      ATTACHMENT_AREA,
      ticket.companyId,
      attachmentId,
      body.stream,
      {
        maxBytes: TICKET_ATTACHMENT_MAX_BYTES,
        contentType: type,
      },
    );
    try {
      const row = await this.repo.createAttachment({
        id: attachmentId,
        ticketId: id,
        companyId: ticket.companyId,
        messageId: q.messageId ?? null,
        uploadedById: actor.principal.userId,
        fileName: q.fileName,
        contentType: type,
        size: stored.size,
        sha256: stored.sha256,
        internal,
      });
      await this.activity.record({
        action: 'ticket.attach',
        companyId: ticket.companyId,
        actor: actor.principal,
        resourceType: 'ticket',
        resourceId: id,
        ip: actor.meta.ip,
        userAgent: actor.meta.userAgent,
        // The company's admins read this log: a staff note's file goes unnamed there.
        details: internal
          ? { attachmentId, size: stored.size, internal: true }
          : { attachmentId, fileName: q.fileName, size: stored.size },
      });
      return toTicketAttachment(row);
    } catch (err) {
      await this.files.remove(ATTACHMENT_AREA, ticket.companyId, attachmentId);
      throw err;
    }
  }

  /** An attachment the caller may download (internal ones: staff only), with its file. */
  async download(actor: Actor, id: string, attachmentId: string) {
    await this.access.requireTicket(actor, id);
    const row = await this.repo.attachment(id, attachmentId, this.isStaff(actor));
    if (!row) throw notFound('Attachment');
    return {
      attachment: toTicketAttachment(row),
      stream: this.files.read(ATTACHMENT_AREA, row.companyId, row.id),
    };
  }

  /** The active account behind an e-mail address (a reply by mail; access is checked after). */
  userByEmail(email: string) {
    return this.repo.userByEmail(email);
  }

  /** Staff a ticket of the caller's companies may be assigned to. */
  async assignees(actor: Actor): Promise<TicketPerson[]> {
    const rows = await this.repo.staff(scopeCompanyIds(actor.scope));
    return rows.map((p) => ({ id: p.id, name: p.name, email: p.email }));
  }

  private async view(actor: Actor, row: TicketRow): Promise<TicketDto> {
    const staff = this.isStaff(actor);
    const [messages, attachments, watchers, firewallName] = await Promise.all([
      this.repo.messages(row.id, staff),
      this.repo.attachments(row.id, staff),
      this.repo.watchers(row.id),
      row.firewallId ? this.repo.firewallName(row.firewallId) : null,
    ]);
    const mentions = await this.repo.mentions(messages.map((m) => m.id));
    const names = await this.names(
      [row],
      [...messages.map((m) => m.authorId), ...[...mentions.values()].flat()],
    );
    return {
      ...toTicketSummary(row, names),
      description: row.description,
      context: toTicketContext(row.context),
      alertId: row.alertId,
      backupRunId: row.backupRunId,
      firewallId: row.firewallId,
      firewallName,
      firstResponseAt: row.firstResponseAt?.toISOString() ?? null,
      resolvedAt: row.resolvedAt?.toISOString() ?? null,
      messages: messages.map((m) => toTicketMessage(m, names, mentions.get(m.id))),
      attachments: attachments.map(toTicketAttachment),
      watchers: watchers.map((p) => ({ id: p.id, name: p.name, email: p.email })),
    };
  }

  private async names(rows: TicketSummaryRow[], extraPeople: string[]): Promise<TicketNames> {
    const ids = (xs: (string | null)[]) => [...new Set(xs.filter((x): x is string => !!x))];
    const [people, companies, guests] = await Promise.all([
      this.repo.people(
        ids([...rows.flatMap((r) => [r.requesterId, r.assigneeId]), ...extraPeople]),
      ),
      this.repo.companyNames(ids(rows.map((r) => r.companyId))),
      this.repo.guestNames(ids(rows.map((r) => r.guestId))),
    ]);
    return {
      people: new Map(people.map((p) => [p.id, p])),
      companies: new Map(companies.map((c) => [c.id, c.name])),
      guests: new Map(guests.map((g) => [g.id, g.name])),
    };
  }

  /** Mails go out from the worker; a queue outage never fails the change itself. */
  private async notify(
    actor: Actor,
    row: TicketRow,
    event: JobPayloads['tickets.notify']['event'],
    messageId?: string,
  ): Promise<void> {
    try {
      await this.queues.enqueue('tickets.notify', {
        companyId: row.companyId,
        actor: {
          userId: actor.principal.userId,
          type: actor.principal.via === 'api_key' ? 'api_key' : 'user',
        },
        ticketId: row.id,
        event,
        ...(messageId ? { messageId } : {}),
      });
    } catch (err) {
      this.logger.warn({ err, ticketId: row.id }, 'could not queue the ticket notification');
    }
  }

  private audit(actor: Actor, action: string, row: TicketRow, details?: Record<string, unknown>) {
    return this.activity.record({
      action,
      companyId: row.companyId,
      actor: actor.principal,
      resourceType: 'ticket',
      resourceId: row.id,
      ip: actor.meta.ip,
      userAgent: actor.meta.userAgent,
      details,
    });
  }
}
