import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { call, login, signInApi } from './support/api';
import { baseUrl, demoPassword, launchBrowser, newPage } from './support/browser';

// Issue 16: mutating flows that had no browser test. The operator migrates a guest to another node;
// Acme's admin creates a read-only API key from its preset, sees the secret once, uses it, revokes
// it and the key stops working; a user signs out another of their own sessions and that browser is
// signed out; Globex's admin saves and removes the company's single sign-on settings in the form.
// Each case checks what the page shows and what the API then says.

const JOB_TIMEOUT = 120_000;

interface Guest {
  id: string;
  name: string | null;
  kind: 'qemu' | 'lxc';
  status: string;
  node: string;
  clusterName: string;
  companyName: string | null;
  template: boolean;
  lock?: string | null;
}
interface MigrateTargets {
  running: boolean;
  targets: Array<{ node: string; allowed: boolean }>;
  localResources: string[];
  onlineBlockers: string[];
}
interface Job {
  id: string;
  status: string;
  error?: unknown;
}

/*
 * Signs the context in through the API rather than the form (the form is login.e2e's subject): the
 * login answer sets the refresh cookie in the context's jar, and the SPA restores the session from
 * it on its first load, as after a reload.
 */
async function signInByCookie(context: BrowserContext, email: string, userAgent?: string) {
  const res = await context.request.post('/api/auth/login', {
    data: { email, password: demoPassword },
    headers: userAgent ? { 'User-Agent': userAgent } : {},
  });
  if (!res.ok()) throw new Error(`sign-in of ${email}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as { accessToken: string };
}

/** Status and body of one API call, without throwing on an error status. */
async function attempt(path: string, token: string, body?: unknown, method = 'GET') {
  const res = await fetch(`${baseUrl}/api${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

async function waitForJob(token: string, id: string): Promise<Job> {
  const until = Date.now() + JOB_TIMEOUT;
  for (;;) {
    const job = await call<Job>(`/jobs/${id}`, token, undefined, 'GET');
    if (['succeeded', 'failed', 'cancelled'].includes(job.status)) return job;
    if (Date.now() > until) throw new Error(`job ${id} still ${job.status}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Waits for the page's job progress bar to end; a failure shows its message in the error. */
async function waitForJobBar(page: Page): Promise<void> {
  const bar = page.locator(
    '[data-testid="job-progress"]:is([data-status="succeeded"], [data-status="failed"])',
  );
  await bar.first().waitFor({ timeout: JOB_TIMEOUT });
  const status = await bar.first().getAttribute('data-status');
  if (status !== 'succeeded') throw new Error(`job ended ${status}: ${await bar.textContent()}`);
}

describe('account and operator flows (browser)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the operator migrates a guest to another node', async () => {
    const staff = await login('admin@demo.local');
    const { items } = await call<{ items: Guest[] }>('/vms?pageSize=200', staff, undefined, 'GET');
    // A stopped guest (an offline move) that Proxmox lets go somewhere; Globex's first, as the
    // other browser tests act mostly on Acme's guests.
    const candidates = items
      .filter((g) => g.name && !g.template && !g.lock && g.status === 'stopped')
      .sort((a, b) => Number(b.companyName === 'Globex') - Number(a.companyName === 'Globex'));
    let vm: Guest | undefined;
    let target: string | undefined;
    for (const g of candidates) {
      const pre = await call<MigrateTargets>(
        `/vms/${g.id}/migrate-targets`,
        staff,
        undefined,
        'GET',
      );
      target = pre.localResources.length ? undefined : pre.targets.find((t) => t.allowed)?.node;
      if (target) {
        vm = g;
        break;
      }
    }
    if (!vm || !target) throw new Error('no stopped demo guest that Proxmox lets migrate');
    const from = vm.node;

    const { context, page } = await newPage(browser);
    try {
      await signInByCookie(context, 'admin@demo.local');
      await page.goto(`/vms/${vm.id}`);
      await page.getByRole('heading', { name: vm.name!, exact: true }).waitFor();
      await page.getByText(`${from} (${vm.clusterName})`).waitFor();
      await page.getByRole('button', { name: 'Migrate', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: `Migrate ${vm.name}` });
      await dialog.getByRole('combobox', { name: 'Target node' }).click();
      await page.getByRole('option', { name: target, exact: true }).click();
      await dialog.getByRole('button', { name: 'Migrate', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });

      await waitForJobBar(page);
      // The summary names the new node once the job has changed it.
      await page.getByText(`${target} (${vm.clusterName})`).waitFor({ timeout: JOB_TIMEOUT });
    } finally {
      await context.close();
    }

    const after = await call<Guest>(`/vms/${vm.id}`, staff, undefined, 'GET');
    expect(after.node).toBe(target);
    expect(after.status).toBe('stopped');
    // Put it back where the demo estate had it, for the tests after this one.
    const back = await call<{ job: Job }>(`/vms/${vm.id}/migrate`, staff, { targetNode: from });
    expect((await waitForJob(staff, back.job.id)).status).toBe('succeeded');
  }, 300_000);

  it('an API key from the read-only preset shows its secret once, reads, may not act, and fails once revoked', async () => {
    const admin = await login('admin@acme.demo');
    const name = `e2e-key-${Date.now().toString(36)}`;
    const { context, page } = await newPage(browser);
    let secret = '';
    try {
      await signInByCookie(context, 'admin@acme.demo');
      await page.goto('/profile');
      await page.getByRole('button', { name: 'New key' }).click();
      const dialog = page.getByRole('dialog', { name: 'New API key' });
      await dialog.getByRole('textbox', { name: 'Name' }).fill(name);
      await dialog.getByRole('button', { name: 'Read-only' }).click();
      expect(await dialog.getByRole('checkbox', { name: 'See guests' }).isChecked()).toBe(true);
      expect(
        await dialog.getByRole('checkbox', { name: 'Start and stop guests' }).isChecked(),
      ).toBe(false);
      await dialog.getByRole('button', { name: 'Create', exact: true }).click();

      // The secret, once: in the dialog after creating, nowhere after it is closed.
      const plain = dialog.getByTestId('api-key-plain');
      await plain.waitFor();
      secret = await plain.inputValue();
      expect(secret.length).toBeGreaterThan(20);
      await dialog.getByText('It is shown only once', { exact: false }).waitFor();
      await dialog.getByRole('button', { name: 'Done' }).click();
      await dialog.waitFor({ state: 'detached' });
      const item = page.getByRole('listitem').filter({ hasText: name });
      await item.waitFor();
      expect(await page.content()).not.toContain(secret);

      // The server keeps the preset's read permissions only, and the key works for reading.
      const keys = await call<Array<{ id: string; name: string; permissions: string[] }>>(
        '/api-keys',
        admin,
        undefined,
        'GET',
      );
      const key = keys.find((k) => k.name === name);
      expect(key?.permissions).toContain('vm.read');
      expect(key?.permissions.every((p) => p.endsWith('.read'))).toBe(true);
      const read = await attempt('/vms?pageSize=5', secret);
      expect(read.status).toBe(200);
      const guests = (JSON.parse(read.text) as { items: Guest[] }).items;
      expect(guests.length).toBeGreaterThan(0);
      expect(guests.every((g) => g.companyName === 'Acme Corp')).toBe(true);
      // Read-only: starting a guest is refused.
      const act = await attempt(
        `/vms/${guests[0]!.id}/control`,
        secret,
        { action: 'start' },
        'POST',
      );
      expect(act.status).toBe(403);

      await item.getByRole('button', { name: 'Revoke' }).click();
      const confirm = page.getByRole('dialog', { name: `Revoke ${name}?` });
      await confirm.getByRole('button', { name: 'Revoke' }).click();
      await confirm.waitFor({ state: 'detached' });
      await item.waitFor({ state: 'detached' });
    } finally {
      await context.close();
    }

    expect((await attempt('/vms?pageSize=5', secret)).status).toBe(401);
    const left = await call<Array<{ name: string }>>('/api-keys', admin, undefined, 'GET');
    expect(left.map((k) => k.name)).not.toContain(name);
  }, 180_000);

  it('a user signs out another of their sessions, and that browser is signed out', async () => {
    const tag = `e2e-${Date.now().toString(36)}`;
    // The other device: its own browser context with a user agent the list can be searched by.
    const otherAgent = `Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0 ${tag}`;
    const other = await browser.newContext({
      baseURL: baseUrl,
      viewport: { width: 1280, height: 800 },
      userAgent: otherAgent,
    });
    other.setDefaultTimeout(30_000);
    const { context, page } = await newPage(browser);
    try {
      const otherToken = (await signInByCookie(other, 'user@globex.demo', otherAgent)).accessToken;
      const otherPage = await other.newPage();
      await otherPage.goto('/profile');
      await otherPage.getByText('This device').waitFor();
      const otherSessions = await call<Array<{ id: string; current: boolean }>>(
        '/auth/sessions',
        otherToken,
        undefined,
        'GET',
      );
      const otherId = otherSessions.find((s) => s.current)?.id;
      expect(otherId).toBeTruthy();

      const own = (await signInByCookie(context, 'user@globex.demo')).accessToken;
      await page.goto('/profile');
      const list = page.getByRole('list').filter({ has: page.getByText('This device') });
      await list.waitFor();
      const row = list.getByRole('listitem').filter({ has: page.locator(`[title$="${tag}"]`) });
      await row.getByText('Firefox · Windows').waitFor();
      await row.getByRole('button', { name: 'Sign out' }).click();
      await row.waitFor({ state: 'detached' });

      // The API no longer knows the session, and its access token is refused at once.
      const mine = await call<Array<{ id: string }>>('/auth/sessions', own, undefined, 'GET');
      expect(mine.map((s) => s.id)).not.toContain(otherId);
      expect((await attempt('/auth/me', otherToken)).status).toBe(401);

      // The other browser cannot restore its session: it lands on the sign-in page.
      await otherPage.reload();
      await otherPage.waitForURL(/\/login/);
      await otherPage.getByRole('heading', { name: 'Sign in' }).waitFor();
      // This one stays signed in.
      await page.reload();
      await page.getByText('This device').waitFor();
    } finally {
      await other.close();
      await context.close();
    }
  }, 180_000);

  it('a company admin saves its single sign-on settings in the form, and removes them', async () => {
    const { accessToken: globex, user } = await signInApi('admin@globex.demo');
    const path = `/companies/${user.companyId}/identity-provider`;
    const tenantId = randomUUID();
    const clientId = randomUUID();
    const domain = `e2e-${Date.now().toString(36)}.globex.test`;
    const { context, page } = await newPage(browser);
    try {
      await signInByCookie(context, 'admin@globex.demo');
      await page.goto('/sso');
      const form = page.getByRole('form', { name: 'Single sign-on' });
      await page.getByText('Not configured yet.').first().waitFor();
      await form.getByRole('textbox', { name: 'Directory (tenant) ID' }).fill(tenantId);
      await form.getByRole('textbox', { name: 'Application (client) ID' }).fill(clientId);
      await form.getByLabel('Client secret').fill('e2e-client-secret');
      await form.getByRole('textbox', { name: 'Allowed email domains' }).fill(domain);
      await form.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Sign-in settings saved.').waitFor();
      // Stored: the page shows the domain's proof state and the redirect URI to register.
      await page.getByText(domain, { exact: true }).first().waitFor();
      await form.getByRole('textbox', { name: 'Redirect URI to register in Entra' }).waitFor();

      const stored = await call<{
        tenantId: string;
        clientId: string;
        hasClientSecret: boolean;
        allowedDomains: string[];
        enabled: boolean;
      }>(path, globex, undefined, 'GET');
      expect(stored).toMatchObject({
        tenantId,
        clientId,
        hasClientSecret: true,
        allowedDomains: [domain],
        enabled: true,
      });
      expect(JSON.stringify(stored)).not.toContain('e2e-client-secret');

      await page.getByRole('button', { name: 'Remove single sign-on' }).click();
      await page.getByText('Single sign-on removed.').waitFor();
    } finally {
      await context.close();
    }
    const after = await call<unknown>(path, globex, undefined, 'GET');
    expect(after ?? null).toBeNull();
  }, 180_000);
});
