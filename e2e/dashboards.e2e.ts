import type { CompanyDashboard, StaffDashboard } from '@multpanel/contracts';
import type { Browser, Page } from 'playwright-core';
import { call, signInApi } from './support/api';
import { launchBrowser, newPage, signInByApi } from './support/browser';

// Issue 20, dashboards per role against the real platform: the operator sees the fleet's figures as
// the API computes them (more guests than any one company); Acme's admin sees Acme's own figures, never
// asks for the fleet, and the API refuses Globex's dashboard to them.

const get = <T>(path: string, token: string) => call<T>(path, token, undefined, 'GET');

/** Waits until `testId`'s text is what `expected()` (read fresh from the API) says it should be. */
async function showsLive(page: Page, testId: string, expected: () => Promise<string[]>) {
  const until = Date.now() + 30_000;
  let text = '';
  let want: string[] = [];
  for (;;) {
    want = await expected();
    text = (await page.getByTestId(testId).textContent()) ?? '';
    if (want.every((w) => text.includes(w))) return;
    if (Date.now() > until) break;
    await page.waitForTimeout(1000);
    await page.reload();
    await page.getByTestId(testId).waitFor({ timeout: 30_000 });
  }
  expect({ testId, text }).toEqual({ testId, text: want.join(' … ') });
}

describe('dashboards (browser)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("shows the operator the fleet and Acme's admin only Acme's figures", async () => {
    const staff = (await signInApi('admin@demo.local')).accessToken;
    const acmeSession = await signInApi('admin@acme.demo');
    const acme = acmeSession.accessToken;
    const acmeId = acmeSession.user.companyId!;
    const globexId = (await signInApi('admin@globex.demo')).user.companyId!;
    const fleet = () => get<StaffDashboard>('/dashboard/fleet', staff);
    const own = () => get<CompanyDashboard>(`/dashboard/company?companyId=${acmeId}`, acme);

    // The API's side of the boundary: no fleet and no other company's figures for a customer.
    await expect(get('/dashboard/fleet', acme)).rejects.toThrow(/: 403 /);
    await expect(get(`/dashboard/company?companyId=${globexId}`, acme)).rejects.toThrow(/: 404 /);
    const f = await fleet();
    const a = await own();
    const acmeTotal = a.guests.running + a.guests.stopped + a.guests.other;
    expect(acmeTotal).toBeGreaterThan(0);
    expect(f.guests.total).toBeGreaterThan(acmeTotal); // Globex's guests are in the fleet

    const staffPage = await newPage(browser);
    try {
      await signInByApi(staffPage.page, 'admin@demo.local');
      await staffPage.page.goto('/');
      await staffPage.page.getByTestId('fleet-estate').waitFor({ timeout: 30_000 });
      await showsLive(staffPage.page, 'fleet-estate', async () => {
        const d = await fleet();
        return [
          `${d.clusters.total}: ${d.clusters.online} healthy, ${d.clusters.degraded} degraded, ${d.clusters.offline} offline`,
          `${d.guests.total}: ${d.guests.running} running, ${d.guests.stopped} stopped`,
        ];
      });
      await showsLive(staffPage.page, 'fleet-alerts', async () => {
        const d = await fleet();
        return [`Critical${d.alerts.critical}`, `Warning${d.alerts.warning}`];
      });
    } finally {
      await staffPage.context.close();
    }

    const acmePage = await newPage(browser);
    const asked: string[] = [];
    acmePage.page.on('request', (r) => {
      if (r.url().includes('/api/dashboard/'))
        asked.push(new URL(r.url()).pathname + new URL(r.url()).search);
    });
    try {
      await signInByApi(acmePage.page, 'admin@acme.demo');
      await acmePage.page.goto('/');
      await acmePage.page.getByTestId('company-guests').waitFor({ timeout: 30_000 });
      await showsLive(acmePage.page, 'company-guests', async () => {
        const d = await own();
        return [`Running${d.guests.running}`, `Stopped${d.guests.stopped}`];
      });
      expect(await acmePage.page.getByTestId('fleet-estate').count()).toBe(0);
      expect(asked.length).toBeGreaterThan(0);
      expect(asked.every((p) => p === `/api/dashboard/company?companyId=${acmeId}`)).toBe(true);
    } finally {
      await acmePage.context.close();
    }
  }, 180_000);
});
