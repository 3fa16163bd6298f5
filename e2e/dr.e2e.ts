import type { Browser } from 'playwright-core';
import { startSimulator } from '@multpanel/simulator';
import { call, login, signInApi } from './support/api';
import { launchBrowser, newPage, signInByApi } from './support/browser';

// Issue 18, DR pairs end to end: two clusters of one simulator mount one PBS datastore (cluster A
// as "dr-pbs", cluster B as "site-a"). The platform administrator creates a standby DR pair for one
// of Acme's guests in the SPA, sees the recovery point and the standby VMID appear, fails over
// (confirmed) and sees the standby run. The standby is Acme's guest, not an unassigned one.

const GiB = 1024 ** 3;
const get = <T>(path: string, token: string) => call<T>(path, token, undefined, 'GET');

async function until<T>(what: string, fn: () => Promise<T | null | undefined>, ms = 180_000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

interface GuestView {
  id: string;
  vmid: number;
  name: string | null;
  kind: 'qemu' | 'lxc';
  template: boolean;
  companyId: string | null;
}
interface DrGuest {
  guestId: string;
  status: string;
  standbyVmid: number | null;
  standbyGuestId: string | null;
  failedOverAt: string | null;
}

jest.setTimeout(420_000);

describe('DR pairs (browser)', () => {
  let browser: Browser;
  let sim: Awaited<ReturnType<typeof startSimulator>>;
  let staff: string;
  const clusterIds: string[] = [];
  let pairId = '';
  const ownedGuests: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    sim = await startSimulator({
      port: 0,
      clusters: 2,
      nodes: 1,
      guests: 4,
      quiet: true,
      password: 'sim-password',
      seed: 18,
    });
    const pbs = { type: 'pbs', server: 'pbs.dr-e2e.test', datastore: 'dr', content: 'backup' };
    sim.runtimes[0].state.storages.push({
      storage: 'dr-pbs',
      shared: 1,
      total: 4096 * GiB,
      ...pbs,
    });
    sim.runtimes[1].state.storages.push({
      storage: 'site-a',
      shared: 1,
      total: 4096 * GiB,
      ...pbs,
    });
    staff = await login('admin@demo.local');
  });
  // Leaves no company guest on a cluster that goes away with this simulator (other browser tests
  // pick Acme's guests): the pair, both guests (destroyed as jobs) and the two clusters are removed.
  afterAll(async () => {
    if (pairId) await call(`/dr-pairs/${pairId}`, staff, undefined, 'DELETE').catch(() => {});
    for (const id of ownedGuests) {
      try {
        const vm = await get<{ name: string | null; vmid: number }>(`/vms/${id}`, staff);
        const confirm = encodeURIComponent(vm.name ?? String(vm.vmid));
        const { job } = await call<{ job: { id: string } }>(
          `/vms/${id}?confirm=${confirm}&purge=1`,
          staff,
          undefined,
          'DELETE',
        );
        await until(
          'the guest deletion',
          async () => {
            const j = await get<{ status: string }>(`/jobs/${job.id}`, staff);
            return ['succeeded', 'failed', 'cancelled'].includes(j.status) ? j : null;
          },
          90_000,
        );
      } catch (err) {
        console.warn(`DR browser test cleanup: ${String(err)}`);
      }
    }
    for (const id of clusterIds)
      await call(`/clusters/${id}`, staff, undefined, 'DELETE').catch((err: unknown) =>
        console.warn(`DR browser test cleanup: ${String(err)}`),
      );
    await sim?.close();
    await browser?.close();
  });

  it('staff create a standby pair, see the recovery point and standby, fail over and see it run', async () => {
    const tag = Date.now().toString(36);
    const names = [`dr-a-${tag}`, `dr-b-${tag}`];
    for (const [i, c] of sim.clusters.entries()) {
      const created = await call<{ id: string }>('/clusters', staff, {
        name: names[i],
        endpoints: [{ url: c.url, fingerprint: c.fingerprint }],
        credentials: { type: 'password', username: 'root@pam', password: 'sim-password' },
        tags: [],
      });
      clusterIds.push(created.id);
    }
    const [source, target] = clusterIds;
    // the inventory finds the source cluster's guests; one VM becomes Acme's
    const vm = await until('the source cluster inventory', async () => {
      const page = await get<{ items: GuestView[] }>(
        `/guests/unassigned?clusterId=${source}&pageSize=100`,
        staff,
      );
      return page.items.find((g) => g.kind === 'qemu' && !g.template);
    });
    const acme = await signInApi('admin@acme.demo');
    const acmeId = acme.user.companyId!;
    await call('/guests/import', staff, { companyId: acmeId, guestIds: [vm.id] }, 'POST');
    ownedGuests.push(vm.id);
    const pairName = `E2E DR ${tag}`;

    const { context, page } = await newPage(browser);
    try {
      await signInByApi(page, 'admin@demo.local');
      await page.goto('/backups?tab=dr');
      await page.getByRole('button', { name: 'New DR pair' }).click();
      const dialog = page.getByRole('dialog', { name: 'New DR pair' });
      await dialog.getByRole('combobox', { name: 'Company' }).click();
      await page.getByRole('option', { name: 'Acme Corp' }).click();
      await dialog.getByRole('textbox', { name: /^Name/ }).fill(pairName);
      await dialog.getByRole('combobox', { name: /^Guests/ }).click();
      await page.getByRole('option', { name: new RegExp(`\\(${vm.vmid}, ${names[0]}\\)`) }).click();
      await dialog.getByRole('combobox', { name: /^Source cluster/ }).click();
      await page.getByRole('option', { name: names[0], exact: true }).click();
      await dialog.getByRole('textbox', { name: /^Source storage/ }).fill('dr-pbs');
      await dialog.getByRole('combobox', { name: /^Target cluster/ }).click();
      await page.getByRole('option', { name: names[1], exact: true }).click();
      await dialog.getByRole('textbox', { name: /^Target storage/ }).fill('site-a');
      await dialog.getByRole('textbox', { name: /^Target node/ }).fill('pve1');
      await dialog.getByRole('combobox', { name: 'Policy' }).click();
      await page.getByRole('option', { name: 'Standby guest' }).click();
      await dialog.getByRole('textbox', { name: /^Standby disk storage/ }).fill('local-lvm');
      await dialog.getByRole('button', { name: 'Create' }).click();
      await dialog.waitFor({ state: 'hidden' });

      const grid = page.getByRole('grid', { name: 'DR pairs' });
      const row = grid.getByRole('row').filter({ hasText: pairName });
      await row.waitFor();
      await row.getByRole('menuitem', { name: 'Sync now' }).click();
      await row.getByRole('menuitem', { name: 'Guests and recovery points' }).click();
      const table = page.getByRole('table', { name: 'Guests of the DR pair' });
      const guestRow = table.getByRole('row').filter({ hasText: String(vm.vmid) });

      // the sync finishes: a recovery point "… ago", status OK and a standby VMID (polled by the SPA)
      const pairs = await get<{ items: Array<{ id: string; name: string }> }>(
        `/dr-pairs?companyId=${acmeId}&pageSize=100`,
        staff,
      );
      pairId = pairs.items.find((p) => p.name === pairName)!.id;
      const synced = await until('the DR sync', async () => {
        const d = await get<{ guests: DrGuest[] }>(`/dr-pairs/${pairId}`, staff);
        const g = d.guests[0];
        if (g?.status === 'failed') throw new Error(`DR sync failed: ${JSON.stringify(g)}`);
        return g?.status === 'ok' && g.standbyVmid !== null ? g : null;
      });
      ownedGuests.push(synced.standbyGuestId!);
      // The SPA polls every 5 s; a busy CI machine answers slowly. On a time-out the dialog's text
      // says what the SPA showed instead.
      await guestRow
        .getByText(/\bago\b/)
        .waitFor({ timeout: 45_000 })
        .catch(async (err: Error) => {
          const shown = await table.innerText({ timeout: 1_000 }).catch(() => '(no table)');
          throw new Error(`${err.message}\nThe dialog showed:\n${shown}`);
        });
      await guestRow.getByText('OK').waitFor({ timeout: 30_000 });
      await guestRow.getByText(String(synced.standbyVmid), { exact: true }).waitFor();
      expect(sim.runtimes[1].state.guests.get(synced.standbyVmid!)?.status).toBe('stopped');
      // the standby is Acme's (the company sees it), not an unassigned guest of the target
      const standby = await get<GuestView>(`/vms/${synced.standbyGuestId}`, acme.accessToken);
      expect(standby.vmid).toBe(synced.standbyVmid);
      const free = await get<{ items: GuestView[] }>(
        `/guests/unassigned?clusterId=${target}&pageSize=100`,
        staff,
      );
      expect(free.items.map((g) => g.vmid)).not.toContain(synced.standbyVmid);

      // fail over, confirmed; the row says so and the standby runs on the target cluster
      await guestRow.getByRole('button', { name: 'Fail over' }).click();
      const confirm = page.getByRole('dialog', { name: /^Fail over/ });
      await confirm.getByText(`Starts the standby VMID ${synced.standbyVmid} on pve1`, {
        exact: false,
      });
      await confirm.getByRole('button', { name: 'Fail over' }).click();
      await guestRow.getByText(/failed over/).waitFor({ timeout: 90_000 });
      await guestRow.getByRole('button', { name: 'Fail back' }).waitFor();
      await until('the standby to run', async () =>
        sim.runtimes[1].state.guests.get(synced.standbyVmid!)?.status === 'running' ? true : null,
      );
    } finally {
      await context.close();
    }
  });
});
