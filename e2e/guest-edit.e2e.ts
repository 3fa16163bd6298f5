import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage, signInByApi } from './support/browser';

// Issue 16: a company admin edits a guest from its page: notes, an ISO in the CD/DVD drive, the boot
// order and a new disk, against the demo seed + simulator. Every wait is on a state, never a sleep.
const TIMEOUT = 60_000;

/** Picks the first enabled option of the MUI select labelled `name`. */
async function pickFirst(page: Page, name: string): Promise<string> {
  await page.getByRole('combobox', { name }).click();
  const options = page.getByRole('option').and(page.locator(':not([aria-disabled="true"])'));
  await options.first().waitFor({ timeout: TIMEOUT });
  const choice = (await options.first().textContent()) ?? '';
  await options.first().click();
  return choice;
}

const bootRows = (page: Page) =>
  page.getByRole('list', { name: 'Boot order' }).getByRole('listitem').allTextContents();

describe('guest page edits (browser)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('company admin edits notes, mounts an ISO, reorders boot devices and adds a disk', async () => {
    const { context, page } = await newPage(browser);
    try {
      await signInByApi(page, 'admin@acme.demo');

      await page.goto('/vms?type=qemu');
      // The first VM of the list (a link in the grid; "New" is a link too, outside it).
      const link = page.getByRole('grid').locator('a[href^="/vms/"]');
      await link.first().waitFor({ timeout: TIMEOUT });
      const href = (await link.first().getAttribute('href'))!;
      expect(href).toMatch(/^\/vms\/[0-9a-f-]{36}$/);
      await page.goto(href);

      // Notes on the summary tab.
      const notes = `Billing database ${Date.now().toString(36)}`;
      await page.getByRole('button', { name: 'Edit notes' }).click({ timeout: TIMEOUT });
      await page.getByRole('textbox', { name: 'Notes' }).fill(notes);
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText(notes).waitFor({ timeout: TIMEOUT });

      // An ISO of the cluster in the CD/DVD drive.
      await page.getByRole('tab', { name: 'Hardware' }).click();
      const iso = await pickFirst(page, 'ISO image');
      await page.getByRole('button', { name: 'Mount' }).click();
      await page.getByText(new RegExp(`^(ide|sata)\\d+: ${iso.replace(/\./g, '\\.')}$`)).waitFor({
        timeout: TIMEOUT,
      });

      // Boot order: use every device, move the last one up, save; a reload shows the same order.
      const list = page.getByRole('list', { name: 'Boot order' });
      const boxes = list.getByRole('checkbox');
      for (let i = 0; i < (await boxes.count()); i++) await boxes.nth(i).check();
      await list
        .getByRole('button', { name: /^Move .* up$/ })
        .last()
        .click();
      const order = await bootRows(page);
      await page.getByRole('button', { name: 'Save boot order' }).click();
      await expect(
        page.getByRole('button', { name: 'Save boot order' }).isDisabled({ timeout: TIMEOUT }),
      ).resolves.toBe(true);
      await page.reload();
      await list.getByRole('listitem').first().waitFor({ timeout: TIMEOUT });
      expect(await bootRows(page)).toEqual(order);
      for (let i = 0; i < (await boxes.count()); i++)
        await expect(boxes.nth(i).isChecked()).resolves.toBe(true);

      // A new 1 GiB disk on a storage of the guest's node.
      const disks = page.getByRole('table', { name: 'Disks' });
      const rowsBefore = await disks.getByRole('row').count();
      await page.getByRole('button', { name: 'Add disk' }).click();
      const dialog = page.getByRole('dialog', { name: 'Add a disk' });
      await pickFirst(page, 'Storage');
      await dialog.getByRole('spinbutton', { name: 'Size (GiB)' }).fill('1');
      await dialog.getByRole('button', { name: 'Add disk' }).click();
      await dialog.waitFor({ state: 'detached', timeout: TIMEOUT });
      await page.waitForFunction(
        (n) => document.querySelectorAll('table[aria-label="Disks"] tr').length > n,
        rowsBefore,
        { timeout: TIMEOUT },
      );
      await disks.getByRole('cell', { name: '1 GiB', exact: true }).first().waitFor();
    } finally {
      await context.close();
    }
  });
});
