import { chromium, type BrowserServer } from 'playwright-core';
import { chromiumOptions } from './browser';

/** One Chromium for all the test files of the run (see launchBrowser); global-teardown.ts stops it. */
export default async function globalSetup(): Promise<void> {
  const server: BrowserServer = await chromium.launchServer(chromiumOptions);
  (globalThis as { e2eBrowser?: BrowserServer }).e2eBrowser = server;
  process.env.E2E_BROWSER_WS = server.wsEndpoint();
}
