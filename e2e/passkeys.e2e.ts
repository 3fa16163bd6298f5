import type { Browser } from 'playwright-core';
import { baseUrl, launchBrowser, newPage, signInByApi } from './support/browser';

/*
 * Passkeys in Chromium with a virtual authenticator (DevTools protocol WebAuthn domain): a person
 * registers a passkey on their profile, signs out, and signs in again without a password. The
 * relying party is PUBLIC_URL's host, so E2E_BASE_URL must be on a host name (localhost), not an IP.
 */
describe('passkeys (browser)', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('registers a passkey, signs out and signs in with it alone', async () => {
    const { context, page } = await newPage(browser);
    try {
      const cdp = await context.newCDPSession(page);
      await cdp.send('WebAuthn.enable');
      const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
        options: {
          protocol: 'ctap2',
          transport: 'internal',
          hasResidentKey: true,
          hasUserVerification: true,
          isUserVerified: true,
          automaticPresenceSimulation: true,
        },
      });

      await signInByApi(page, 'user@acme.demo');
      await page.goto('/profile');
      const card = page.getByRole('form', { name: 'Add a passkey' });
      await card.getByLabel('Passkey name').fill('E2E virtual key');
      await card.getByRole('button', { name: 'Add a passkey' }).click();
      await page.getByText('E2E virtual key').waitFor();
      const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
      expect(credentials).toHaveLength(1);
      expect(credentials[0].isResidentCredential).toBe(true);

      await page.getByRole('button', { name: 'Account menu' }).click();
      await page.getByRole('menuitem', { name: 'Log out' }).click();
      await page.waitForURL(/\/login/);

      // No email, no password: the browser offers the site's passkey, the authenticator signs.
      await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
      await page.waitForURL(`${baseUrl}/`);
      await page.getByRole('heading', { name: /^Welcome, / }).waitFor();
      const after = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
      expect(after.credentials[0].signCount).toBeGreaterThan(0);

      // Clean up: the demo user keeps no passkey for the other browser tests.
      await page.goto('/profile');
      await page.getByRole('button', { name: 'Remove passkey E2E virtual key' }).click();
      await page.getByText('No passkeys yet.').waitFor();
    } finally {
      await context.close();
    }
  });
});
