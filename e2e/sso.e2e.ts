import { randomBytes, randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import {
  startOidcProvider,
  type OidcTestProvider,
} from '../backend/test/helpers/oidc-test-provider';
import { baseUrl, demoPassword, launchBrowser, newPage } from './support/browser';

/*
 * Entra ID single sign-on in the browser: a local OpenID provider (its own process, shaped like
 * Entra: /<tenant>/v2.0 issuer, tid and groups claims) is configured as Acme's identity provider
 * through the API, then a person signs in from the login page. The platform's PUBLIC_URL must be
 * E2E_BASE_URL, since the provider only accepts that redirect URI.
 */
const tenantId = randomUUID();
const client = {
  clientId: `multpanel-e2e-${randomUUID()}`,
  clientSecret: randomBytes(12).toString('hex'),
};
const domain = `acme-sso-${randomBytes(3).toString('hex')}.example`;
const adminsGroup = randomUUID();
const priya = `priya@${domain}`;
const intruder = `intruder@${domain}`;

async function api<T>(path: string, init: { token?: string; method?: string; body?: unknown }) {
  const res = await fetch(`${baseUrl}/api${path}`, {
    method: init.method ?? 'GET',
    headers: {
      'Content-Type': 'application/json',
      ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

const login = (email: string) =>
  api<{ accessToken: string; user: { companyId: string | null } }>('/auth/login', {
    method: 'POST',
    body: { email, password: demoPassword },
  });

describe('SSO login with Entra ID (browser, local OpenID provider)', () => {
  let browser: Browser;
  let idp: OidcTestProvider;
  let operator: string;
  let acmeId: string;

  beforeAll(async () => {
    idp = await startOidcProvider({
      tenants: [
        {
          tenantId,
          clients: [{ ...client, redirectUris: [`${baseUrl}/api/auth/sso/callback`] }],
          accounts: [
            { email: priya, name: 'Priya Patel', groups: [adminsGroup] },
            // Signed in at this tenant's endpoint but belonging to another directory.
            { email: intruder, tid: randomUUID() },
          ],
        },
      ],
    });
    operator = (await login('admin@demo.local')).accessToken;
    acmeId = (await login('admin@acme.demo')).user.companyId!;
    await api(`/companies/${acmeId}/identity-provider`, {
      method: 'PUT',
      token: operator,
      body: {
        tenantId,
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        allowedDomains: [domain],
        groupRoleMap: { [adminsGroup]: 'company_admin' },
        defaultRole: 'user',
        jitProvisioning: true,
        enabled: true,
        issuerOverride: idp.issuers[tenantId],
      },
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    if (operator && acmeId) {
      await api(`/companies/${acmeId}/identity-provider`, { method: 'DELETE', token: operator });
    }
    await idp?.close();
  });

  it('signs in through the provider, lands on the dashboard and logs out', async () => {
    const { context, page } = await newPage(browser);
    try {
      await page.goto('/login');
      await page.getByLabel('Email').fill(priya);
      await page.getByRole('button', { name: 'Sign in with Microsoft' }).click();

      // The provider's own sign-in page, with the email passed as login_hint.
      await page.waitForURL((url) => url.href.startsWith(idp.issuers[tenantId]));
      await expect(page.getByLabel('Email').inputValue()).resolves.toBe(priya);
      await page.getByRole('button', { name: 'Sign in' }).click();

      await page.waitForURL(`${baseUrl}/`);
      await page.getByRole('heading', { name: /^Welcome, / }).waitFor();
      await expect(page.getByTestId('dashboard-company').textContent()).resolves.toContain(
        'Acme Corp',
      );
      await expect(page.getByTestId('dashboard-role').textContent()).resolves.toContain(
        'Company administrator',
      );

      await page.getByRole('button', { name: 'Account menu' }).click();
      await page.getByRole('menuitem', { name: 'Log out' }).click();
      await page.waitForURL(/\/login/);
      await page.goto('/');
      await page.waitForURL(`${baseUrl}/login`);
    } finally {
      await context.close();
    }
  });

  it('refuses an account from another tenant with a readable reason', async () => {
    const { context, page } = await newPage(browser);
    try {
      await page.goto('/login');
      await page.getByLabel('Email').fill(intruder);
      await page.getByRole('button', { name: 'Sign in with Microsoft' }).click();
      await page.waitForURL((url) => url.href.startsWith(idp.issuers[tenantId]));
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/\/login\?error=wrong_tenant/);
      await page.getByText(/different Microsoft Entra directory/).waitFor();
    } finally {
      await context.close();
    }
  });
});
