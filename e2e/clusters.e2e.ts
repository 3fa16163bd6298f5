import { request as httpsRequest } from 'node:https';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, launchBrowser, newPage, signInByApi } from './support/browser';

// Clusters screens as the platform administrator, against the demo seed (the embedded simulator is
// registered as "Demo cluster"). Waits are on states (chip text, counts, URLs), never fixed sleeps.
// With E2E_SIM2_URL set (a second simulator), the wizard also adds it and removes it again.
const SLOW = 120_000;
const sim2Url = process.env.E2E_SIM2_URL;
const sim2Password = process.env.E2E_SIM2_PASSWORD ?? process.env.SIM_PASSWORD ?? 'sim-password';

/** Waits until the status chip of the named cluster on /clusters reads `status`. */
async function waitForStatus(page: Page, name: string, status: string): Promise<void> {
  await page.waitForFunction(
    ([n, s]) => document.querySelector(`[data-testid="cluster-status-${n}"]`)?.textContent === s,
    [name, status] as const,
    { timeout: SLOW },
  );
}

/** The grid row of a cluster, by the link with its name. */
const clusterRow = (page: Page, name: string) =>
  page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });

/** Reads a numeric cell of a cluster row (nodes, guests) by its field name. */
async function count(page: Page, name: string, field: string): Promise<number> {
  const text = await clusterRow(page, name).locator(`[data-field="${field}"]`).textContent();
  return Number(text ?? 'NaN');
}

