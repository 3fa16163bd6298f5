import type { Browser } from 'playwright-core';
import { baseUrl, launchBrowser, newPage, signIn } from './support/browser';

describe('login (browser)', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('serves the SPA and sends a signed-out visitor to the sign-in page', async () => {
    const { context, page } = await newPage(browser);
    try {
      const response = await page.goto('/');
      expect(response?.status()).toBe(200);
      await page.waitForURL(`${baseUrl}/login`);
      // waitFor, not isVisible: the sign-in screen is a lazily loaded chunk.
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await page.getByRole('button', { name: 'Sign in with Microsoft' }).waitFor();
    } finally {
      await context.close();
    }
  });

  it('rejects a wrong password with a readable message', async () => {
    const { context, page } = await newPage(browser);
    try {
      await page.goto('/login');
      await signIn(page, 'admin@acme.demo', 'definitely-not-the-password');
      await page.getByText('Wrong email or password.').waitFor();
      expect(new URL(page.url()).pathname).toBe('/login');
    } finally {
      await context.close();
    }
  });

  it('logs in as admin@acme.demo, shows the dashboard, survives a reload and logs out', async () => {
    const { context, page } = await newPage(browser);
    try {
      await page.goto('/');
      await page.waitForURL(`${baseUrl}/login`);
      await signIn(page, 'admin@acme.demo');

      await page.waitForURL(`${baseUrl}/`);
      await page.getByRole('heading', { name: /^Welcome, / }).waitFor();
      await expect(page.getByTestId('dashboard-role').textContent()).resolves.toContain(
        'Company administrator',
      );
      await expect(page.getByTestId('dashboard-company').textContent()).resolves.toContain(
        'Acme Corp',
      );
      await page.getByRole('list', { name: 'Platform health' }).waitFor();
      // Company admins manage users but not the platform's company list.
      const nav = page.getByRole('navigation', { name: 'Main navigation' }).last();
      await nav.getByRole('link', { name: 'Users' }).waitFor();

      // The access token is in memory only; a reload restores the session from the refresh cookie.
      await page.reload();
      await page.getByRole('heading', { name: /^Welcome, / }).waitFor();

      await page.getByRole('button', { name: 'Account menu' }).click();
      await page.getByRole('menuitem', { name: 'Log out' }).click();
      await page.waitForURL(/\/login/);
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();

      // Logged out for real: a reload must not bring the session back.
      await page.goto('/');
      await page.waitForURL(`${baseUrl}/login`);
    } finally {
      await context.close();
    }
  });

  it('redirects a phone to /mobile, with a sticky way back to the full console', async () => {
    const { context, page } = await newPage(browser, 'phone');
    try {
      await page.goto('/');
      await page.waitForURL(`${baseUrl}/login?next=%2Fmobile`);
      await signIn(page, 'user@acme.demo');

      await page.waitForURL(`${baseUrl}/mobile`);
      await page.getByRole('heading', { name: 'My virtual machines' }).waitFor();

      await page.getByRole('button', { name: 'Switch to full console' }).click();
      await page.waitForURL(`${baseUrl}/`);
      await page.getByRole('heading', { name: /^Welcome, / }).waitFor();

      // The choice sticks (localStorage): a new tab on this phone lands on the console, not /mobile.
      const again = await context.newPage();
      await again.goto('/');
      await again.getByRole('heading', { name: /^Welcome, / }).waitFor();
      expect(new URL(again.url()).pathname).toBe('/');
    } finally {
      await context.close();
    }
  });
});
