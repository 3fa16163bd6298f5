import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTransport } from 'nodemailer';
import type { Browser } from 'playwright-core';
import { call, signInApi } from './support/api';
import { baseUrl, launchBrowser, newPage, signIn } from './support/browser';

// Support tickets end to end: Acme's user opens a ticket from a guest's page (the guest linked)
// with a screenshot attached, the MSP answers in its own session (a reply and an internal note),
// the user sees the reply but never the note, all under Acme's branding (product name and primary
// colour through the MUI theme). The mails arrive at the local SMTP sink (`npm test` spools them to
// E2E_MAIL_DIR), and the user's answer by e-mail, sent over SMTP to the inbound listener, lands in
// the conversation.

interface Branding {
  productName: string | null;
  primaryColor: string | null;
}

// A 1×1 PNG: the "screenshot".
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

function mailDir(): string {
  const dir = process.env.E2E_MAIL_DIR;
  if (!dir) throw new Error('E2E_MAIL_DIR is not set: run through `node scripts/test.mjs`');
  return dir;
}

/** A spooled mail, headers unfolded and quoted-printable soft breaks and `=3D` undone. */
function readable(raw: string): string {
  return raw
    .replace(/\r\n/g, '\n')
    .replace(/\n[ \t]+/g, ' ')
    .replace(/=\n/g, '')
    .replace(/=3D/g, '=');
}

function mails(): string[] {
  const dir = mailDir();
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((f) => readable(fs.readFileSync(path.join(dir, f), 'utf8')));
}

