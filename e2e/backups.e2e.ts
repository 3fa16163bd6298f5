import type { Browser } from 'playwright-core';
import { baseUrl, demoPassword, launchBrowser, newPage, signInByApi } from './support/browser';

// Issue 18 end to end: Acme's admin schedules a nightly backup of their VMs with keep-last 3, runs
// it now, sees the history and the archives, and restores one to a new VM which then runs; Globex's
// admin sees nothing of it.

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
const get = <T>(path: string, token: string) => call<T>(path, token, undefined, 'GET');
const login = async (email: string) =>
  (await call<{ accessToken: string }>('/auth/login', null, { email, password: demoPassword }))
    .accessToken;

async function until<T>(what: string, fn: () => Promise<T | null | undefined>, ms = 180_000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

interface Page<T> {
  items: T[];
  total: number;
}
interface Schedule {
  id: string;
  name: string;
  retention: { keepLast?: number };
  selection: { allGuests?: boolean };
}
interface Run {
  id: string;
  scheduleId: string | null;
  status: string;
}
interface Vm {
  id: string;
  name: string | null;
  status: string;
  template: boolean;
}

describe('backups (browser)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('Acme schedules, runs, sees and restores a backup; Globex sees nothing of it', async () => {
    const tag = Date.now().toString(36);
    const name = `E2E nightly ${tag}`;
    const acme = await login('admin@acme.demo');
    let runId = '';
    const { context, page } = await newPage(browser);
    try {
      await signInByApi(page, 'admin@acme.demo');

      // schedule: all of Acme's guests, nightly at 02:00, keep-last 3 (the editor's defaults)
      await page.goto('/backups/schedules/new');
      const nameBox = page.getByRole('textbox', { name: /^Name/ });
      await nameBox.fill(name);
      await page.getByRole('textbox', { name: /When \(cron/ }).fill('0 2 * * *');
      await page.getByRole('textbox', { name: /Time zone/ }).fill('UTC');
      await page
        .getByRole('region', { name: 'Next runs' })
        .getByText(/02:00|2:00/)
        .first()
        .waitFor();
      await page.getByRole('textbox', { name: 'Keep last' }).fill('3');
      await page.getByRole('button', { name: 'Create' }).click();
      await page.waitForURL(`${baseUrl}/backups`);
      const schedules = await get<Page<Schedule>>('/backup-schedules?pageSize=200', acme);
      const schedule = schedules.items.find((s) => s.name === name)!;
      expect(schedule).toMatchObject({
        retention: { keepLast: 3 },
        selection: { allGuests: true },
      });

      // run it now: the history opens on the run, which succeeds for every guest
      const row = page.getByRole('row').filter({ has: page.getByText(name, { exact: true }) });
      await row.getByRole('menuitem', { name: 'Run now' }).click();
      await page.getByRole('dialog', { name: /Run of/ }).waitFor();
      const run = await until('the run to finish', async () => {
        const runs = await get<Page<Run>>(`/backup-history?scheduleId=${schedule.id}`, acme);
        const r = runs.items[0];
        return r && !['queued', 'running'].includes(r.status) ? r : null;
      });
      expect(run.status).toBe('succeeded');
      runId = run.id;
      await page
        .getByRole('dialog', { name: /Run of/ })
        .getByText('Succeeded')
        .first()
        .waitFor();
      await page.keyboard.press('Escape');
      await page.goto('/backups?tab=history');
      await page
        .getByRole('row')
        .filter({ has: page.getByText(name, { exact: true }) })
        .getByText('Succeeded')
        .waitFor();

      // success rates: the new schedule's guests all succeeded; the page shows Acme's rate
      const rates = await get<Page<{ id: string | null; rate: number | null }>>(
        '/backup-history/success-rates?by=schedule&pageSize=200',
        acme,
      );
      expect(rates.items.find((r) => r.id === schedule.id)?.rate).toBe(1);
      const ratesGrid = page.getByRole('grid', { name: 'Success rates' });
      await page.getByRole('button', { name: 'Per company' }).click();
      await ratesGrid.getByRole('row').filter({ hasText: 'Acme' }).getByText(/ %$/).waitFor();

      // history filters (sent to the API, kept in the URL): this schedule and today keep the
      // run; the status "Failed" hides it
      const history = page.getByRole('grid', { name: 'History' });
      const filters = page.getByRole('search', { name: 'Filter the history' });
      await filters.getByRole('combobox', { name: 'Schedule' }).click();
      await page.getByRole('option', { name, exact: true }).click();
      await page.waitForURL(new RegExp(`scheduleId=${schedule.id}`));
      await filters.getByLabel('Planned from').fill(new Date().toISOString().slice(0, 10));
      await page.waitForURL(/from=\d{4}-\d{2}-\d{2}/);
      await history.getByRole('row').filter({ hasText: name }).getByText('Succeeded').waitFor();
      expect(await history.getByRole('row').filter({ hasText: name }).count()).toBe(1);
      await filters.getByRole('combobox', { name: 'Status' }).click();
      await page.getByRole('option', { name: 'Failed', exact: true }).click();
      await history.getByText('No backup runs match these filters.').waitFor();
      expect(await history.getByText(name, { exact: true }).count()).toBe(0);

      // the archives of one guest, restored to a new VM that is started
      const vms = await get<Page<Vm>>('/vms?pageSize=200', acme);
      const source = vms.items.find((v) => !v.template && v.name)!;
      await page.goto(`/vms/${source.id}?tab=backups`);
      const archives = page.getByRole('table', { name: 'Backups' });
      const archiveRow = archives.getByRole('row').filter({ hasText: 'local' }).first();
      await archiveRow.waitFor();
      await archiveRow.getByRole('button', { name: 'Restore' }).click();
      const dialog = page.getByRole('dialog', { name: /^Restore / });
      const restored = `e2e-restored-${tag}`;
      await dialog.getByRole('textbox', { name: 'Name of the new guest' }).fill(restored);
      await dialog.getByLabel('Start it after the restore').check();
      await dialog.getByRole('button', { name: 'Restore' }).click();
      // The dialog closes once the restore job is accepted (an API refusal keeps it open with the reason).
      await dialog.waitFor({ state: 'hidden' });
      const copy = await until('the restored VM to run', async () => {
        const list = await get<Page<Vm>>(`/vms?search=${restored}`, acme);
        return list.items.find((v) => v.name === restored && v.status === 'running');
      });
      expect(copy.id).not.toBe(source.id);
      await page.goto(`/vms/${copy.id}`);
      await page.getByText(restored).first().waitFor();
    } finally {
      await context.close();
    }

    // Globex: neither the schedule nor its run, nor the restored VM
    const globex = await login('admin@globex.demo');
    const theirSchedules = await get<Page<Schedule>>('/backup-schedules?pageSize=200', globex);
    expect(theirSchedules.items.map((s) => s.name)).not.toContain(name);
    const theirRuns = await get<Page<Run>>('/backup-history?pageSize=200', globex);
    expect(theirRuns.items.map((r) => r.id)).not.toContain(runId);
    await expect(get(`/backup-history/${runId}`, globex)).rejects.toThrow(/404/);
    const other = await newPage(browser);
    try {
      await signInByApi(other.page, 'admin@globex.demo');
      await other.page.goto('/backups');
      await other.page.getByRole('grid', { name: 'Schedules' }).waitFor();
      expect(await other.page.getByText(name).count()).toBe(0);
      await other.page.goto('/backups?tab=history');
      await other.page.getByRole('grid').first().waitFor();
      expect(await other.page.getByText(name).count()).toBe(0);
    } finally {
      await other.context.close();
    }
  });
});
