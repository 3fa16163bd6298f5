import type { Browser, Page } from 'playwright-core';
import { call, login, signInApi } from './support/api';
import { launchBrowser, newPage, signInByApi } from './support/browser';

// Issue 17, bulk create in the create wizard: Acme's admin asks for 6 containers on a range with
// 5 free addresses (the network step warns, the API's 409 names the range and nothing is made),
// then for 2: both are created (`<name>-1`, `<name>-2`), each with its own job shown and its own
// next free address of the range.

const next = (page: Page) => page.getByRole('button', { name: 'Next' }).click();

/** Picks the first enabled option of the MUI select labelled `name` (or the one matching `choice`). */
async function pick(page: Page, name: string, choice?: RegExp): Promise<void> {
  await page.getByRole('combobox', { name }).click();
  const options = page.getByRole('option').and(page.locator(':not([aria-disabled="true"])'));
  await options.first().waitFor();
  await (choice ? options.filter({ hasText: choice }).first() : options.first()).click();
}

describe('create wizard: bulk create (browser)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('refuses 6 guests on a range with 5 free addresses, then creates 2 with an address each', async () => {
    const stamp = Date.now().toString(36);
    const rangeName = `e2e-bulk-${stamp}`;
    // a /29 of 10.64.0.0/10 of its own per run (overlapping ranges are refused)
    const n = Date.now() % 500_000;
    const base = `10.${64 + (n >> 13)}.${(n >> 5) & 255}.${(n & 31) * 8}`;
    const prefix = base.split('.').slice(0, 3).join('.');
    const last = Number(base.split('.')[3]);
    const name = `e2e-bulk-${stamp}`;
    const staffToken = await login('admin@demo.local');
    const acmeSession = await signInApi('admin@acme.demo');
    const acmeToken = acmeSession.accessToken;
    // 6 usable, the gateway reserved: 5 free
    const range = await call<{ id: string }>('/ipam/ranges', staffToken, {
      name: rangeName,
      cidr: `${base}/29`,
      companyId: acmeSession.user.companyId,
      gateway: `${prefix}.${last + 1}`,
      holdSeconds: 0,
    });
    const guestIds: string[] = [];
    const { context, page } = await newPage(browser);
    try {
      await signInByApi(page, 'admin@acme.demo');
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
      await page.getByRole('spinbutton', { name: 'Number of guests' }).fill('6');
      await page.getByText(`Creates ${name}-1 … ${name}-6`).waitFor();
      await next(page);
      await page.getByRole('heading', { name: 'Network', level: 2 }).waitFor();
      await pick(page, 'Network (IP range)', new RegExp(rangeName));
      await page.getByText('This range has only 5 free addresses for 6 guests').waitFor();
      await next(page);
      await page.getByRole('heading', { name: 'Cloud-init', level: 2 }).waitFor();
      await next(page);
      await page.getByRole('heading', { name: 'Review', level: 2 }).waitFor();
      await page.getByRole('button', { name: 'Create 6 guests' }).click();
      await page
        .getByText(`Range "${rangeName}" (${base}/29) has 5 free addresses; 6 guests need 6`)
        .waitFor();

      // two guests: back to Resources
      for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Back' }).click();
      await page.getByRole('heading', { name: 'Resources', level: 2 }).waitFor();
      await page.getByRole('spinbutton', { name: 'Number of guests' }).fill('2');
      await next(page);
      await page
        .getByText(
          `Address: ${prefix}.${last + 2} for the first guest; each of the 2 guests gets its own next free address`,
        )
        .waitFor();
      await next(page);
      await next(page);
      await page.getByRole('button', { name: 'Create 2 guests' }).click();
      await page.getByRole('heading', { name: 'Creating 2 guests' }).waitFor();
      // each guest's name turns into a link to it once its job succeeded
      for (const guest of [`${name}-1`, `${name}-2`]) {
        const link = page.getByRole('link', { name: guest, exact: true });
        await link.waitFor({ timeout: 120_000 });
        guestIds.push((await link.getAttribute('href'))!.split('/').pop()!);
      }
      await page.getByText('2 of 2 created so far; 0 refused').waitFor();

      const addresses = await Promise.all(
        guestIds.map(async (id) => {
          const [a] = await call<Array<{ address: string }>>(
            `/ipam/guests/${id}/addresses`,
            acmeToken,
            undefined,
            'GET',
          );
          return a.address;
        }),
      );
      expect(addresses.sort()).toEqual([`${prefix}.${last + 2}`, `${prefix}.${last + 3}`]);
    } finally {
      await context.close();
      for (const id of guestIds)
        await call(`/vms/${id}`, acmeToken, undefined, 'DELETE').catch(() => undefined);
      // the range goes once its guests are gone (best effort: a later run uses another /29)
      await new Promise((r) => setTimeout(r, 5000));
      await call(`/ipam/ranges/${range.id}`, staffToken, undefined, 'DELETE').catch(
        () => undefined,
      );
    }
  }, 300_000);
});