/** Sets a fault on the second simulator (its self-signed certificate is expected here). */
function simFault(path: string, form = ''): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      new URL(path, sim2Url),
      {
        method: 'POST',
        rejectUnauthorized: false,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200 ? resolve() : reject(new Error(`sim ${path}: ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(form);
  });
}

async function signInAsAdmin(page: Page): Promise<void> {
  await signInByApi(page, 'admin@demo.local');
  await page.goto('/');
}

describe('clusters (browser)', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it(
    'lists the demo cluster online with nodes and guests, and opens its page',
    async () => {
      const { context, page } = await newPage(browser);
      try {
        await signInAsAdmin(page);
        await page.getByRole('link', { name: 'Clusters', exact: true }).click();
        await page.waitForURL(`${baseUrl}/clusters`);
        await page.getByRole('heading', { name: 'Clusters', exact: true }).waitFor();
        await waitForStatus(page, 'Demo cluster', 'Online');
        // The first inventory sync may still be running on a fresh platform; the list polls.
        await page.waitForFunction(
          () => {
            const row = [...document.querySelectorAll('[role="row"]')].find((r) =>
              r.textContent?.includes('Demo cluster'),
            );
            return Number(row?.querySelector('[data-field="guests"]')?.textContent ?? 0) > 0;
          },
          undefined,
          { timeout: SLOW },
        );
        expect(await count(page, 'Demo cluster', 'nodes')).toBeGreaterThan(0);
        expect(await count(page, 'Demo cluster', 'guests')).toBeGreaterThan(0);

        await clusterRow(page, 'Demo cluster').getByRole('link', { name: 'Demo cluster' }).click();
        await page.waitForURL(/\/clusters\/[0-9a-f-]{36}$/);
        await page.getByRole('heading', { name: 'Demo cluster' }).waitFor();
        await page.getByText('Online', { exact: true }).first().waitFor();
        const nodes = page.getByRole('table', { name: 'Nodes' }).getByRole('row');
        await nodes.nth(1).waitFor();
        expect(await nodes.count()).toBeGreaterThan(1);
        await page.getByRole('table', { name: 'Storages' }).getByRole('row').nth(1).waitFor();
        await page.getByRole('img', { name: 'Response time, last 24 hours' }).waitFor();

        // Test from the page: the answer names the version it found.
        await page.getByRole('button', { name: 'Test', exact: true }).click();
        await page
          .getByRole('table', { name: 'Connection test results' })
          .getByText(/OK, \d+ nodes/)
          .waitFor();

        // Its guests open in the VMs list, filtered by this cluster.
        const clusterId = new URL(page.url()).pathname.split('/').pop();
        await page.getByRole('link', { name: /Show its \d+ guests?/ }).click();
        await page.waitForURL(`${baseUrl}/vms?clusterId=${clusterId}`);
      } finally {
        await context.close();
      }
    },
    SLOW * 2,
  );

  it(
    'imports an unassigned guest of the demo cluster to Acme Corp',
    async () => {
      const { context, page } = await newPage(browser);
      try {
        await signInAsAdmin(page);
        await page.goto('/clusters/unassigned');
        await page.getByRole('heading', { name: 'Unassigned guests' }).waitFor();
        const rows = page.getByRole('grid').getByRole('row');
        await rows.nth(1).waitFor({ timeout: SLOW });
        const first = rows.nth(1);
        const vmid = (await first.locator('[data-field="vmid"]').textContent())?.trim();
        const name = (await first.locator('[data-field="name"]').textContent())?.trim();
        expect(vmid).toMatch(/^\d+$/);

        await first.getByRole('checkbox').check();
        await page.getByRole('combobox', { name: 'Import to company' }).click();
        await page.getByRole('option', { name: 'Acme Corp' }).click();
        await page.getByRole('button', { name: 'Import 1 guest' }).click();

        const outcome = page.getByTestId('import-outcome');
        await outcome.getByText('1 guest imported.').waitFor();
        await outcome.getByText(new RegExp(`^${vmid} ${name ?? ''}.*: imported$`)).waitFor();
        // It left the unassigned list.
        await page.waitForFunction(
          (id) =>
            ![...document.querySelectorAll('[role="row"] [data-field="vmid"]')].some(
              (c) => c.textContent?.trim() === id,
            ),
          vmid,
          { timeout: SLOW },
        );
      } finally {
        await context.close();
      }
    },
    SLOW * 2,
  );

  (sim2Url ? it : it.skip)(
    'adds a second simulator through the wizard, sees it online, offline and back, then removes it',
    async () => {
      const { context, page } = await newPage(browser);
      const name = `sim2-${Date.now().toString(36)}`;
      try {
        await signInAsAdmin(page);
        await page.goto('/clusters/new');
        await page.getByRole('textbox', { name: 'Name' }).fill(name);
        await page.getByRole('textbox', { name: 'Endpoint 1' }).fill(sim2Url!);
        await page.getByRole('button', { name: 'Next' }).click();

        const card = page.getByTestId('certificate-card');
        await card.waitFor({ timeout: SLOW });
        await card.getByText(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/).waitFor();
        await card.getByRole('checkbox').check();
        await page.getByRole('button', { name: 'Next' }).click();

        await page.getByRole('combobox', { name: 'Sign in with' }).click();
        await page.getByRole('option', { name: 'User and password' }).click();
        await page.getByRole('textbox', { name: 'User' }).fill('root@pam');
        await page.getByLabel('Password', { exact: true }).fill(sim2Password);
        await page.getByRole('button', { name: 'Test connection' }).click();
        await page
          .getByTestId('test-result')
          .getByText(/Connected: Proxmox VE/)
          .waitFor({
            timeout: SLOW,
          });
        await page.getByRole('button', { name: 'Next' }).click();
        await page.getByRole('textbox', { name: 'Tags' }).fill('e2e');
        await page.getByRole('button', { name: 'Add cluster' }).click();
        await page.waitForURL(/\/clusters\/[0-9a-f-]{36}$/);
        await page.getByRole('heading', { name }).waitFor();

        const clusterId = new URL(page.url()).pathname.split('/').pop();

        await page.goto('/clusters');
        await waitForStatus(page, name, 'Online');
        await waitForStatus(page, 'Demo cluster', 'Online');

        // Its guests were never assigned: they appear on the unassigned page for this cluster.
        await page.goto(`/clusters/unassigned?clusterId=${clusterId}`);
        await page.getByRole('grid').getByRole('row').nth(1).waitFor({ timeout: SLOW });

        // Every API call failing turns it offline on the open list, without a reload; healing
        // the fault brings it back.
        await page.goto('/clusters');
        await waitForStatus(page, name, 'Online');
        try {
          await simFault('/_sim/error-rate', 'rate=1');
          await waitForStatus(page, name, 'Offline');
          await page
            .getByRole('alert')
            .getByText(new RegExp(`offline: ${name}`))
            .waitFor();
        } finally {
          await simFault('/_sim/reset');
        }
        await waitForStatus(page, name, 'Online');

        await clusterRow(page, name).getByRole('link', { name }).click();
        await page.getByRole('button', { name: 'Remove' }).click();
        const dialog = page.getByRole('dialog');
        await dialog.getByRole('textbox').fill(name);
        await dialog.getByRole('button', { name: 'Remove' }).click();
        await page.waitForURL(`${baseUrl}/clusters`);
        await clusterRow(page, 'Demo cluster').waitFor();
        await clusterRow(page, name).waitFor({ state: 'detached' });
      } finally {
        await context.close();
      }
    },
    SLOW * 5,
  );
});
