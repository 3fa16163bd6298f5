import { Injectable, Logger } from '@nestjs/common';
import type { JobPayloads } from '@multpanel/contracts';
import { createTransport, type Transporter } from 'nodemailer';
import { AppConfig } from '../../config/app-config';
import { BrandingService } from '../branding/branding.service';
import { replyAddress, replyToken } from './ticket-reply-token';
import { TicketsRepository, type PersonRow, type TicketRow } from './tickets.repository';

const STATUS_LABEL: Record<TicketRow['status'], string> = {
  new: 'new',
  open: 'open',
  waiting_customer: 'waiting on you',
  waiting_msp: 'waiting on support',
  resolved: 'resolved',
  closed: 'closed',
};

export interface TicketMail {
  to: string;
  subject: string;
  text: string;
  /** TICKET_REPLY_ADDRESS with a token signed for this recipient and ticket. */
  replyTo?: string;
}

const TARGET_LABEL = { first_response: 'first response', resolution: 'resolution' } as const;

const isStaff = (p: PersonRow) => p.role === 'super_admin' || p.role === 'salesperson';

/** The reference in every mail's subject, which an emailed reply quotes back. */
export const ticketRef = (id: string) => `[ticket ${id}]`;

/**
 * Who hears of a ticket event, and what they read. Internal notes go to staff only; the one who
 * acted is never mailed about it. Runs in the worker (`tickets.notify`).
 */
@Injectable()
export class TicketNotifier {
  private readonly logger = new Logger('TicketMail');
  private transport?: Transporter;

  constructor(
    private readonly config: AppConfig,
    private readonly repo: TicketsRepository,
    private readonly branding: BrandingService,
  ) {
    if (config.env.SMTP_URL) this.transport = createTransport(config.env.SMTP_URL);
  }

  async deliver(p: JobPayloads['tickets.notify']): Promise<{ sent: number }> {
    const mails = await this.compose(p);
    if (mails.length > 0 && !this.transport) {
      this.logger.warn(`SMTP_URL is not set: ${mails.length} ticket mail(s) not sent`);
      return { sent: 0 };
    }
    const ticket = await this.repo.find({ kind: 'all' }, p.ticketId);
    const mc = await this.branding.mailContext(ticket?.companyId ?? null, 'support');
    const from = { name: `${mc.from.name} support`, address: mc.from.address };
    for (const m of mails) {
      await this.transport!.sendMail({
        from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        ...(m.replyTo ? { replyTo: m.replyTo } : {}),
      });
    }
    return { sent: mails.length };
  }

  async compose(p: JobPayloads['tickets.notify']): Promise<TicketMail[]> {
    const ticket = await this.repo.find({ kind: 'all' }, p.ticketId);
    if (!ticket) return [];
    const message = p.messageId ? await this.repo.message(ticket.id, p.messageId) : null;
    const internal = message?.internal ?? false;
    const staffSide = ticket.assigneeId
      ? await this.repo.people([ticket.assigneeId])
      : await this.repo.staffFor(ticket.companyId);
    const [requester] = await this.repo.people([ticket.requesterId]);
    const actorId = p.actor.userId;
    const byStaff = actorId ? (await this.repo.people([actorId])).some(isStaff) : false;
    const watchers = await this.repo.watchers(ticket.id);
    // Staff the message mentions hear of it even if they stopped watching since.
    const mentionIds = message
      ? ((await this.repo.mentions([message.id])).get(message.id) ?? [])
      : [];
    const mentioned = new Set(mentionIds);

    let recipients: PersonRow[];
    // A warning goes to the assignee (the company's staff while unassigned) only.
    if (p.event === 'warning') recipients = staffSide;
    else if (p.event === 'breach') recipients = [...staffSide, ...watchers.filter(isStaff)];
    else if (p.event === 'created')
      recipients = byStaff && requester ? [requester, ...staffSide] : staffSide;
    else if (p.event === 'message' && internal) recipients = staffSide;
    else if (p.event === 'message')
      recipients = byStaff ? (requester ? [requester] : []) : staffSide;
    else recipients = [...(requester ? [requester] : []), ...staffSide];
    // Watchers hear of everything but their own doings (and internal notes only if staff).
    if (p.event !== 'breach' && p.event !== 'warning') recipients = [...recipients, ...watchers];
    if (mentionIds.length) recipients = [...recipients, ...(await this.repo.people(mentionIds))];
    const [author] = mentionIds.length && actorId ? await this.repo.people([actorId]) : [];

    // Staff open the ticket on PUBLIC_URL, the company's people on its mapped host.
    const base = (await this.branding.mailContext(ticket.companyId)).baseUrl;
    const link = (r: PersonRow) =>
      `${isStaff(r) ? this.config.publicUrl.replace(/\/+$/, '') : base}/tickets/${ticket.id}`;
    const lead =
      p.event === 'created'
        ? 'New ticket'
        : p.event === 'breach'
          ? `SLA ${TARGET_LABEL[p.target ?? 'resolution']} breached`
          : p.event === 'warning'
            ? `SLA ${TARGET_LABEL[p.target ?? 'resolution']} due soon`
            : 'Re';
    const subject = `${lead}: ${ticket.subject} ${ticketRef(ticket.id)}`;
    const replyBase = this.config.env.TICKET_REPLY_ADDRESS;
    const seen = new Set<string>();
    return recipients
      .filter((r) => r.id !== actorId && !seen.has(r.id) && seen.add(r.id))
      .filter((r) => !internal || isStaff(r))
      .map((r) => ({
        to: r.email,
        subject,
        text: this.text(
          p,
          ticket,
          message?.body,
          link(r),
          r,
          mentioned.has(r.id) ? author : undefined,
        ),
        ...(replyBase
          ? {
              replyTo: replyAddress(
                replyBase,
                replyToken(this.config.env.JWT_SECRET, ticket.id, r.email),
              ),
            }
          : {}),
      }));
  }

  private text(
    p: JobPayloads['tickets.notify'],
    ticket: TicketRow,
    body: string | undefined,
    link: string,
    to: PersonRow,
    /** Set when the message mentions `to`: who wrote it. */
    mentionedBy?: PersonRow,
  ): string {
    const event = p.event;
    const due = p.target === 'first_response' ? ticket.firstResponseDueAt : ticket.resolutionDueAt;
    const head =
      event === 'warning'
        ? `80 % of the ${TARGET_LABEL[p.target ?? 'resolution']} target of "${ticket.subject}" (${ticket.priority} priority) is used: it breaches at ${due?.toISOString() ?? 'soon'}.`
        : event === 'breach'
          ? `The ${TARGET_LABEL[p.target ?? 'resolution']} target of "${ticket.subject}" (${ticket.priority} priority) was due ${due?.toISOString() ?? 'earlier'} and is breached.`
          : event === 'created'
            ? `A ticket was opened: ${ticket.subject}\n\n${ticket.description}`
            : event === 'message' && mentionedBy
              ? `${mentionedBy.name} mentioned you on "${ticket.subject}":\n\n${body ?? ''}`
              : event === 'message'
                ? `New ${body !== undefined && isStaff(to) ? 'message' : 'reply'} on "${ticket.subject}":\n\n${body ?? ''}`
                : `The ticket "${ticket.subject}" is now ${STATUS_LABEL[ticket.status]}.`;
    const reply = this.config.env.TICKET_REPLY_ADDRESS
      ? 'Reply to this mail to answer in the ticket (write above the quoted text).'
      : 'Answer in the ticket.';
    return `Hello ${to.name},\n\n${head}\n\nOpen the ticket: ${link}\n\n${reply}\n`;
  }
}
