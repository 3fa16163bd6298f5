import type { Browser, Page } from 'playwright-core';
import { baseUrl, launchBrowser, newPage, signInByApi } from './support/browser';

// A whole VM lifecycle through the SPA as a company admin, against the demo seed + simulator.
// Every wait is on a state (job status, status chip, URL), never a fixed sleep.
const JOB_TIMEOUT = 120_000;

/** Waits until `count` job progress bars on the page report the status. */
async function waitForJobs(page: Page, status: string, count: number): Promise<void> {
  await page.waitForFunction(
    ([s, n]) =>
      document.querySelectorAll(`[data-testid="job-progress"][data-status="${s}"]`).length >=
      Number(n),
    [status, String(count)] as const,
    { timeout: JOB_TIMEOUT },
  );
  const failed = await page.locator('[data-testid="job-progress"][data-status="failed"]').count();
  expect(failed).toBe(0);
}

describe('VM lifecycle (browser)', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('company admin creates from a template, starts, snapshots, grows the disk, stops and deletes', async () => {
    const { context, page } = await newPage(browser);
    const name = `e2e-${Date.now().toString(36)}`;
    try {
      await signInByApi(page, 'admin@acme.demo');

      // Wizard: kind → source (first allowed template) → placement (automatic) → resources → … → review.
      await page.goto('/vms/new');
      await page.getByRole('heading', { name: 'Kind', exact: true }).waitFor();
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByRole('heading', { name: 'Source', exact: true }).waitFor();
      const templates = page.getByRole('radiogroup', { name: 'Template' }).getByRole('radio');
      await templates.first().waitFor();
      await templates.first().check();
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByRole('heading', { name: 'Placement', exact: true }).waitFor();
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByRole('heading', { name: 'Resources', exact: true }).waitFor();
      await page.getByRole('textbox', { name: 'Name' }).fill(name);
      await page.getByRole('spinbutton', { name: 'CPU cores' }).fill('1');
      await page.getByRole('spinbutton', { name: 'Memory (GiB)' }).fill('1');
      await page.getByRole('spinbutton', { name: 'Disk (GiB)' }).fill('8');
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByRole('heading', { name: 'Network', exact: true }).waitFor();
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByRole('heading', { name: 'Cloud-init', exact: true }).waitFor();
      // Created stopped, so the test starts it itself.
      await page.getByLabel('Start after creation').uncheck();
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByRole('table', { name: 'Review' }).getByText(name).waitFor();
      await page.getByRole('button', { name: 'Create', exact: true }).click();

      // The progress bar runs to completion, then links to the guest.
      await page.getByTestId('job-progress').waitFor();
      await waitForJobs(page, 'succeeded', 1);
      await expect(
        page.getByRole('progressbar', { name: /^Progress of / }).getAttribute('aria-valuenow'),
      ).resolves.toBe('100');
      await page.getByRole('link', { name: 'Open it' }).click();
      await page.waitForURL(/\/vms\/[0-9a-f-]{36}$/);
      await page.getByRole('heading', { name, exact: true }).waitFor();

      // Start (no confirmation needed) → running.
      await page.getByRole('button', { name: 'Start', exact: true }).click();
      await waitForJobs(page, 'succeeded', 1);
      await page.locator('header [data-status="running"]').waitFor({ timeout: JOB_TIMEOUT });

      // Snapshot.
      await page.getByRole('tab', { name: 'Snapshots' }).click();
      await page.getByRole('button', { name: 'Take snapshot' }).click();
      const snapDialog = page.getByRole('dialog', { name: `Snapshot of ${name}` });
      await snapDialog.getByRole('textbox', { name: 'Snapshot name' }).fill('before_change');
      await snapDialog.getByRole('button', { name: 'Take snapshot' }).click();
      await snapDialog.waitFor({ state: 'detached' });
      await waitForJobs(page, 'succeeded', 2);
      await page
        .getByTestId('snapshot-row')
        .filter({ hasText: 'before_change' })
        .waitFor({ timeout: JOB_TIMEOUT });

      // Grow the disk by 2 GiB.
      await page.getByRole('tab', { name: 'Hardware' }).click();
      const disks = page.getByRole('table', { name: 'Disks' });
      const sizeText =
        (await disks.getByRole('cell', { name: /GiB$/ }).first().textContent()) ?? '';
      const current = Number(sizeText.replace(/[^\d]/g, ''));
      expect(current).toBeGreaterThan(0);
      await disks.getByRole('button', { name: 'Grow' }).first().click();
      const grow = page.getByRole('dialog', { name: /^Grow disk / });
      await grow.getByRole('spinbutton', { name: 'New size (GiB)' }).fill(String(current + 2));
      await grow.getByRole('button', { name: 'Grow' }).click();
      await grow.waitFor({ state: 'detached' });
      await waitForJobs(page, 'succeeded', 3);
      await disks
        .getByRole('cell', { name: `${current + 2} GiB` })
        .waitFor({ timeout: JOB_TIMEOUT });

      // Stop (confirmed) → stopped.
      await page.getByRole('button', { name: 'Stop', exact: true }).click();
      const stop = page.getByRole('dialog', { name: `Stop ${name}?` });
      await stop.getByRole('button', { name: 'Stop', exact: true }).click();
      await waitForJobs(page, 'succeeded', 4);
      await page.locator('header [data-status="stopped"]').waitFor({ timeout: JOB_TIMEOUT });

      // Delete: the button unlocks only with the exact name typed.
      await page.getByRole('button', { name: 'Delete', exact: true }).click();
      const del = page.getByRole('dialog', { name: `Delete ${name}?` });
      const confirm = del.getByRole('button', { name: 'Delete for good' });
      await expect(confirm.isDisabled()).resolves.toBe(true);
      await del.getByRole('textbox', { name: 'Type the name to confirm' }).fill(name);
      await confirm.click();
      await page.waitForURL(`${baseUrl}/vms`, { timeout: JOB_TIMEOUT });

      await page.getByRole('textbox', { name: 'Search' }).fill(name);
      await page
        .getByText('No virtual machines match', { exact: false })
        .waitFor({ timeout: JOB_TIMEOUT });
    } finally {
      await context.close();
    }
  });
});
