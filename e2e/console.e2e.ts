import type { Browser, Page } from 'playwright-core';
import { baseUrl, demoPassword, launchBrowser, newPage, signInByApi } from './support/browser';

/*
 * Browser consoles end to end: noVNC against a running simulator VM (real QEMU VNC when installed)
 * and xterm.js against a container's simulated shell, both through the platform's relay.
 *
 * Needs the demo platform (E2E_BASE_URL) and its simulator (SIM_URL, default https://127.0.0.1:8006;
 * SIM_PASSWORD, default sim-password). When the demo seed has no cluster yet, the test adds the
 * simulator as one, syncs it and imports a running VM and container into Acme Corp.
 */
const simUrl = process.env.SIM_URL ?? 'https://127.0.0.1:8006';
const simPassword = process.env.SIM_PASSWORD ?? 'sim-password';

interface Guest {
  id: string;
  kind: 'qemu' | 'lxc';
  status: string;
  template: boolean;
  companyId: string | null;
}

async function call<T>(
  path: string,
  token: string | null,
  body?: unknown,
  method = 'POST',
): Promise<T> {
  const res = await fetch(`${baseUrl}/api${path}`, {
    method: body === undefined && method === 'POST' ? 'POST' : method,
    headers: {
      'Content-Type': 'application/json',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}
const get = <T>(path: string, token: string) => call<T>(path, token, undefined, 'GET');

async function login(email: string): Promise<{ token: string; companyId: string | null }> {
  const res = await call<{ accessToken: string; user: { companyId: string | null } }>(
    '/auth/login',
    null,
    { email, password: demoPassword },
  );
  return { token: res.accessToken, companyId: res.user.companyId };
}

const usable = (kind: Guest['kind']) => (g: Guest) =>
  g.kind === kind && g.status === 'running' && !g.template;

/** A running VM and container owned by Acme, creating the demo cluster if there is none. */
async function acmeConsoleGuests(): Promise<{ vm: string; ct: string }> {
  const operator = (await login('admin@demo.local')).token;
  const acme = await login('admin@acme.demo');
  const owned = async () => (await get<{ items: Guest[] }>('/vms?pageSize=500', acme.token)).items;
  let mine = await owned();
  if (mine.some(usable('qemu')) && mine.some(usable('lxc'))) {
    return { vm: mine.find(usable('qemu'))!.id, ct: mine.find(usable('lxc'))!.id };
  }
  let clusters = await get<Array<{ id: string }>>('/clusters', operator);
  if (clusters.length === 0) {
    const { fingerprint } = await call<{ fingerprint: string }>(
      '/clusters/probe-fingerprint',
      operator,
      { url: simUrl },
    );
    await call('/clusters', operator, {
      name: 'demo-simulator',
      endpoints: [{ url: simUrl, fingerprint }],
      credentials: { type: 'password', username: 'root@pam', password: simPassword },
    });
    clusters = await get<Array<{ id: string }>>('/clusters', operator);
  }
  const clusterId = clusters[0].id;
  await call(`/clusters/${clusterId}/sync`, operator);
  const wanted: string[] = [];
  for (const kind of ['qemu', 'lxc'] as const) {
    if (mine.some(usable(kind))) continue;
    const deadline = Date.now() + 60_000;
    for (;;) {
      const list = await get<{ items: Guest[] }>(
        `/guests/unassigned?clusterId=${clusterId}&pageSize=500`,
        operator,
      );
      const g = list.items.find(usable(kind));
      if (g) {
        wanted.push(g.id);
        break;
      }
      if (Date.now() > deadline) throw new Error(`no running unassigned ${kind} to import`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  await call('/guests/import', operator, { guestIds: wanted, companyId: acme.companyId });
  mine = await owned();
  return { vm: mine.find(usable('qemu'))!.id, ct: mine.find(usable('lxc'))!.id };
}

async function waitForStatus(page: Page, state: string, timeout = 30_000): Promise<void> {
  await page.locator(`[data-testid="console-status"][data-state="${state}"]`).waitFor({ timeout });
}

/** Non-black pixels on noVNC's canvas (what the person sees). */
async function litPixels(page: Page): Promise<number> {
  return page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="vnc-screen"] canvas');
    if (!canvas || canvas.width === 0 || canvas.height === 0) return 0;
    const ctx = canvas.getContext('2d');
    if (!ctx) return 0;
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let lit = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] + data[i + 1] + data[i + 2] > 30) lit++;
    return lit;
  });
}

async function waitForPixels(page: Page, timeout = 30_000): Promise<number> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const n = await litPixels(page);
    if (n > 500) return n;
    if (Date.now() > deadline) throw new Error(`console canvas stayed blank (${n} lit pixels)`);
    await page.waitForTimeout(250);
  }
}

