import type { BrowserServer } from 'playwright-core';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { e2eBrowser?: BrowserServer }).e2eBrowser?.close();
}
