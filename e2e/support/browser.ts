import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const baseUrl = (process.env.E2E_BASE_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
export const demoPassword = process.env.DEMO_PASSWORD ?? 'demo-password';
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/*
 * Debian's Chromium, headless and quiet: no sandbox (CI containers run as root), no GPU, and none of
 * the background traffic (updates, sync, safe-browsing lists) a test machine without internet would
 * wait on.
 */
export const chromiumOptions = {
  executablePath,
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};

/*
 * A browser for one test file. Without `extraArgs` it is a connection to the one Chromium that
 * global-setup.ts starts for the whole run (a launch costs ~4 s of a loaded 2-core machine, a connection
 * ~0.7 s); each test still works in contexts of its own (own cookies and storage), and `close()` ends the
 * connection and the contexts made through it. `extraArgs` (e.g. `--host-resolver-rules` to reach the
 * platform under another name) launch a Chromium of its own, as does a run without the global setup.
 */
export function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  const shared = process.env.E2E_BROWSER_WS;
  if (shared && extraArgs.length === 0) return chromium.connect(shared);
  return chromium.launch({ ...chromiumOptions, args: [...chromiumOptions.args, ...extraArgs] });
}

const IPHONE_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

/** A new isolated context (own cookies and storage) at desktop or phone size. */
export async function newPage(
  browser: Browser,
  device: 'desktop' | 'phone' = 'desktop',
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(
    device === 'phone'
      ? {
          baseURL: baseUrl,
          viewport: { width: 390, height: 844 },
          userAgent: IPHONE_UA,
          isMobile: true,
          hasTouch: true,
          deviceScaleFactor: 2,
        }
      : { baseURL: baseUrl, viewport: { width: 1280, height: 800 } },
  );
  // An action waits up to 30 s: on CI's 2 busy cores a page's first load can take over 15.
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  // What a failing step cannot show: the SPA's uncaught errors and the API's 5xx answers, printed as
  // they happen (next to the test in the run's log).
  page.on('pageerror', (err) => console.error(`[page error] ${page.url()}: ${err.stack ?? err}`));
  page.on('response', (res) => {
    if (res.status() >= 500)
      console.error(`[HTTP ${res.status()}] ${res.request().method()} ${res.url()}`);
  });
  return { context, page };
}

/** Fills the SPA's sign-in form and submits it. */
export async function signIn(page: Page, email: string, password = demoPassword): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/**
 * Signs a page's (or a context's) browser context in through the API instead of the form, for tests
 * that are not about signing in: the refresh cookie lands in the context and the next page load
 * restores the session, as a reload does. Returns the access token, for the test's own API calls as
 * the same person.
 */
export async function signInByApi(
  target: Page | BrowserContext,
  email: string,
  password = demoPassword,
): Promise<string> {
  const context = 'context' in target ? target.context() : target;
  const res = await context.request.post('/api/auth/login', { data: { email, password } });
  const body = (await res.json().catch(() => null)) as {
    status?: string;
    accessToken?: string;
  } | null;
  if (!res.ok() || body?.status !== 'ok' || !body.accessToken)
    throw new Error(`API sign-in of ${email}: ${res.status()} ${JSON.stringify(body)}`);
  return body.accessToken;
}