/** Waits for the first mail to `to` (null: anyone) whose text contains every one of `parts`. */
async function mailTo(to: string | null, parts: string[], timeoutMs = 45_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = mails().find(
      (m) =>
        (to === null || new RegExp(`^To: .*${to.replace(/\W/g, '\\$&')}`, 'mi').test(m)) &&
        parts.every((p) => m.includes(p)),
    );
    if (found) return found;
    if (Date.now() > deadline)
      throw new Error(`no mail to ${to ?? 'anyone'} with ${parts.join(' / ')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const header = (mail: string, name: string) =>
  new RegExp(`^${name}: (.*)$`, 'mi').exec(mail.split('\n\n')[0])?.[1]?.trim() ?? null;

describe('support tickets (browser)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a customer opens a ticket from a guest with a screenshot; reply, note, mails and an e-mailed answer', async () => {
    mailDir();
    const operator = (await signInApi('admin@demo.local')).accessToken;
    const user = await signInApi('user@acme.demo');
    const acme = user.user.companyId!;
    const [guest] = (
      await call<{ items: Array<{ id: string; name: string }> }>(
        '/vms?page=1&pageSize=20',
        user.accessToken,
        undefined,
        'GET',
      )
    ).items;
    expect(guest).toBeDefined();
    const tag = Date.now().toString(36);
    const before = await call<Branding>(`/companies/${acme}/branding`, operator, undefined, 'GET');
    const productName = `Acme Cloud ${tag}`;
    await call(
      `/companies/${acme}/branding`,
      operator,
      { productName, primaryColor: '#aa3300' },
      'PUT',
    );
    const customer = await newPage(browser);
    const staff = await newPage(browser);
    try {
      // The guest's page, through the sign-in (one page load: the SPA comes back to the guest).
      const page = customer.page;
      await page.goto(`/vms/${guest.id}`);
      await page.waitForURL(/\/login\?next=/);
      await signIn(page, 'user@acme.demo');
      await page.waitForURL(`${baseUrl}/vms/${guest.id}`);
      // Acme's name in the console's bar, its colour on the primary button.
      await page.locator(`text=${productName} >> visible=true`).first().waitFor();

      // "Open a ticket" there: the form knows the guest.
      await page.getByRole('link', { name: 'Open a ticket' }).click();
      await page.waitForURL(`${baseUrl}/tickets/new?guestId=${guest.id}`);
      const subject = `E2E printer on fire ${tag}`;
      await page.getByRole('textbox', { name: 'Subject' }).fill(subject);
      await page.getByRole('textbox', { name: 'What happened?' }).fill('Smoke since 9:00');
      await page.getByLabel('Attach files').setInputFiles({
        name: 'screenshot.png',
        mimeType: 'image/png',
        buffer: PNG,
      });
      await page.getByText('screenshot.png').waitFor();
      const submit = page.getByRole('button', { name: 'Open a ticket' });
      expect(await submit.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe(
        'rgb(170, 51, 0)',
      );
      await submit.click();
      await page.waitForURL(/\/tickets\/[0-9a-f-]{36}$/);
      const ticketUrl = new URL(page.url()).pathname;
      const ticketId = ticketUrl.split('/').pop()!;
      await page.getByRole('heading', { name: subject }).waitFor();
      // The guest is linked, and the screenshot arrived.
      const guestLink = page.getByRole('link', { name: guest.name, exact: true });
      await guestLink.waitFor();
      expect(await guestLink.getAttribute('href')).toBe(`/vms/${guest.id}`);
      const chip = page.getByRole('button', { name: /^screenshot\.png/ });
      await chip.waitFor();
      // Downloaded through the SPA it is the same bytes; the server hands it out as a download
      // only (never rendered inline: no HTML of an attacker's can run on the platform's origin).
      const [download] = await Promise.all([page.waitForEvent('download'), chip.click()]);
      expect(download.suggestedFilename()).toBe('screenshot.png');
      // saveAs, not path(): the browser may be a shared one this file is connected to.
      const saved = path.join(os.tmpdir(), `e2e-download-${Date.now()}.png`);
      await download.saveAs(saved);
      expect(fs.readFileSync(saved).equals(PNG)).toBe(true);
      fs.rmSync(saved);
      const ticket = await call<{ attachments: Array<{ id: string }>; guestId: string }>(
        `/tickets/${ticketId}`,
        user.accessToken,
        undefined,
        'GET',
      );
      expect(ticket.guestId).toBe(guest.id);
      const file = await fetch(
        `${baseUrl}/api/tickets/${ticketId}/attachments/${ticket.attachments[0].id}`,
        {
          headers: { Authorization: `Bearer ${user.accessToken}` },
        },
      );
      expect(file.status).toBe(200);
      expect(file.headers.get('content-disposition')).toMatch(
        /^attachment; filename="screenshot\.png"/,
      );
      expect(file.headers.get('x-content-type-options')).toBe('nosniff');
      expect(file.headers.get('content-security-policy')).toContain('sandbox');
      // An HTML page is no attachment at all.
      const html = await fetch(
        `${baseUrl}/api/tickets/${ticketId}/attachments?fileName=page.html`,
        {
          method: 'POST',
          headers: { Authorization: `Bearer ${user.accessToken}`, 'Content-Type': 'text/html' },
          body: '<script>alert(1)</script>',
        },
      );
      expect(html.status).toBe(415);

      // The MSP hears of the new ticket by mail, with a link to it.
      const opened = await mailTo('admin@demo.local', [`[ticket ${ticketId}]`, 'New ticket']);
      expect(opened).toContain(`/tickets/${ticketId}`);

      // The MSP answers in its own session: a public reply, then an internal note.
      const s = staff.page;
      await s.goto(ticketUrl);
      await s.waitForURL(/\/login\?next=/);
      await signIn(s, 'admin@demo.local');
      await s.waitForURL(`${baseUrl}${ticketUrl}`);
      const reply = s.getByRole('textbox', { name: 'Reply' });
      await reply.fill(`Extinguisher on its way ${tag}`);
      await s.getByRole('button', { name: 'Send' }).click();
      await s.getByText(`Extinguisher on its way ${tag}`).waitFor();
      // The form clears itself once the reply is saved: fill it only after that.
      for (let i = 0; i < 100 && (await reply.inputValue()) !== ''; i++)
        await s.waitForTimeout(100);
      await reply.fill(`INTERNAL: bill them ${tag}`);
      await s.getByLabel('Internal note (staff only)').click();
      await s.getByRole('button', { name: 'Send' }).click();
      await s.getByText(`INTERNAL: bill them ${tag}`).waitFor();

      // The customer sees the reply and the new status, never the note.
      await page.reload();
      await page.getByText(`Extinguisher on its way ${tag}`).waitFor();
      await page.getByText('Waiting on customer').first().waitFor();
      expect(await page.getByText(`INTERNAL: bill them ${tag}`).count()).toBe(0);

      // The reply reaches the customer's inbox with a link to the ticket and a signed Reply-To.
      const replied = await mailTo('user@acme.demo', [
        `[ticket ${ticketId}]`,
        `Extinguisher on its way ${tag}`,
      ]);
      expect(replied).toContain(`/tickets/${ticketId}`);
      const replyTo = header(replied, 'Reply-To');
      expect(replyTo).toMatch(/^support\+[a-z2-7]+@e2e\.test$/);

      // The customer answers by e-mail, delivered over SMTP to the inbound listener (the MX).
      const answer = `Fire is out, thanks ${tag}`;
      const raw = [
        'From: Andy Acme <user@acme.demo>',
        `To: ${replyTo}`,
        `Subject: Re: ${header(replied, 'Subject')}`,
        `Message-ID: <${tag}@acme.demo>`,
        `Date: ${new Date().toUTCString()}`,
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: 8bit',
        '',
        answer,
        '',
        'On Monday, Support wrote:',
        `> Extinguisher on its way ${tag}`,
        '',
      ].join('\r\n');
      // Posted to the relay route without its secret, it is refused.
      const relayed = await fetch(`${baseUrl}/api/tickets/inbound-mail`, {
        method: 'POST',
        headers: {
          'Content-Type': 'message/rfc822',
          'X-Relay-Secret': 'not-the-relay-secret-at-all-000',
        },
        body: raw,
      });
      expect(relayed.status).toBe(401);
      const smtp = createTransport({
        host: '127.0.0.1',
        port: Number(process.env.INBOUND_SMTP_PORT),
        secure: false,
        ignoreTLS: true,
      });
      // Another address of the reply domain is refused at RCPT TO.
      await expect(
        smtp.sendMail({ envelope: { from: 'user@acme.demo', to: ['support@e2e.test'] }, raw }),
      ).rejects.toMatchObject({ responseCode: 550 });
      const sent = await smtp.sendMail({
        envelope: { from: 'user@acme.demo', to: [replyTo!] },
        raw,
      });
      expect(sent.accepted).toEqual([replyTo]);
      await page.reload();
      await page.getByText(answer, { exact: true }).waitFor();
      expect(await page.getByText('On Monday, Support wrote:').count()).toBe(0);
      await page.getByText('Waiting on support').first().waitFor();

      // The note went out to staff, but no mail to the customer ever carried it.
      const note = await mailTo(null, [`INTERNAL: bill them ${tag}`]);
      expect(header(note, 'To')).not.toContain('acme.demo');
      await mailTo('admin@demo.local', [`[ticket ${ticketId}]`, answer]);
      expect(
        mails().filter(
          (m) => /^To: .*user@acme\.demo/im.test(m) && m.includes('INTERNAL: bill them'),
        ),
      ).toEqual([]);

      // The SLA page (/tickets/sla): the month's figures have a row for Acme, and
      // the policies tab lists the companies to set a policy for.
      const acmeName = (
        await call<{ name: string }>(`/companies/${acme}`, operator, undefined, 'GET')
      ).name;
      await s.goto('/tickets');
      await s.getByRole('link', { name: 'SLA', exact: true }).click();
      await s.waitForURL(/\/tickets\/sla/);
      const figures = s.getByRole('table', { name: 'Figures' });
      const named = acmeName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      await figures.getByRole('row', { name: new RegExp(named) }).waitFor();
      await s.getByRole('tab', { name: 'Policies' }).click();
      await s.getByRole('combobox', { name: 'Policy of' }).click();
      await s.getByRole('option', { name: new RegExp(`^${named}`) }).waitFor();
      await s.keyboard.press('Escape');
    } finally {
      await customer.context.close();
      await staff.context.close();
      await call(
        `/companies/${acme}/branding`,
        operator,
        { productName: before.productName, primaryColor: before.primaryColor },
        'PUT',
      );
    }
  }, 150_000);
});
