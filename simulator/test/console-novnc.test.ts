import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { findExecutable } from '../src/console/qemu-manager';
import { startConsoleHarness, USER, type ConsoleHarness } from './console-harness';

/** noVNC (the frontend's dependency) in a real Chromium against both RFB back ends. */
const NOVNC = join(__dirname, '../../node_modules/@novnc/novnc');
const CHROMIUM = ['chromium', 'chromium-browser', 'google-chrome']
  .map(findExecutable)
  .find(Boolean);
const available = existsSync(join(NOVNC, 'core/rfb.js')) && !!CHROMIUM;
if (!available) console.warn('noVNC or Chromium missing: skipping the browser console test');

const PAGE = `<!doctype html><html><body><div id="screen" style="width:800px;height:600px"></div>
<script type="module">
import RFB from '/novnc/core/rfb.js';
window.openConsole = (url, password) => new Promise((resolve, reject) => {
  const rfb = new RFB(document.getElementById('screen'), url, { credentials: { password }, wsProtocols: ['binary'] });
  window.rfb = rfb;
  rfb.addEventListener('connect', () => resolve(rfb._fbName));
  rfb.addEventListener('securityfailure', (e) => reject(new Error('security failure: ' + e.detail.reason)));
  rfb.addEventListener('disconnect', (e) => { window.disconnected = e.detail.clean ? 'clean' : 'error'; reject(new Error('disconnected')); });
});
window.litPixels = () => {
  const c = document.querySelector('#screen canvas');
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 0; i < d.length; i += 4) if (d[i] | d[i + 1] | d[i + 2]) n++;
  return n;
};
</script></body></html>`;

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.html': 'text/html' };

(available ? describe : describe.skip)('noVNC in Chromium', () => {
  jest.setTimeout(60_000);
  let web: Server;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    web = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
      const file = normalize(join(NOVNC, path.replace(/^\/novnc\//, '')));
      if (!path.startsWith('/novnc/') || !file.startsWith(NOVNC) || !existsSync(file)) {
        return res.writeHead(404).end();
      }
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(readFileSync(file));
    });
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(web.address() as AddressInfo).port}/`;
    browser = await chromium.launch({ executablePath: CHROMIUM!, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => web.close(() => resolve()));
  });

  const backends = [
    { label: 'built-in RFB server', qemuBinary: false as const, name: /^QEMU \(web01\)$/ },
    ...(findExecutable('qemu-system-x86_64')
      ? [{ label: 'real QEMU', qemuBinary: undefined, name: /^QEMU \(web01\)$/ }]
      : []),
  ];

  for (const backend of backends) {
    it(`connects, draws the guest screen and sends Ctrl+Alt+Del (${backend.label})`, async () => {
      const h: ConsoleHarness = await startConsoleHarness({
        qemuBinary: backend.qemuBinary,
        qemuGraceMs: 200,
      });
      const page: Page = await browser.newPage();
      try {
        h.guests.set('vm', {
          node: 'pve1',
          vmid: 100,
          kind: 'qemu',
          name: 'web01',
          status: 'running',
        });
        await page.goto(base);
        await page.waitForFunction(() => 'openConsole' in globalThis);
        const t = h.service.createVncTicket(h.guests.get('vm')!, USER, { generatePassword: true });
        const name = await page.evaluate(
          ([url, pw]) =>
            (
              globalThis as unknown as { openConsole: (u: string, p: string) => Promise<string> }
            ).openConsole(url, pw),
          [h.url('vm', t.port, t.ticket), t.password!] as const,
        );
        expect(name).toMatch(backend.name);
        await page.waitForFunction(
          () => (globalThis as unknown as { litPixels: () => number }).litPixels() > 500,
          null,
          {
            timeout: 15_000,
          },
        );
        await page.evaluate(() =>
          (globalThis as unknown as { rfb: { sendCtrlAltDel(): void } }).rfb.sendCtrlAltDel(),
        );
        await new Promise((r) => setTimeout(r, 300));
        expect(
          await page.evaluate(
            () => (globalThis as unknown as { disconnected?: string }).disconnected,
          ),
        ).toBeUndefined();
      } finally {
        await page.close();
        await h.close();
      }
    });
  }
});