describe('console (browser)', () => {
  let browser: Browser;
  let guests: { vm: string; ct: string };

  beforeAll(async () => {
    guests = await acmeConsoleGuests();
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('shows the VM screen, sends Ctrl+Alt+Del, closes and reconnects', async () => {
    const { context, page } = await newPage(browser);
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    try {
      await signInByApi(page, 'admin@acme.demo');
      await page.goto(`/vms/${guests.vm}/console`);
      await waitForStatus(page, 'connected');
      expect(await waitForPixels(page)).toBeGreaterThan(500);

      await page.getByRole('button', { name: 'Ctrl+Alt+Del' }).click();
      await page.waitForTimeout(500);
      await waitForStatus(page, 'connected', 1000);

      await page.getByRole('button', { name: 'Disconnect' }).click();
      await waitForStatus(page, 'closed');
      await page.getByTestId('console-reason').waitFor();

      await page.getByRole('button', { name: 'Reconnect' }).click();
      await waitForStatus(page, 'connected');
      expect(await waitForPixels(page)).toBeGreaterThan(500);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('runs a command in a container terminal and shows its answer', async () => {
    const { context, page } = await newPage(browser);
    try {
      await signInByApi(page, 'admin@acme.demo');
      await page.goto(`/vms/${guests.ct}/console`);
      await waitForStatus(page, 'connected');
      const screen = page.getByTestId('terminal-screen');
      await screen.click();
      await page.keyboard.type('echo hello');
      await page.keyboard.press('Enter');
      // The shell's answer is a row of its own (the prompt row holds the typed command).
      const rows = screen.locator('.xterm-rows > div');
      await rows
        .filter({ hasText: /^\s*hello\s*$/ })
        .first()
        .waitFor({ timeout: 15_000 });
      // The terminal was sized to the page (termproxy resize), not left at 80x24.
      await page.keyboard.type('stty size');
      await page.keyboard.press('Enter');
      const size = rows.filter({ hasText: /^\s*\d+ \d+\s*$/ }).first();
      await size.waitFor({ timeout: 15_000 });
      const [r, c] = (await size.innerText()).trim().split(/\s+/).map(Number);
      expect(c).toBeGreaterThan(80);
      expect(r).toBeGreaterThan(10);
    } finally {
      await context.close();
    }
  });

  it('gives a platform operator a node shell', async () => {
    const operator = (await login('admin@demo.local')).token;
    const [guest] = (
      await get<{ items: Array<{ clusterId: string; node: string }> }>('/vms?pageSize=1', operator)
    ).items;
    const { context, page } = await newPage(browser);
    try {
      await signInByApi(page, 'admin@demo.local');
      await page.goto(`/clusters/${guest.clusterId}/nodes/${guest.node}/console`);
      await waitForStatus(page, 'connected');
      await page.getByRole('heading', { name: `Console: node ${guest.node}` }).waitFor();
      const screen = page.getByTestId('terminal-screen');
      await screen.click();
      await page.keyboard.type('hostname');
      await page.keyboard.press('Enter');
      const answer = new RegExp(`^\\s*${guest.node}\\s*$`);
      await screen.locator('.xterm-rows > div').filter({ hasText: answer }).first().waitFor();
    } finally {
      await context.close();
    }
  });

  it('opens the same console from the phone view', async () => {
    const { context, page } = await newPage(browser, 'phone');
    try {
      await signInByApi(page, 'admin@acme.demo');
      await page.goto(`/mobile/vms/${guests.ct}/console`);
      await waitForStatus(page, 'connected');
    } finally {
      await context.close();
    }
  });
});
