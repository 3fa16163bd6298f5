// The update through the web console, as a super_admin does it: check for updates, read the changelog,
// update with the live log (reloading the page once while it runs), then see the result in the history.
// Debian's Chromium through playwright-core.
import fs from 'node:fs';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = () => fs.existsSync(CHROMIUM);

export async function updateThroughBrowser({ base, email, password, version, changelogText }) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  try {
    const context = await browser.newContext({
      baseURL: base,
      viewport: { width: 1280, height: 900 },
    });
    context.setDefaultTimeout(60_000);
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('link', { name: 'Updates' }).click();
    await page.getByRole('heading', { name: 'Updates' }).waitFor();
    await page.getByRole('button', { name: 'Check for updates' }).click();
    const release = page.getByTestId(`release-${version}`);
    await release.waitFor();
    await release.getByRole('button', { name: 'Changelog' }).click();
    const changelog = await page.getByTestId(`changelog-${version}`).innerText();
    if (!changelog.includes(changelogText)) throw new Error(`changelog shows: ${changelog}`);
    await release.getByRole('button', { name: `Update to v${version}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Update' }).click();
    const log = page.getByTestId('update-log');
    // Live lines arrive while the engine works; a reload in the middle shows them all again.
    await log.getByText(/database saved to/).waitFor({ timeout: 120_000 });
    const runId = new URL(page.url()).searchParams.get('run');
    await page.reload();
    await log.getByText(/database saved to/).waitFor();
    // The API processes restart under the page; it reconnects and sees the end.
    await page.getByTestId('run-status').getByText('Succeeded').waitFor({ timeout: 600_000 });
    const logText = await log.innerText();
    await page.getByTestId('running-version').getByText(version).waitFor();
    // The history refreshes when the run's end arrives.
    await page.getByTestId('update-history').getByText('Succeeded').waitFor();
    const history = await page.getByTestId('update-history').innerText();
    return { runId, logText, history };
  } finally {
    await browser.close();
  }
}
