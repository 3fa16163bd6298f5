import type { Browser } from 'playwright-core';
import { baseUrl, demoPassword, launchBrowser, newPage, signIn } from './support/browser';

// Support tickets end to end: Acme's user opens a ticket in the web console, the MSP answers in its
// own session (a reply and an internal note), and the user sees the reply but never the note, all
// under Acme's branding (product name and primary colour through the MUI theme).

async function call<T>(path: string, token: string | null, body?: unknown, method = 'POST') {
  const res = await fetch(`${baseUrl}/api${path}`, {
    method,
    headers: {
      'Content-Type': 'application/json',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

const login = (email: string) =>
  call<{ accessToken: string; user: { companyId: string } }>('/auth/login', null, {
    email,
    password: demoPassword,
  });

interface Branding {
  productName: string | null;
  primaryColor: string | null;
}

describe('support tickets (browser)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a customer opens a ticket, staff reply and note, the customer sees the reply under its branding', async () => {
    const operator = (await login('admin@demo.local')).accessToken;
    const acme = (await login('user@acme.demo')).user.companyId;
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
      const page = customer.page;
      await page.goto('/login');
      await signIn(page, 'user@acme.demo');
      await page.waitForURL(`${baseUrl}/`);
      // Acme's name in the console's bar, its colour on the primary button.
      await page.locator(`text=${productName} >> visible=true`).first().waitFor();
      await page.goto('/tickets/new');
      const subject = `E2E printer on fire ${tag}`;
      await page.getByRole('textbox', { name: 'Subject' }).fill(subject);
      await page.getByRole('textbox', { name: 'What happened?' }).fill('Smoke since 9:00');
      const submit = page.getByRole('button', { name: 'Open a ticket' });
      expect(await submit.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe(
        'rgb(170, 51, 0)',
      );
      await submit.click();
      await page.waitForURL(/\/tickets\/[0-9a-f-]{36}$/);
      const ticketUrl = new URL(page.url()).pathname;
      await page.getByRole('heading', { name: subject }).waitFor();

      // The MSP answers in its own session: a public reply, then an internal note.
      const s = staff.page;
      await s.goto('/login');
      await signIn(s, 'admin@demo.local');
      await s.waitForURL(`${baseUrl}/`);
      await s.goto(ticketUrl);
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
  });
});
