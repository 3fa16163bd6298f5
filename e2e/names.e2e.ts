import type { Browser } from 'playwright-core';
import { baseUrl, demoPassword, launchBrowser, newPage, signInByApi } from './support/browser';

// Names, not ids: after Acme's admin reboots one of its VMs, the operator finds the job and the
// activity entry by the guest's name, the company and the person, and the entry links to the guest.

async function call<T>(path: string, token: string | null, body?: unknown, method = 'POST') {
  const res = await fetch(`${baseUrl}/api${path}`, {
    method,
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

interface Guest {
  id: string;
  name: string | null;
  kind: string;
  status: string;
  template?: boolean;
}

describe('names, not ids (browser)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the jobs list and the activity log name the guest, the company and the user', async () => {
    const acme = (
      await call<{ accessToken: string }>('/auth/login', null, {
        email: 'admin@acme.demo',
        password: demoPassword,
      })
    ).accessToken;
    const guests = (await call<{ items: Guest[] }>('/vms?pageSize=200', acme, undefined, 'GET'))
      .items;
    const vm = guests.find((g) => g.kind === 'qemu' && g.status === 'running' && g.name);
    if (!vm) throw new Error('the demo estate has no running Acme VM');
    await call(`/vms/${vm.id}/control`, acme, { action: 'reboot' });

    const { context, page } = await newPage(browser);
    try {
      await signInByApi(page, 'admin@demo.local');

      await page.goto('/jobs');
      const jobRow = page
        .getByRole('row')
        .filter({ has: page.getByRole('link', { name: vm.name!, exact: true }) })
        .first();
      await jobRow.getByText('Acme Corp').waitFor();
      await jobRow.getByText('Alice Acme').waitFor();

      await page.goto('/activity');
      const entry = page.getByRole('link', { name: `Rebooted VM ${vm.name}` }).first();
      await entry.waitFor();
      expect(await entry.getAttribute('href')).toBe(`/vms/${vm.id}`);
      const activityRow = page.getByRole('row').filter({ has: entry }).first();
      await activityRow.getByRole('button', { name: 'Only Alice Acme' }).click();
      await page.waitForURL(/actorId=/);
      await page.getByText('User: Alice Acme').waitFor();
    } finally {
      await context.close();
    }
  });
});
