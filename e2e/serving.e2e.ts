import type { Browser, Page, Response } from 'playwright-core';
import { launchBrowser, newPage, signIn } from './support/browser';

/*
 * How the API serves the SPA (issue 16): scripts arrive compressed, hashed assets are cached as
 * immutable, the sign-in page loads no chunk it does not need (zod schemas, the QR-code encoder),
 * and an ordinary page load logs no error in the browser console (no refresh-probe 401 on an
 * anonymous visit, no 404 on a settings page whose provider is not set up yet).
 */
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Console errors, uncaught exceptions and the JS responses of the page from now on. */
function watch(page: Page) {
  const errors: string[] = [];
  const scripts: Response[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${m.text()} @ ${m.location().url}`);
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('response', (r) => {
    if (new URL(r.url()).pathname.endsWith('.js')) scripts.push(r);
  });
  return { errors, scripts };
}

/** Lazy chunks of the route can arrive after `load`; the SPA keeps a socket open, so no networkidle. */
const settle = (page: Page) => page.waitForTimeout(2500);

describe('serving the SPA', () => {
  it('sends the sign-in page compressed and immutable, without schema or QR-code chunks or console errors', async () => {
    const { context, page } = await newPage(browser);
    const seen = watch(page);
    await page.goto('/login');
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    await settle(page);

    const names = seen.scripts.map((r) => new URL(r.url()).pathname.split('/').pop()!);
    expect(names.length).toBeGreaterThan(1);
    expect(names.filter((n) => /^(qr-code|schemas|zod|totp-enrollment-step)-/.test(n))).toEqual([]);
    for (const r of seen.scripts) {
      const h = await r.allHeaders();
      // The build compresses every file of 1 KB or more.
      const small = (await r.body()).length < 1024;
      expect([r.url(), h['content-encoding']]).toEqual([r.url(), small ? undefined : 'br']);
      expect([r.url(), h['cache-control']]).toEqual([
        r.url(),
        'public, max-age=31536000, immutable',
      ]);
      if (!small) expect(h.vary).toBe('Accept-Encoding');
    }
    expect(seen.errors).toEqual([]);
    await context.close();
  });

  it('signs in (the schema chunk comes with the first submit) and reloads into the session, with no console errors on the way or on the SSO page', async () => {
    const { context, page } = await newPage(browser);
    const seen = watch(page);
    await page.goto('/login');
    await signIn(page, 'admin@globex.demo');
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.reload();
    await page.getByRole('button', { name: 'Account menu' }).waitFor();
    // Globex has no identity provider: the settings page starts empty instead of with a 404.
    await page.goto('/sso');
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await settle(page);
    expect(seen.errors).toEqual([]);
    await context.close();
  });

  it('answers a missing hashed asset with 404, not with the app page', async () => {
    const { context, page } = await newPage(browser);
    const res = await page.request.get('/assets/index-doesnotexist.js');
    expect(res.status()).toBe(404);
    expect(await res.text()).not.toContain('<div id="root">');
    await context.close();
  });
});
