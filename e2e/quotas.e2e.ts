import type { Browser, Page } from 'playwright-core';
import { baseUrl, demoPassword, launchBrowser, newPage, signInByApi } from './support/browser';

// The quota loop end to end: Acme's admin asks for more, the operator approves one request and
// declines another with a reason in the staff console, and the API's state follows. This is the flow
// whose buttons once posted no body (400) while every mocked frontend test passed.

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

interface QuotaRequest {
  id: string;
  status: string;
  note: string | null;
  requestedByName: string;
  decidedByName: string | null;
}

/** The grid row showing `reason`. */
const rowOf = (page: Page, reason: string) =>
  page.getByRole('row').filter({ has: page.getByText(reason, { exact: true }) });

describe('quota requests (browser)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the operator approves one request and declines another with a reason', async () => {
    const session = await login('admin@acme.demo');
    const acme = session.accessToken;
    const companyId = session.user.companyId;
    const tag = Date.now().toString(36);
    const ask = (guests: number, reason: string) =>
      call<QuotaRequest>('/quota-requests', acme, { companyId, requested: { guests }, reason });
    const toApprove = await ask(900, `E2E approve ${tag}`);
    const toDecline = await ask(901, `E2E decline ${tag}`);

    const { context, page } = await newPage(browser);
    try {
      await signInByApi(page, 'admin@demo.local');
      await page.goto('/quota-requests?status=pending');
      const approveRow = rowOf(page, `E2E approve ${tag}`);
      await approveRow.getByText('Alice Acme').waitFor();
      await approveRow.getByRole('button', { name: 'Approve' }).click();
      const approveDialog = page.getByRole('dialog', { name: 'Approve the request of Acme Corp?' });
      await approveDialog.getByText(/Alice Acme asks for Guests: 900/).waitFor();
      await approveDialog.getByRole('button', { name: 'Approve' }).click();
      await approveDialog.waitFor({ state: 'hidden' });

      await rowOf(page, `E2E decline ${tag}`).getByRole('button', { name: 'Decline' }).click();
      const declineDialog = page.getByRole('dialog', { name: 'Decline the request of Acme Corp?' });
      await declineDialog.getByRole('textbox', { name: /Reason/ }).fill('Use the spare cluster');
      await declineDialog.getByRole('button', { name: 'Decline' }).click();
      await declineDialog.waitFor({ state: 'hidden' });

      // Both left the pending filter; with "All" they show their outcome and who decided.
      await page.goto('/quota-requests');
      await rowOf(page, `E2E approve ${tag}`).getByText('Approved').waitFor();
      const declined = rowOf(page, `E2E decline ${tag}`);
      await declined.getByText('Declined').waitFor();
      await declined.getByText(/Use the spare cluster/).waitFor();
    } finally {
      await context.close();
    }

    const list = await call<{ items: QuotaRequest[] }>(
      '/quota-requests?pageSize=200',
      acme,
      undefined,
      'GET',
    );
    const byId = new Map(list.items.map((r) => [r.id, r]));
    expect(byId.get(toApprove.id)).toMatchObject({
      status: 'approved',
      requestedByName: 'Alice Acme',
    });
    expect(byId.get(toDecline.id)).toMatchObject({
      status: 'declined',
      note: 'Use the spare cluster',
    });
    const quota = await call<{ limits: { guests: number | null } }>(
      `/companies/${companyId}/quota`,
      acme,
      undefined,
      'GET',
    );
    expect(quota.limits.guests).toBe(900);
  });
});
