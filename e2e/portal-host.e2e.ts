import type { Browser, Page } from 'playwright-core';
import { call, signInApi } from './support/api';
import { baseUrl, launchBrowser, newPage, signIn } from './support/browser';

// A company's own address: the SPA served on a host name mapped to Acme shows Acme's name, logo
// and colours on the sign-in page before anyone signs in, and refuses another company's user
// there; the platform's own address keeps the MSP's branding. Chromium resolves the mapped name to
// this machine (--host-resolver-rules), so the request carries `Host: portal.acme.test`.

const PORTAL = 'portal.acme.test';
const portalUrl = (() => {
  const u = new URL(baseUrl);
  u.hostname = PORTAL;
  return u.origin;
})();

interface Branding {
  productName: string | null;
  primaryColor: string | null;
  hosts: string[];
  assets: Record<string, string | null>;
}

// A 1×1 PNG logo.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

const buttonColour = (page: Page) =>
  page
    .getByRole('button', { name: 'Sign in', exact: true })
    .evaluate((b) => getComputedStyle(b).backgroundColor);

/** The button's colour once MUI's background transition (250 ms) to the loaded theme has ended. */
const settledButtonColour = async (page: Page) => {
  let last = await buttonColour(page);
  for (let i = 0; i < 20; i++) {
    await page.waitForTimeout(150);
    const now = await buttonColour(page);
    if (now === last) return now;
    last = now;
  }
  return last;
};

describe('a company’s own address (browser)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser([`--host-resolver-rules=MAP ${PORTAL} 127.0.0.1`]);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows Acme’s branding on its host before sign-in, refuses Globex there, the MSP’s elsewhere', async () => {
    const operator = (await signInApi('admin@demo.local')).accessToken;
    const acme = (await signInApi('user@acme.demo')).user.companyId!;
    const before = await call<Branding>(`/companies/${acme}/branding`, operator, undefined, 'GET');
    const tag = Date.now().toString(36);
    const productName = `Acme Portal ${tag}`;
    await call(
      `/companies/${acme}/branding`,
      operator,
      { productName, primaryColor: '#0a7d33' },
      'PUT',
    );
    const logoRes = await fetch(`${baseUrl}/api/companies/${acme}/branding/assets/logo-light`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${operator}`, 'Content-Type': 'image/png' },
      body: PNG,
    });
    expect(logoRes.status).toBe(200);
    const logo = ((await logoRes.json()) as Branding).assets['logo-light'];
    expect(logo).toBeTruthy();
    await call(`/companies/${acme}/branding/hosts`, operator, { hosts: [PORTAL] }, 'PUT');
    const { context, page } = await newPage(browser);
    try {
      // Acme's address: its name, logo and colour before sign-in.
      await page.goto(`${portalUrl}/login`);
      await page.getByText(productName, { exact: true }).first().waitFor();
      const img = page.locator(`main img[src="${logo}"]`);
      await img.waitFor();
      // The image loads (a 1×1 PNG), and the tab carries Acme's name.
      await page.waitForFunction(
        (src) => [...document.images].some((i) => i.src.endsWith(src) && i.naturalWidth === 1),
        logo!,
      );
      await page.waitForFunction((name) => document.title === name, productName);
      expect(await settledButtonColour(page)).toBe('rgb(10, 125, 51)');

      // Globex's user is refused there with a clear message; Acme's user gets in.
      await signIn(page, 'user@globex.demo');
      await page.getByText("This sign-in page is Acme Corp's.", { exact: false }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/login');
      await signIn(page, 'user@acme.demo');
      await page.waitForURL(`${portalUrl}/`);
      await page.locator(`text=${productName} >> visible=true`).first().waitFor();

      // The platform's own address: the MSP's branding, none of Acme's.
      const msp = await (await fetch(`${baseUrl}/api/branding`)).json();
      expect(msp).toMatchObject({ hostCompanyId: null });
      const other = await newPage(browser);
      try {
        await other.page.goto('/login');
        await other.page
          .getByText((msp as Branding).productName ?? 'Multpanel', { exact: true })
          .first()
          .waitFor();
        expect(await other.page.getByText(productName).count()).toBe(0);
        expect(await other.page.locator(`img[src="${logo}"]`).count()).toBe(0);
        expect(await settledButtonColour(other.page)).not.toBe('rgb(10, 125, 51)');
      } finally {
        await other.context.close();
      }
    } finally {
      await context.close();
      await call(`/companies/${acme}/branding/hosts`, operator, { hosts: before.hosts }, 'PUT');
      if (!before.assets['logo-light']) {
        await call(`/companies/${acme}/branding/assets/logo-light`, operator, undefined, 'DELETE');
      }
      await call(
        `/companies/${acme}/branding`,
        operator,
        { productName: before.productName, primaryColor: before.primaryColor },
        'PUT',
      );
    }
  });
});
