import type { Browser, Page } from 'playwright-core';
import {
  baseUrl,
  demoPassword,
  launchBrowser,
  newPage,
  signIn,
  signInByApi,
} from './support/browser';
import { totpCode, totpCodeAfter, totpStepNow } from './support/totp';

// Unique names per run, so the spec also works against a long-running demo platform.
const run = Date.now().toString(36);
const newUserEmail = `e2e-${run}@acme.demo`;
const newUserPassword = `e2e-pass-${run}-long`;

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Account menu' }).click();
  await page.getByRole('menuitem', { name: 'Log out' }).click();
  await page.waitForURL(/\/login/);
}

describe('identity screens (browser)', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('a company admin creates a user, who turns on 2FA and signs in with a TOTP code', async () => {
    const admin = await newPage(browser);
    try {
      await signInByApi(admin.page, 'admin@acme.demo');

      await admin.page.goto('/users/new');
      await admin.page.getByRole('textbox', { name: 'Email' }).fill(newUserEmail);
      await admin.page.getByRole('textbox', { name: 'Name' }).fill(`E2E ${run}`);
      await admin.page.getByRole('switch', { name: /Send an invitation email/ }).uncheck();
      await admin.page.getByLabel('First password').fill(newUserPassword);
      await admin.page.getByRole('button', { name: 'Create' }).click();
      await admin.page.waitForURL(`${baseUrl}/users`);
      await admin.page.getByRole('textbox', { name: 'Search' }).fill(newUserEmail);
      await admin.page.getByRole('gridcell', { name: newUserEmail }).waitFor();
    } finally {
      await admin.context.close();
    }

    const { context, page } = await newPage(browser);
    try {
      await page.goto('/login');
      await signIn(page, newUserEmail, newUserPassword);
      await page.getByRole('heading', { name: /^Welcome, / }).waitFor();

      await page.goto('/profile');
      await page.getByRole('button', { name: 'Set up two-factor authentication' }).click();
      const secret = await page.getByTestId('totp-secret').inputValue();
      expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
      // An accepted code never works twice: signing in below uses a later step's code.
      const enabledStep = totpStepNow();
      await page
        .getByRole('textbox', { name: 'Authentication code' })
        .fill(totpCode(secret, enabledStep * 30_000));
      await page.getByRole('button', { name: 'Turn on' }).click();
      const recovery = await page.getByTestId('recovery-codes').textContent();
      expect((recovery ?? '').trim().split('\n').length).toBeGreaterThanOrEqual(5);
      await signOut(page);

      // Password alone now leads to the second step; a wrong code is refused, the right one works.
      await signIn(page, newUserEmail, newUserPassword);
      const codeField = page.getByRole('textbox', { name: 'Authentication code' });
      await codeField.fill(totpCode(secret) === '000000' ? '111111' : '000000');
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.getByText(/That code is not valid/).waitFor();
      await codeField.fill(totpCodeAfter(secret, enabledStep));
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.waitForURL(`${baseUrl}/`);
      await page.getByRole('heading', { name: /^Welcome, / }).waitFor();
    } finally {
      await context.close();
    }
  });

  it('a user of a company that requires 2FA sets it up at sign-in before getting in', async () => {
    // Set-up through the API: a fresh company with the requirement on, and one user in it.
    const api = async (path: string, init: RequestInit & { token?: string } = {}) => {
      const res = await fetch(`${baseUrl}/api${path}`, {
        ...init,
        headers: {
          'content-type': 'application/json',
          ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        },
      });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return res.json();
    };
    const root = await api('/auth/login', {
      method: 'POST',
      body: JSON.stringify({ email: 'admin@demo.local', password: demoPassword }),
    });
    const company = await api('/companies', {
      method: 'POST',
      token: root.accessToken,
      body: JSON.stringify({ name: `E2E 2FA ${run}`, slug: `e2e-2fa-${run}`, require2fa: true }),
    });
    const email = `e2e-2fa-${run}@example.test`;
    await api('/users', {
      method: 'POST',
      token: root.accessToken,
      body: JSON.stringify({
        email,
        name: `E2E 2FA ${run}`,
        role: 'user',
        companyId: company.id,
        password: newUserPassword,
      }),
    });

    const { context, page } = await newPage(browser);
    try {
      await page.goto('/login');
      await signIn(page, email, newUserPassword);
      await page.getByText(/organisation requires two-factor/).waitFor();
      await page.getByRole('button', { name: 'Set up two-factor authentication' }).click();
      const secret = await page.getByTestId('totp-secret').inputValue();
      const enabledStep = totpStepNow();
      await page
        .getByRole('textbox', { name: 'Authentication code' })
        .fill(totpCode(secret, enabledStep * 30_000));
      await page.getByRole('button', { name: 'Turn on and sign in' }).click();
      const recovery = await page.getByTestId('recovery-codes').textContent();
      expect((recovery ?? '').trim().split('\n')).toHaveLength(10);
      await page.getByRole('button', { name: 'I saved them, continue' }).click();
      await page.waitForURL(/\/(mobile)?$/);
      await signOut(page);

      // Next time it is the ordinary code step.
      await signIn(page, email, newUserPassword);
      await page
        .getByRole('textbox', { name: 'Authentication code' })
        .fill(totpCodeAfter(secret, enabledStep));
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.waitForURL(/\/(mobile)?$/);
    } finally {
      await context.close();
    }
  });

  it('a platform admin creates a company and suspends it after confirming', async () => {
    const { context, page } = await newPage(browser);
    const name = `E2E Company ${run}`;
    try {
      await signInByApi(page, 'admin@demo.local');

      await page.goto('/companies');
      await page.getByRole('gridcell', { name: 'Acme Corp' }).waitFor();
      await page.getByRole('link', { name: 'New company' }).click();
      await page.getByRole('textbox', { name: 'Name' }).fill(name);
      await page.getByRole('textbox', { name: 'Contact email' }).fill(`ops-${run}@example.com`);
      await page.getByRole('textbox', { name: 'Max. virtual machines' }).fill('5');
      await page.getByRole('button', { name: 'Create' }).click();
      await page.waitForURL(`${baseUrl}/companies`);

      await page.getByRole('textbox', { name: 'Search' }).fill(name);
      const row = page.getByRole('row', { name: new RegExp(name) });
      await row.getByText('Active').waitFor();
      await row.getByRole('menuitem', { name: 'Suspend' }).click();
      const dialog = page.getByRole('dialog', { name: `Suspend ${name}?` });
      await dialog.getByRole('button', { name: 'Suspend' }).click();
      await dialog.waitFor({ state: 'detached' });
      await row.getByText('Suspended').waitFor();
    } finally {
      await context.close();
    }
  });

  it('the activity log lists sign-ins for a company admin', async () => {
    const { context, page } = await newPage(browser);
    try {
      await signInByApi(page, 'admin@acme.demo');
      await page.goto('/activity');
      await page.getByRole('heading', { name: 'Activity log' }).waitFor();
      // The actor column names the person (the address is its tooltip).
      await page.getByRole('gridcell', { name: 'Alice Acme' }).first().waitFor();
    } finally {
      await context.close();
    }
  });
});
