import type { Browser, Page } from 'playwright-core';
import { baseUrl, launchBrowser, newPage, signIn } from './support/browser';

// Issue 17: staff create an IP range for Acme on the Networks page; Acme's admin creates a
// container in the wizard, picking that range for its NIC, and sees the address on the guest's
// Network tab; staff then move the NIC to another address of the range.

const next = (page: Page) => page.getByRole('button', { name: 'Next' }).click();

/** Picks the first enabled option of the MUI select labelled `name` (or the one matching `choice`). */
async function pick(page: Page, name: string, choice?: RegExp): Promise<string> {
  await page.getByRole('combobox', { name }).click();
  const options = page.getByRole('option').and(page.locator(':not([aria-disabled="true"])'));
  await options.first().waitFor();
  const option = choice ? options.filter({ hasText: choice }).first() : options.first();
  const text = (await option.textContent()) ?? '';
  await option.click();
  return text;
}

async function signedIn(browser: Browser, email: string) {
  const { context, page } = await newPage(browser);
  await page.goto('/login');
  await signIn(page, email);
  await page.waitForURL(`${baseUrl}/`);
  return { context, page };
}

describe('IPAM (browser)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('staff create a range for Acme, Acme’s admin creates a guest on it, staff move its address', async () => {
    const stamp = Date.now().toString(36);
    const rangeName = `e2e-net-${stamp}`;
    // a /24 of 10.128.0.0/9 of its own per run (overlapping ranges are refused)
    const n = Date.now() % 32768;
    const net = `10.${128 + (n >> 8)}.${n & 255}`;
    const name = `e2e-ipam-${stamp}`;

    // 1. staff: a range for Acme with its gateway
    const staff = await signedIn(browser, 'admin@demo.local');
    let vmUrl = '';
    try {
      await staff.page.goto('/networks/new');
      await staff.page.getByRole('textbox', { name: 'Name' }).fill(rangeName);
      await staff.page.getByRole('textbox', { name: 'Network (CIDR)' }).fill(`${net}.0/24`);
      await pick(staff.page, 'Owner', /^Acme Corp$/);
      await staff.page.getByRole('textbox', { name: 'Gateway' }).fill(`${net}.1`);
      await staff.page.getByRole('button', { name: 'Create' }).click();
      await staff.page.waitForURL(/\/networks\/[0-9a-f-]{36}$/);
      await staff.page.getByText(`${net}.1`).first().waitFor();

      // 2. Acme's admin: a container whose NIC takes its address from the range
      const acme = await signedIn(browser, 'admin@acme.demo');
      try {
        const page = acme.page;
        await page.goto('/vms/new');
        await page.getByRole('radio', { name: /^Container/ }).check();
        await page.getByRole('heading', { name: 'Create a container' }).waitFor();
        await next(page);
        await page.getByRole('heading', { name: 'Source', level: 2 }).waitFor();
        await page.getByRole('radio', { name: 'A container template' }).check();
        const cluster = page.getByRole('combobox', { name: 'Cluster' });
        await cluster.waitFor();
        if (!(await cluster.textContent())?.trim()) await pick(page, 'Cluster');
        await pick(page, 'A container template');
        await next(page);
        await page.getByRole('heading', { name: 'Placement', level: 2 }).waitFor();
        await next(page);
        await page.getByRole('heading', { name: 'Resources', level: 2 }).waitFor();
        await page.getByRole('textbox', { name: 'Name' }).fill(name);
        await next(page);
        await page.getByRole('heading', { name: 'Network', level: 2 }).waitFor();
        await pick(page, 'Network (IP range)', new RegExp(rangeName));
        // the gateway (.1) is reserved: the NIC gets .2
        await page.getByText(`Address: ${net}.2`).waitFor();
        await next(page);
        await page.getByRole('heading', { name: 'Cloud-init', level: 2 }).waitFor();
        await next(page);
        await page
          .getByRole('table', { name: 'Review' })
          .getByText(name, { exact: true })
          .waitFor();
        await page.getByRole('button', { name: 'Create' }).click();
        await page.getByText(`${name} is ready.`).waitFor({ timeout: 90_000 });
        await page.getByRole('link', { name: 'Open it' }).click();
        await page.waitForURL(/\/vms\/[0-9a-f-]{36}$/);
        vmUrl = new URL(page.url()).pathname;
        await page.goto(`${vmUrl}?tab=network`);
        const table = page.getByRole('table', { name: 'Network' });
        const row0 = table.getByRole('row').filter({ hasText: 'net0' });
        await row0.getByText(`${net}.2`).waitFor();
        // a company admin does not move addresses
        expect(await page.getByRole('button', { name: /^Change the address of/ }).count()).toBe(0);
      } finally {
        await acme.context.close();
      }

      // 3. staff: move net0 to .9 of the same range
      await staff.page.goto(`${vmUrl}?tab=network`);
      await staff.page.getByRole('button', { name: 'Change the address of net0' }).click();
      const dialog = staff.page.getByRole('dialog', { name: 'Change the address of net0' });
      await dialog.getByText(`Current address: ${net}.2`).waitFor();
      await pick(staff.page, 'Network (IP range)', new RegExp(rangeName));
      await dialog.getByRole('textbox', { name: 'Address (optional)' }).fill(`${net}.9`);
      await dialog.getByRole('button', { name: 'Change address' }).click();
      await dialog.waitFor({ state: 'detached' });
      const row0 = staff.page
        .getByRole('table', { name: 'Network' })
        .getByRole('row')
        .filter({ hasText: 'net0' });
      await row0.getByText(`${net}.9`).waitFor();
      // the old address is held, the new one allocated to the guest
      await staff.page.goto('/networks');
      await staff.page.getByRole('link', { name: rangeName }).click();
      await staff.page.getByText(`${net}.9`).first().waitFor();
    } finally {
      await staff.context.close();
    }
  }, 240_000);
});
