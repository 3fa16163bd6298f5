import type { Browser, Page } from 'playwright-core';
import { baseUrl, launchBrowser, newPage, signInByApi } from './support/browser';

// Issue 25: the Proxmox API explorer against the demo seed (the embedded simulator is "Demo
// cluster"). The super_admin finds a node and a VM with the explorer itself, then reads
// /nodes/{node}/qemu/{vmid}/status/current; Acme's admin (Acme owns no cluster) may read the API
// but has no cluster to try it on.

async function signInAs(page: Page, email: string): Promise<void> {
  await signInByApi(page, email);
  await page.goto('/');
}

/** Opens an endpoint by URL (what the tree and the search links set) and waits for its details. */
async function openEndpoint(page: Page, method: string, path: string): Promise<void> {
  await page.goto(`/pve-explorer?method=${method}&path=${encodeURIComponent(path)}`);
  await page.getByRole('heading', { name: path, exact: true }).waitFor();
}

/** Sends the call and returns the first cell of `column` in the answer table. */
async function send(page: Page, method: string, column: string): Promise<string> {
  await page.getByRole('button', { name: `Send ${method}`, exact: true }).click();
  const result = page.getByTestId('pve-result');
  await result.getByText('HTTP 200').waitFor();
  const table = result.getByRole('table', { name: 'Answer' });
  const headers = await table.locator('thead th').allTextContents();
  const index = headers.indexOf(column);
  if (index < 0) throw new Error(`no ${column} column in ${headers.join(', ')}`);
  return (await table.locator('tbody tr').first().locator('td').nth(index).textContent()) ?? '';
}

describe('Proxmox API explorer (browser)', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('lets super_admin explore status/current and try it on the demo cluster', async () => {
    const { context, page } = await newPage(browser);
    try {
      await signInAs(page, 'admin@demo.local');
      await page.getByRole('link', { name: 'Proxmox API' }).click();
      await page.waitForURL(`${baseUrl}/pve-explorer`);
      await page.getByRole('button', { name: '/nodes', exact: true }).waitFor();

      await page.getByPlaceholder('Search').fill('qemu status current');
      const hit = page
        .getByRole('list', { name: 'Matching endpoints' })
        .getByText('/nodes/{node}/qemu/{vmid}/status/current', { exact: true });
      await hit.click();
      await page
        .getByRole('heading', { name: '/nodes/{node}/qemu/{vmid}/status/current' })
        .waitFor();
      await page.getByTestId('pve-permission').getByText('VM.Audit').waitFor();

      await openEndpoint(page, 'GET', '/nodes');
      const node = await send(page, 'GET', 'node');
      await openEndpoint(page, 'GET', '/nodes/{node}/qemu');
      await page.getByLabel('node', { exact: true }).fill(node);
      const vmid = await send(page, 'GET', 'vmid');

      await openEndpoint(page, 'GET', '/nodes/{node}/qemu/{vmid}/status/current');
      await page.getByLabel('node', { exact: true }).fill(node);
      await page.getByLabel('vmid', { exact: true }).fill(vmid);
      const status = await send(page, 'GET', 'key');
      expect(status).toBeTruthy();
      const result = page.getByTestId('pve-result');
      await result.getByText(`pvesh get '/nodes/${node}/qemu/${vmid}/status/current'`).waitFor();
      await result.getByRole('button', { name: 'JSON', exact: true }).click();
      await result.getByText(`"vmid": ${vmid}`).waitFor();
    } finally {
      await context.close();
    }
  });

  it("gives Acme's admin no cluster to try calls on (Acme owns none)", async () => {
    const { context, page } = await newPage(browser);
    try {
      await signInAs(page, 'admin@acme.demo');
      await openEndpoint(page, 'GET', '/version');
      await page.getByText('There is no cluster you administer.').waitFor();
      expect(await page.getByRole('button', { name: 'Send GET' }).isDisabled()).toBe(true);
    } finally {
      await context.close();
    }
  });
});
