import { Injectable, Logger } from '@nestjs/common';
import type { JobPayloads } from '@multpanel/contracts';
import { createTransport, type Transporter } from 'nodemailer';
import { AppConfig } from '../../config/app-config';
import { BrandingService } from '../branding/branding.service';
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
}

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
    const sender = await this.branding.mailSender(ticket?.companyId ?? null);
    const from = {
      name: `${sender.name ?? 'Multpanel'} support`,
      address: sender.address ?? `support@${new URL(this.config.publicUrl).hostname}`,
    };
    for (const m of mails) {
      await this.transport!.sendMail({
        from,
        to: m.to,
        subject: m.subject,
        text: m.text,
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

    let recipients: PersonRow[];
    if (p.event === 'created')
      recipients = byStaff && requester ? [requester, ...staffSide] : staffSide;
    else if (p.event === 'message' && internal) recipients = staffSide;
    else if (p.event === 'message')
      recipients = byStaff ? (requester ? [requester] : []) : staffSide;
    else recipients = [...(requester ? [requester] : []), ...staffSide];

    const link = `${this.config.publicUrl}/tickets/${ticket.id}`;
    const subject = `${p.event === 'created' ? 'New ticket' : 'Re'}: ${ticket.subject} ${ticketRef(ticket.id)}`;
    const seen = new Set<string>();
    return recipients
      .filter((r) => r.id !== actorId && !seen.has(r.id) && seen.add(r.id))
      .filter((r) => !internal || isStaff(r))
      .map((r) => ({
        to: r.email,
        subject,
        text: this.text(p.event, ticket, message?.body, link, r),
      }));
  }

  private text(
    event: JobPayloads['tickets.notify']['event'],
    ticket: TicketRow,
    body: string | undefined,
    link: string,
    to: PersonRow,
  ): string {
    const head =
      event === 'created'
        ? `A ticket was opened: ${ticket.subject}\n\n${ticket.description}`
        : event === 'message'
          ? `New ${body !== undefined && isStaff(to) ? 'message' : 'reply'} on "${ticket.subject}":\n\n${body ?? ''}`
          : `The ticket "${ticket.subject}" is now ${STATUS_LABEL[ticket.status]}.`;
    return `Hello ${to.name},\n\n${head}\n\nOpen the ticket: ${link}\n\nReply to this mail to answer; keep ${ticketRef(ticket.id)} in the subject.\n`;
  }
}
