import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createTransport, type SendMailOptions } from 'nodemailer';
import { InboundSmtpModule } from '../../src/inbound-smtp.module';
import { TicketInboundSmtp } from '../../src/modules/tickets/ticket-inbound-smtp.service';
import { replyAddress, replyToken } from '../../src/modules/tickets/ticket-reply-token';
import { freePort } from '../helpers/free-port';
import { isolatedEnv } from '../helpers/isolated-env';
import { TestContext, type LoggedIn } from '../helpers/test-context';

const BASE = 'support@mp.test';

/**
 * Replies by e-mail through the inbound SMTP listener: real SMTP (nodemailer) to the process
 * module that `node backend/dist/inbound-smtp.js` runs, then the ticket read back over the API.
 */
describe('inbound SMTP for ticket replies', () => {
  let isolated: Awaited<ReturnType<typeof isolatedEnv>>;
  let ctx: TestContext;
  let listener: INestApplicationContext;
  let port: number;
  let admin: LoggedIn;
  let adminId: string;
  let adminEmail: string;
  let otherEmail: string;

  beforeAll(async () => {
    // An own database and queue prefix: the notification jobs the replies enqueue stay here.
    isolated = await isolatedEnv('smtpin');
    port = await freePort();
    ctx = await TestContext.create({
      env: {
        ...isolated.env,
        PUBLIC_URL: 'http://mp.test',
        TICKET_REPLY_ADDRESS: BASE,
        INBOUND_SMTP_PORT: String(port),
      },
    });
    listener = await NestFactory.createApplicationContext(InboundSmtpModule.forRoot(ctx.config), {
      logger: false,
      abortOnError: false,
    });
    await listener.init();
    const a = await ctx.newCompany();
    const b = await ctx.newCompany();
    const u = await ctx.newUser({ role: 'company_admin', companyId: a.id });
    adminId = u.id;
    adminEmail = u.email;
    admin = await ctx.login(u);
    otherEmail = (await ctx.newUser({ role: 'company_admin', companyId: b.id })).email;
  }, 120_000);

  afterAll(async () => {
    await listener?.close();
    await ctx?.close();
    await isolated?.drop();
  });

  const send = (mail: SendMailOptions) =>
    createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true }).sendMail({
      subject: 'Re: your ticket',
      ...mail,
    });

  /** The SMTP error a send ends with (null when it was accepted). */
  const refusal = async (mail: SendMailOptions) => {
    try {
      await send(mail);
      return null;
    } catch (err) {
      const e = err as { responseCode?: number; command?: string; response?: string };
      return { code: e.responseCode, command: e.command, response: e.response };
    }
  };

  async function newTicket(subject: string) {
    const res = await ctx.http
      .post('/api/tickets')
      .set(admin.auth)
      .send({ subject, description: 'The backup failed again' });
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    const address = replyAddress(BASE, replyToken(ctx.config.env.JWT_SECRET, id, adminEmail));
    const count = () => ctx.prisma.ticketMessage.count({ where: { ticketId: id } });
    return { id, address, count, before: await count() };
  }

  it('listens where INBOUND_SMTP_PORT says, in its own process module', () => {
    expect(listener.get(TicketInboundSmtp).address()).toMatchObject({
      address: '127.0.0.1',
      port,
    });
  });

  it('adds a reply sent over SMTP to the ticket its address was issued for', async () => {
    const t = await newTicket('SMTP reply ticket');
    const other = await newTicket('Another ticket');
    const info = await send({
      from: adminEmail,
      to: t.address,
      text: 'Ran it by hand — it works now.\n\nOn Mon, Support wrote:\n> Please retry',
    });
    expect(info.accepted).toEqual([t.address]);
    const res = await ctx.http.get(`/api/tickets/${t.id}`).set(admin.auth);
    expect(res.body.messages.at(-1)).toMatchObject({
      body: 'Ran it by hand — it works now.',
      author: { id: adminId },
      fromStaff: false,
      internal: false,
    });
    expect(await other.count()).toBe(other.before);
    expect(await t.count()).toBe(t.before + 1);
  });

  it('refuses an altered token or another sender after DATA, storing nothing', async () => {
    const t = await newTicket('Guarded SMTP ticket');
    // One letter in the middle changed: well-formed, so RCPT passes, but not signed.
    const [local, domain] = t.address.split('@');
    const i = local.indexOf('+') + 10;
    const altered = `${local.slice(0, i)}${local[i] === 'a' ? 'b' : 'a'}${local.slice(i + 1)}@${domain}`;
    expect(await refusal({ from: adminEmail, to: altered, text: 'Tampered' })).toMatchObject({
      code: 550,
      command: 'DATA',
    });
    // Another company's admin using this address.
    expect(await refusal({ from: otherEmail, to: t.address, text: 'Injected' })).toMatchObject({
      code: 550,
      command: 'DATA',
    });
    expect(await t.count()).toBe(t.before);
  });

  it('refuses recipients other than well-formed reply addresses at RCPT', async () => {
    const t = await newTicket('RCPT ticket');
    const [local, domain] = t.address.split('@');
    const token = local.slice(local.indexOf('+') + 1);
    const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
    // The last character's unused bits set: the same bytes, not the canonical spelling.
    const uncanonical = `${local.slice(0, -1)}${alphabet[alphabet.indexOf(local.at(-1)!) + 1]}@${domain}`;
    for (const to of [
      BASE,
      'postmaster@mp.test',
      `support+${token}@elsewhere.test`,
      `help+${token}@mp.test`,
      `support+${token.slice(0, 20)}@mp.test`,
      uncanonical,
    ]) {
      expect({ to, ...(await refusal({ from: adminEmail, to, text: 'Hello' })) }).toMatchObject({
        to,
        code: 550,
        command: 'RCPT TO',
      });
    }
    expect(await t.count()).toBe(t.before);
  });

  it('accepts and drops automatic replies and bounces; refuses oversized mail', async () => {
    const t = await newTicket('Auto reply ticket');
    const away = await refusal({
      from: adminEmail,
      to: t.address,
      text: 'I am out of office',
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    expect(away).toBeNull();
    // A bounce: empty envelope sender.
    const bounce = await refusal({
      from: adminEmail,
      to: t.address,
      envelope: { from: '', to: [t.address] },
      text: 'Delivery failed',
    });
    expect(bounce).toBeNull();
    const big = await refusal({ from: adminEmail, to: t.address, text: 'x'.repeat(1_100_000) });
    expect(big).toMatchObject({ code: 552 });
    expect(await t.count()).toBe(t.before);
  });
});
