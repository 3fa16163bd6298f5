import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage, signInByApi } from './support/browser';

// Issue 16: a company admin (no cluster access) creates a container from a container template and a
// VM from an ISO with the wizard's pickers: the clusters its company may use, the cluster's media,
// nodes, storages and bridges, read from the (simulated) cluster. Both jobs must finish.

const next = (page: Page) => page.getByRole('button', { name: 'Next' }).click();

/** Picks the first enabled option of the MUI select labelled `name` (skipping `skip`, if given). */
async function pickFirst(page: Page, name: string, skip?: string): Promise<string> {
  await page.getByRole('combobox', { name }).click();
  const options = page.getByRole('option').and(page.locator(':not([aria-disabled="true"])'));
  await options.first().waitFor();
  const texts = await options.allTextContents();
  const choice = texts.find((t) => t !== skip);
  if (!choice) throw new Error(`no option to pick in ${name}: ${texts.join(', ')}`);
  await page.getByRole('option', { name: choice, exact: true }).click();
  return choice;
}

/** Source step: a media source on a cluster (chosen for the company when it has only one). */
async function pickMedia(page: Page, source: string): Promise<string> {
  await page.getByRole('radio', { name: source }).check();
  const cluster = page.getByRole('combobox', { name: 'Cluster' });
  await cluster.waitFor();
  if (!(await cluster.textContent())?.trim()) await pickFirst(page, 'Cluster');
  return pickFirst(page, source);
}

/** From the review step: Create, then wait for the job to finish ("<name> is ready."). */
async function createAndWait(page: Page, name: string): Promise<void> {
  await page.getByRole('table', { name: 'Review' }).getByText(name, { exact: true }).waitFor();
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByText(`${name} is ready.`).waitFor({ timeout: 90_000 });
}

describe('create wizard (browser)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a company admin creates a container from a container template, on a node and storage it picks', async () => {
    const name = `e2e-ct-${Date.now().toString(36)}`;
    const { context, page } = await newPage(browser);
    try {
      await signInByApi(page, 'admin@acme.demo');
      await page.goto('/vms/new');
      await page.getByRole('heading', { name: 'Kind' }).waitFor();
      await page.getByRole('radio', { name: /^Container/ }).check();
      await page.getByRole('heading', { name: 'Create a container' }).waitFor();
      await next(page);

      await page.getByRole('heading', { name: 'Source', level: 2 }).waitFor();
      expect(await page.getByText(/cluster access/).count()).toBe(0);
      const ostemplate = await pickMedia(page, 'A container template');
      expect(ostemplate).toMatch(/\.tar\.(zst|gz|xz)/);
      await next(page);

      await page.getByRole('heading', { name: 'Placement', level: 2 }).waitFor();
      await page.getByRole('radio', { name: 'Choose a node' }).check();
      const node = await pickFirst(page, 'Node');
      await next(page);

      await page.getByRole('heading', { name: 'Resources', level: 2 }).waitFor();
      await page.getByRole('textbox', { name: 'Name' }).fill(name);
      const storage = await pickFirst(page, 'Storage', 'Default storage of the node');
      expect(storage).toMatch(/ free$/);
      await next(page);

      await page.getByRole('heading', { name: 'Network', level: 2 }).waitFor();
      expect(await page.getByRole('combobox', { name: 'Bridge' }).textContent()).toMatch(/vmbr/);
      await next(page);
      await page.getByRole('heading', { name: 'Cloud-init', level: 2 }).waitFor();
      await next(page);
      await page
        .getByRole('table', { name: 'Review' })
        .getByText(new RegExp(`disk on ${storage.split(' · ')[0]}`))
        .waitFor();
      await createAndWait(page, name);
      expect(node).toBeTruthy();
    } finally {
      await context.close();
    }
  });

  it('a company admin creates a VM from an ISO with automatic placement', async () => {
    const name = `e2e-iso-${Date.now().toString(36)}`;
    const { context, page } = await newPage(browser);
    try {
      await signInByApi(page, 'admin@acme.demo');
      await page.goto('/vms/new');
      await page.getByRole('heading', { name: 'Create a virtual machine' }).waitFor();
      await next(page);
      await page.getByRole('heading', { name: 'Source', level: 2 }).waitFor();
      const iso = await pickMedia(page, 'An installation ISO');
      expect(iso).toMatch(/\.iso/);
      await next(page);
      await page.getByRole('heading', { name: 'Placement', level: 2 }).waitFor();
      await next(page);
      await page.getByRole('heading', { name: 'Resources', level: 2 }).waitFor();
      await page.getByRole('textbox', { name: 'Name' }).fill(name);
      await page.getByRole('spinbutton', { name: 'Memory (GiB)' }).fill('1');
      await next(page);
      await page.getByRole('heading', { name: 'Network', level: 2 }).waitFor();
      await next(page);
      await page.getByRole('heading', { name: 'Cloud-init', level: 2 }).waitFor();
      await next(page);
      await createAndWait(page, name);
    } finally {
      await context.close();
    }
  });
});
