// JS bytes the SPA's first load costs, as the browser receives them from a running platform (`npm start`):
// compressed body bytes (what Content-Encoding gives; the figure judged), bytes on the wire (bodies plus
// ~1 KB of response headers per file) and decoded bytes, per page.
// Targets (issue 16): /mobile ≤ 150 KB gzipped, the staff console (/) ≤ 350 KB; /login loads no chunk it
// does not need. Usage: BASE_URL=http://127.0.0.1:8080 npx tsx bench/spa-bytes.bench.ts
import { chromium } from 'playwright-core';

const base = (process.env.BASE_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
const password = process.env.DEMO_PASSWORD ?? 'demo-password';
const KB = 1024;

interface Load {
  page: string;
  files: number;
  wire: number;
  body: number;
  decoded: number;
  encodings: Set<string>;
  chunks: string[];
}

async function measure(path: string, email: string | null, phone: boolean): Promise<Load> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    const context = await browser.newContext({
      baseURL: base,
      viewport: phone ? { width: 390, height: 844 } : { width: 1280, height: 800 },
    });
    const page = await context.newPage();
    if (email) {
      await page.goto('/login');
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password', { exact: true }).fill(password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    }
    // A fresh full load in the same context: the refresh cookie restores the session, the cache is off.
    const measured = await context.newPage();
    const load: Load = {
      page: path,
      files: 0,
      wire: 0,
      body: 0,
      decoded: 0,
      encodings: new Set(),
      chunks: [],
    };
    const cdp = await context.newCDPSession(measured);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const js = new Map<string, string>();
    cdp.on('Network.responseReceived', (e) => {
      if (e.type === 'Script') {
        js.set(e.requestId, e.response.url);
        const enc = (e.response.headers['content-encoding'] ??
          e.response.headers['Content-Encoding']) as string | undefined;
        load.encodings.add(enc ?? 'identity');
      }
    });
    cdp.on('Network.loadingFinished', (e) => {
      const url = js.get(e.requestId);
      if (!url) return;
      load.files++;
      load.wire += e.encodedDataLength;
      load.chunks.push(new URL(url).pathname.split('/').pop()!);
    });
    await measured.goto(path);
    // The app keeps a WebSocket and polls open, so "network idle" never comes: wait for the load event
    // and for lazy route chunks to settle.
    await measured.waitForLoadState('load');
    await measured.waitForTimeout(4000);
    const sizes = await measured.evaluate(() =>
      (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
        .filter((r) => r.initiatorType === 'script' || r.name.endsWith('.js'))
        .reduce(
          (n, r) => ({ body: n.body + r.encodedBodySize, decoded: n.decoded + r.decodedBodySize }),
          { body: 0, decoded: 0 },
        ),
    );
    load.body = sizes.body;
    load.decoded = sizes.decoded;
    return load;
  } finally {
    await browser.close();
  }
}

async function main() {
  const targets: Array<[string, string | null, boolean, number | null]> = [
    ['/login', null, false, null],
    ['/', 'admin@demo.local', false, 350],
    ['/mobile', 'user@acme.demo', true, 150],
  ];
  for (const [path, email, phone, limitKb] of targets) {
    const l = await measure(path, email, phone);
    const bodyKb = l.body / KB;
    const verdict =
      limitKb === null
        ? ''
        : bodyKb <= limitKb
          ? ` PASS (≤ ${limitKb} KB)`
          : ` FAIL (> ${limitKb} KB)`;
    console.log(
      `${path.padEnd(8)} ${l.files} JS files, ${bodyKb.toFixed(1)} KB compressed (${[...l.encodings].join(',')}), ` +
        `${(l.wire / KB).toFixed(1)} KB on the wire with headers, ${(l.decoded / KB).toFixed(1)} KB decoded${verdict}`,
    );
    console.log(`         ${l.chunks.join(' ')}`);
  }
}

void main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
