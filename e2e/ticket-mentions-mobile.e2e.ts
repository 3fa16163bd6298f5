import type { Browser } from 'playwright-core';
import { call, signInApi } from './support/api';
import { baseUrl, launchBrowser, newPage, signInByApi } from './support/browser';

// Two ticket flows people use: staff @mention a colleague through the reply box's suggestions (the
// mention is stored and the colleague finds the ticket under "Mentions me"), and a customer on a
// phone opens a ticket from a guest's /mobile page (the ticket is linked to that guest and the MSP
// sees it).

interface Ticket {
  id: string;
  subject: string;
  guestId: string | null;
  companyId: string;
  messages: Array<{ body: string; mentions: Array<{ id: string; email: string }> }>;
}

describe('ticket mentions and phone tickets (browser)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('staff @mention a colleague from the suggestions; it is stored and under "Mentions me"', async () => {
    const tag = Date.now().toString(36);
    const subject = `E2E mention ${tag}`;
    const customer = (await signInApi('user@acme.demo')).accessToken;
    const ticket = await call<Ticket>('/tickets', customer, {
      subject,
      description: 'The disk is full',
    });
    const staff = await newPage(browser);
    const colleague = await newPage(browser);
    try {
      const s = staff.page;
      const operator = await signInByApi(s, 'admin@demo.local');
      await s.goto(`/tickets/${ticket.id}`);
      await s.getByRole('heading', { name: subject }).waitFor();
      const reply = s.getByRole('textbox', { name: 'Reply' });
      // Typing "@sa" offers the company's MSP staff matching it; picking one writes the handle.
      await reply.fill('Over to you ');
      await reply.pressSequentially('@sa');
      const suggestions = s.getByRole('list', { name: 'People to mention' });
      await suggestions.getByRole('button', { name: /Sam Sales/ }).click();
      await s.waitForFunction(
        () =>
          (document.activeElement as HTMLTextAreaElement | null)?.value === 'Over to you @sales ',
      );
      await reply.pressSequentially(`please check ${tag}`);
      await s.getByRole('button', { name: 'Send' }).click();
      await s.getByText('Mentioned: Sam Sales').waitFor();

      // Stored on the message, as the API gives it.
      const stored = await call<Ticket>(`/tickets/${ticket.id}`, operator, undefined, 'GET');
      const last = stored.messages.at(-1)!;
      expect(last.body).toBe(`Over to you @sales please check ${tag}`);
      expect(last.mentions.map((m) => m.email)).toEqual(['sales@demo.local']);

      // The colleague's "Mentions me" view lists the ticket; the operator's own does not.
      const c = colleague.page;
      await signInByApi(c, 'sales@demo.local');
      await c.goto('/tickets');
      await c.getByRole('button', { name: 'Mentions me' }).click();
      await c.waitForURL(/[?&]view=mentions/);
      await c.getByText(subject, { exact: true }).waitFor();
      const own = await call<{ items: Array<{ id: string }> }>(
        `/tickets?view=mentions&page=1&pageSize=100`,
        operator,
        undefined,
        'GET',
      );
      expect(own.items.map((t) => t.id)).not.toContain(ticket.id);
    } finally {
      await staff.context.close();
      await colleague.context.close();
    }
  }, 120_000);

  it('a customer opens a ticket from a guest on /mobile; linked to the guest, seen by the MSP', async () => {
    const tag = Date.now().toString(36);
    const subject = `E2E phone ticket ${tag}`;
    const phone = await newPage(browser, 'phone');
    const staff = await newPage(browser);
    try {
      const page = phone.page;
      const customer = await signInByApi(page, 'user@acme.demo');
      const [guest] = (
        await call<{ items: Array<{ id: string; name: string }> }>(
          '/vms?page=1&pageSize=20',
          customer,
          undefined,
          'GET',
        )
      ).items;
      expect(guest).toBeDefined();
      await page.goto(`/mobile/vms/${guest.id}`);
      await page.getByRole('link', { name: 'Open a ticket' }).click();
      await page.waitForURL(/\/mobile\/tickets\/new\?/);
      expect(new URL(page.url()).searchParams.get('guestId')).toBe(guest.id);
      await page.getByText(`About guest: ${guest.name}`).waitFor();
      await page.getByRole('textbox', { name: 'Subject' }).fill(subject);
      await page.getByRole('textbox', { name: 'What happened?' }).fill('It will not boot');
      await page.getByRole('button', { name: 'Open a ticket' }).click();
      await page.waitForURL(/\/mobile\/tickets\/[0-9a-f-]{36}$/);
      const ticketId = new URL(page.url()).pathname.split('/').pop()!;
      await page.getByText(subject).first().waitFor();

      // Linked to the guest, opened by the customer (as the API tells the customer).
      const mine = await call<Ticket & { requester: { email: string } }>(
        `/tickets/${ticketId}`,
        customer,
        undefined,
        'GET',
      );
      expect(mine).toMatchObject({ subject, guestId: guest.id });
      expect(mine.requester.email).toBe('user@acme.demo');

      // The MSP finds it in its list and sees the guest link on the ticket's page.
      const s = staff.page;
      await signInByApi(s, 'admin@demo.local');
      await s.goto(`/tickets?search=${encodeURIComponent(tag)}`);
      await s.getByText(subject, { exact: true }).click();
      await s.waitForURL(`${baseUrl}/tickets/${ticketId}`);
      const guestLink = s.getByRole('link', { name: guest.name, exact: true });
      await guestLink.waitFor();
      expect(await guestLink.getAttribute('href')).toBe(`/vms/${guest.id}`);
    } finally {
      await phone.context.close();
      await staff.context.close();
    }
  }, 120_000);
});
