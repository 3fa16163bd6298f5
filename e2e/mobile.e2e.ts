import { request, type APIRequestContext, type Browser } from 'playwright-core';
import { baseUrl, demoPassword, launchBrowser, newPage, signIn } from './support/browser';

// Leo's journey: a `user` on a phone sees exactly the guests granted to him and can power one.
const JOB_TIMEOUT = 120_000;

async function guestNames(request: APIRequestContext, email: string): Promise<string[]> {
  const login = await request.post('/api/auth/login', {
    data: { email, password: demoPassword },
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  expect(login.status()).toBe(200);
  const { accessToken } = (await login.json()) as { accessToken: string };
  const list = await request.get('/api/vms?page=1&pageSize=500&sort=name', {
    headers: { Authorization: `Bearer ${accessToken}` },
  });
  expect(list.status()).toBe(200);
  const body = (await list.json()) as { items: Array<{ name: string | null; template: boolean }> };
  return body.items.filter((v) => !v.template).map((v) => v.name ?? '');
}

describe('/mobile guests (browser)', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('user@acme.demo sees only granted guests on a phone and reboots or starts one', async () => {
    const { context, page } = await newPage(browser, 'phone');
    try {
      // What the API grants the user, compared with everything his company admin sees (own cookie
      // jar, so these logins do not leak into the phone's session).
      const api = await request.newContext({ baseURL: baseUrl });
      const granted = await guestNames(api, 'user@acme.demo');
      const companyWide = await guestNames(api, 'admin@acme.demo');
      await api.dispose();
      expect(granted.length).toBeGreaterThan(0);
      expect(granted.every((n) => companyWide.includes(n))).toBe(true);
      expect(granted.length).toBeLessThan(companyWide.length);

      await page.goto('/');
      await page.waitForURL(`${baseUrl}/login?next=%2Fmobile`);
      await signIn(page, 'user@acme.demo');
      await page.waitForURL(`${baseUrl}/mobile`);
      // Home is a summary; the list is one tap away.
      await page.getByRole('link', { name: /^Show (the machine|all \d+ machines)$/ }).click();
      await page.waitForURL(`${baseUrl}/mobile/vms`);

      const list = page.getByRole('list', { name: 'My virtual machines' });
      await list.waitFor();
      const items = list.getByRole('listitem');
      await expect(items.count()).resolves.toBe(granted.length);
      const shown = (await items.locator('.MuiTypography-h6').allTextContents()).sort();
      expect(shown).toEqual([...granted].sort());

      // Tap the first guest; every power action asks for a confirming tap.
      await items.first().getByRole('link').click();
      await page.waitForURL(/\/mobile\/vms\/[0-9a-f-]{36}$/);
      const power = page.getByRole('group', { name: 'Power' });
      await power.waitFor();
      const running = (await page.locator('[data-status="running"]').count()) > 0;
      const action = running ? 'Reboot' : 'Start';
      await power.getByRole('button', { name: action, exact: true }).click();
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      await dialog.getByRole('button', { name: action, exact: true }).click();

      await page.getByTestId('job-progress').waitFor();
      await page
        .locator('[data-testid="job-progress"][data-status="succeeded"]')
        .waitFor({ timeout: JOB_TIMEOUT });
      await page.locator('.MuiChip-root[data-status="running"]').waitFor({ timeout: JOB_TIMEOUT });

      // A fresh load of /mobile is the phone entry (mobile.html): its own script, no console shell,
      // its labels in place, the session restored.
      await page.goto('/mobile');
      await page.getByRole('link', { name: /^Show (the machine|all \d+ machines)$/ }).waitFor();
      const entry = await page.evaluate(
        () =>
          new URL(document.querySelector<HTMLScriptElement>('script[type="module"]')!.src).pathname,
      );
      expect(entry).toMatch(/^\/assets\/mobile-[\w-]{8}\.js$/);
      const scripts = await page.evaluate(() =>
        performance.getEntriesByType('resource').map((r) => new URL(r.name).pathname),
      );
      expect(scripts.filter((p) => /\/assets\/(index|console-layout)-/.test(p))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
