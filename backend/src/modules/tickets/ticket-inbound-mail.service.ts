import { timingSafeEqual } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import { PrincipalService } from '../../common/auth/principal.service';
import { AppError, notFound } from '../../common/errors/app-error';
import { tooLarge } from '../../common/files/file-store';
import { AppConfig } from '../../config/app-config';
import { parseInboundMail } from './inbound-mail';
import { isWellFormedReplyToken, tokenOf, verifyReplyToken } from './ticket-reply-token';
import { TicketsService } from './tickets.service';

/** A received reply is text: anything bigger is refused before it is parsed. */
export const INBOUND_MAIL_MAX_BYTES = 1024 * 1024;

export type InboundOutcome =
  | { outcome: 'added'; ticketId: string; messageId: string }
  | { outcome: 'ignored'; reason: string };

const refused = (why: string) => new AppError('FORBIDDEN', `Reply refused: ${why}`);

/**
 * Replies by e-mail: the mail relay posts each message received for TICKET_REPLY_ADDRESS (raw RFC
 * 822) with INBOUND_MAIL_SECRET, or the inbound SMTP listener (ticket-inbound-smtp.ts) hands over
 * what it received. The +token of the address it was sent to must be signed for this
 * ticket and for the sender's address (From); the sender's account then adds the text as a public
 * reply with the same access checks as on the web. Automatic replies and bounces are dropped.
 */
@Injectable()
export class TicketInboundMailService {
  private readonly logger = new Logger('TicketInboundMail');

  constructor(
    private readonly config: AppConfig,
    private readonly principals: PrincipalService,
    private readonly tickets: TicketsService,
  ) {}

  /** The relay's secret: 404 while replies by mail are off, 401 for a wrong one. */
  checkRelay(given: string | undefined): void {
    const { INBOUND_MAIL_SECRET: secret, TICKET_REPLY_ADDRESS: base } = this.config.env;
    if (!secret || !base) throw notFound('Inbound mail endpoint');
    const a = Buffer.from(given ?? '');
    const b = Buffer.from(secret);
    if (a.length !== b.length || !timingSafeEqual(a, b)) {
      throw new AppError('UNAUTHENTICATED', 'The mail relay secret is missing or wrong');
    }
  }

  async receive(
    relaySecret: string | undefined,
    body: { stream: Readable; contentType?: string; ip: string | null },
  ): Promise<InboundOutcome> {
    this.checkRelay(relaySecret);
    const type = (body.contentType ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'message/rfc822' && type !== 'text/plain') {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Post the raw message as message/rfc822');
    }
    const raw = await readAll(body.stream, INBOUND_MAIL_MAX_BYTES);
    return this.deliver(raw, { ip: body.ip, via: 'mail relay', envelopeRecipients: [] });
  }

  /** Whether `address` is a reply address this installation hands out (for SMTP's RCPT TO). */
  acceptsRecipient(address: string): boolean {
    const base = this.config.env.TICKET_REPLY_ADDRESS;
    const token = base ? tokenOf(base, address) : null;
    return token !== null && isWellFormedReplyToken(token);
  }

  /**
   * One received message (raw RFC 822, Latin-1 decoded bytes), from the relay or the SMTP listener:
   * the same checks either way. `envelopeRecipients` (RCPT TO) are tried before the headers'.
   */
  async deliver(
    raw: string,
    source: { ip: string | null; via: string; envelopeRecipients: string[] },
  ): Promise<InboundOutcome> {
    const base = this.config.env.TICKET_REPLY_ADDRESS;
    if (!base) throw notFound('Inbound mail endpoint');
    if (raw.length > INBOUND_MAIL_MAX_BYTES) throw tooLarge(INBOUND_MAIL_MAX_BYTES);
    const mail = parseInboundMail(raw);
    if (mail.automatic) return { outcome: 'ignored', reason: 'automatic reply or bounce' };
    const token = [...source.envelopeRecipients, ...mail.recipients]
      .map((r) => tokenOf(base, r))
      .find((t) => t !== null);
    if (!token) throw refused('no reply address of a ticket among the recipients');
    if (!mail.from) throw refused('no sender');
    const ticketId = verifyReplyToken(this.config.env.JWT_SECRET, token, mail.from);
    if (!ticketId) {
      this.logger.warn(
        { from: mail.from, via: source.via },
        'reply token not signed for this sender',
      );
      throw refused('the reply address was not issued to this sender');
    }
    if (!mail.text) return { outcome: 'ignored', reason: 'no new text above the quote' };
    const user = await this.tickets.userByEmail(mail.from);
    if (!user) throw refused('the sender has no active account');
    const { principal, scope } = await this.principals.forVerifiedMail(user.id);
    const message = await this.tickets.addMessage(
      { principal, scope, meta: { ip: source.ip, userAgent: source.via, secure: true } },
      ticketId,
      { body: mail.text.slice(0, 20_000), internal: false },
    );
    return { outcome: 'added', ticketId, messageId: message.id };
  }
}

async function readAll(stream: Readable, max: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of stream) {
    const chunk = Buffer.isBuffer(c) ? c : Buffer.from(c as string);
    size += chunk.length;
    if (size > max) throw tooLarge(max);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('latin1');
}
