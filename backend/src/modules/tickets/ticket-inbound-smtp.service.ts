import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { AppError } from '../../common/errors/app-error';
import { AppConfig } from '../../config/app-config';
import { INBOUND_MAIL_MAX_BYTES, TicketInboundMailService } from './ticket-inbound-mail.service';

/** An SMTP reply: smtp-server answers with the error's responseCode and message. */
const smtpError = (code: number, message: string) =>
  Object.assign(new Error(message), { responseCode: code });

/** How a refused delivery is answered: permanent for what a retry cannot fix, else try later. */
export function smtpReplyFor(err: unknown): Error {
  if (
    err instanceof Error &&
    typeof (err as { responseCode?: unknown }).responseCode === 'number'
  ) {
    return err;
  }
  if (err instanceof AppError) {
    switch (err.code) {
      case 'FORBIDDEN':
      case 'NOT_FOUND':
        return smtpError(550, `5.7.1 ${err.message}`);
      case 'PAYLOAD_TOO_LARGE':
        return smtpError(552, '5.3.4 Message too big');
      case 'VALIDATION_FAILED':
      case 'CONFLICT':
        return smtpError(554, `5.6.0 ${err.message}`);
      default:
        break;
    }
  }
  return smtpError(451, '4.3.0 Temporary failure, try again later');
}

/**
 * The inbound SMTP listener (replies to ticket mails without a relay): accepts mail only for
 * TICKET_REPLY_ADDRESS's well-formed +token addresses (others: 550 at RCPT), at most
 * INBOUND_MAIL_MAX_BYTES, no AUTH; STARTTLS only when a certificate is configured. Each message
 * goes to TicketInboundMailService.deliver, the relay route's own checks (token signed for the
 * sender, automatic replies dropped, the sender's access); a refused one is answered 550 and
 * nothing is stored. Runs in its own process (inbound-smtp.ts) when INBOUND_SMTP_PORT is set.
 */
@Injectable()
export class TicketInboundSmtp implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('TicketInboundSmtp');
  private server: SMTPServer | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly inbound: TicketInboundMailService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { INBOUND_SMTP_PORT: port, INBOUND_SMTP_HOST: host } = this.config.env;
    if (port === undefined) return;
    const server = this.create();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (err) => this.logger.warn({ err: err.message }, 'SMTP connection error'));
    this.server = server;
    this.logger.log(`inbound SMTP listening on ${host}:${port}`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }

  /** Where it listens (null while it does not). */
  address(): AddressInfo | null {
    return (this.server?.server.address() as AddressInfo | null | undefined) ?? null;
  }

  private create(): SMTPServer {
    const env = this.config.env;
    const tls =
      env.INBOUND_SMTP_TLS_CERT && env.INBOUND_SMTP_TLS_KEY
        ? {
            cert: readFileSync(env.INBOUND_SMTP_TLS_CERT),
            key: readFileSync(env.INBOUND_SMTP_TLS_KEY),
          }
        : null;
    return new SMTPServer({
      ...(env.INBOUND_SMTP_NAME ? { name: env.INBOUND_SMTP_NAME } : {}),
      banner: 'Multpanel ticket replies',
      logger: false,
      // An MX takes mail from anyone: no AUTH; the reply token is the credential.
      authOptional: true,
      disabledCommands: tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
      ...(tls ?? {}),
      size: INBOUND_MAIL_MAX_BYTES,
      rejectOversized: true,
      maxClients: 50,
      socketTimeout: 60_000,
      onRcptTo: (address, _session, cb) => {
        if (this.inbound.acceptsRecipient(address.address)) return cb();
        cb(smtpError(550, '5.1.1 No such mailbox'));
      },
      onData: (stream, session, cb) => {
        this.receive(stream, session).then(
          () => cb(),
          (err: unknown) => {
            const reply = smtpReplyFor(err);
            if ((reply as Error & { responseCode: number }).responseCode === 451) {
              this.logger.error({ err }, 'inbound mail could not be delivered');
            }
            cb(reply);
          },
        );
      },
    });
  }

  private async receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<void> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of stream) {
      const chunk = c as Buffer;
      size += chunk.length;
      // Read to the end (the protocol needs it), keep nothing past the limit.
      if (size <= INBOUND_MAIL_MAX_BYTES) chunks.push(chunk);
    }
    if (stream.sizeExceeded || size > INBOUND_MAIL_MAX_BYTES) {
      throw smtpError(552, '5.3.4 Message too big');
    }
    const from = session.envelope.mailFrom;
    // As the final MTA does (RFC 5321 §4.4): the envelope sender, empty for a bounce, which the
    // parser then treats as automatic.
    const returnPath = `Return-Path: <${from ? from.address : ''}>\r\n`;
    const raw = returnPath + Buffer.concat(chunks).toString('latin1');
    const outcome = await this.inbound.deliver(raw, {
      ip: session.remoteAddress,
      via: 'inbound SMTP',
      envelopeRecipients: session.envelope.rcptTo.map((r) => r.address),
    });
    this.logger.log({ ...outcome, ip: session.remoteAddress }, 'inbound mail');
  }
}
