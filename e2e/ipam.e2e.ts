import type { Browser, Page } from 'playwright-core';
import { call, login, signInApi, sim } from './support/api';
import { baseUrl, launchBrowser, newPage, signInByApi } from './support/browser';

// Issue 17: staff create an IP range for Acme on the Networks page; Acme's admin creates a
// container in the wizard, picking that range for its NIC, and sees the address on the guest's
// Network tab; staff then move the NIC to another address of the range. Then the whole
// "done when": a VLAN pool and a tagged range, the address, gateway and tag in the guest's config
// on the simulator, the address held after the guest is deleted and free once the hold ran out,
// and Globex seeing none of it.

const next = (page: Page) => page.getByRole('button', { name: 'Next' }).click();

/** Picks the first enabled option of the MUI select labelled `name` (or the one matching `choice`). */
async function pick(page: Page, name: string, choice?: RegExp): Promise<string> {
  await page.getByRole('combobox', { name }).click();
  const options = page.getByRole('option').and(page.locator(':not([aria-disabled="true"])'));
  await options.first().waitFor();
  const option = choice ? options.filter({ hasText: choice }).first() : options.first();
  const text = (await option.textContent()) ?? '';
  await option.click();
  return text;
}

/** A guest's configuration as Proxmox reports it (`GET /nodes/{node}/{kind}/{vmid}/config`). */
async function pveConfig(node: string, kind: string, vmid: number) {
  const password = process.env.SIM_PASSWORD ?? 'sim-password';
  const ticket = await sim<{ data: { ticket: string } }>(
    '/api2/json/access/ticket',
    `username=root%40pam&password=${encodeURIComponent(password)}`,
    { 'Content-Type': 'application/x-www-form-urlencoded' },
  );
  const cfg = await sim<{ data: Record<string, unknown> }>(
    `/api2/json/nodes/${node}/${kind}/${vmid}/config`,
    undefined,
    { Cookie: `PVEAuthCookie=${encodeURIComponent(ticket.data.ticket)}` },
  );
  return cfg.data;
}

/** The HTTP status of a GET as `token` (the isolation checks want 404s, not throws). */
async function statusOf(path: string, token: string): Promise<number> {
  const res = await fetch(`${baseUrl}/api${path}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  return res.status;
}

async function signedIn(browser: Browser, email: string) {
  const { context, page } = await newPage(browser);
  await signInByApi(page, email);
  await page.goto('/');
  return { context, page };
}

describe('IPAM (browser)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('staff create a range for Acme, Acme’s admin creates a guest on it, staff move its address', async () => {
    const stamp = Date.now().toString(36);
    const rangeName = `e2e-net-${stamp}`;
    // a /24 of 10.128.0.0/9 of its own per run (overlapping ranges are refused)
    const n = Date.now() % 32768;
    const net = `10.${128 + (n >> 8)}.${n & 255}`;
    const name = `e2e-ipam-${stamp}`;

    // 1. staff: a range for Acme with its gateway
    const staff = await signedIn(browser, 'admin@demo.local');
    let vmUrl = '';
    try {
      await staff.page.goto('/networks/new');
      await staff.page.getByRole('textbox', { name: 'Name' }).fill(rangeName);
      await staff.page.getByRole('textbox', { name: 'Network (CIDR)' }).fill(`${net}.0/24`);
      await pick(staff.page, 'Owner', /^Acme Corp$/);
      await staff.page.getByRole('textbox', { name: 'Gateway' }).fill(`${net}.1`);
      await staff.page.getByRole('button', { name: 'Create' }).click();
      await staff.page.waitForURL(/\/networks\/[0-9a-f-]{36}$/);
      await staff.page.getByText(`${net}.1`).first().waitFor();

      // 2. Acme's admin: a container whose NIC takes its address from the range
      const acme = await signedIn(browser, 'admin@acme.demo');
      try {
        const page = acme.page;
        await page.goto('/vms/new');
        await page.getByRole('radio', { name: /^Container/ }).check();
        await page.getByRole('heading', { name: 'Create a container' }).waitFor();
        await next(page);
        await page.getByRole('heading', { name: 'Source', level: 2 }).waitFor();
        await page.getByRole('radio', { name: 'A container template' }).check();
        const cluster = page.getByRole('combobox', { name: 'Cluster' });
        await cluster.waitFor();
        if (!(await cluster.textContent())?.trim()) await pick(page, 'Cluster');
        await pick(page, 'A container template');
        await next(page);
        await page.getByRole('heading', { name: 'Placement', level: 2 }).waitFor();
        await next(page);
        await page.getByRole('heading', { name: 'Resources', level: 2 }).waitFor();
        await page.getByRole('textbox', { name: 'Name' }).fill(name);
        await next(page);
        await page.getByRole('heading', { name: 'Network', level: 2 }).waitFor();
        await pick(page, 'Network (IP range)', new RegExp(rangeName));
        // the gateway (.1) is reserved: the NIC gets .2
        await page.getByText(`Address: ${net}.2`).waitFor();
        await next(page);
        await page.getByRole('heading', { name: 'Cloud-init', level: 2 }).waitFor();
        await next(page);
        await page
          .getByRole('table', { name: 'Review' })
          .getByText(name, { exact: true })
          .waitFor();
        await page.getByRole('button', { name: 'Create' }).click();
        await page.getByText(`${name} is ready.`).waitFor({ timeout: 90_000 });
        await page.getByRole('link', { name: 'Open it' }).click();
        await page.waitForURL(/\/vms\/[0-9a-f-]{36}$/);
        vmUrl = new URL(page.url()).pathname;
        await page.goto(`${vmUrl}?tab=network`);
        const table = page.getByRole('table', { name: 'Network' });
        const row0 = table.getByRole('row').filter({ hasText: 'net0' });
        await row0.getByText(`${net}.2`).waitFor();
        // a company admin does not move addresses
        expect(await page.getByRole('button', { name: /^Change the address of/ }).count()).toBe(0);
      } finally {
        await acme.context.close();
      }

      // 3. staff: move net0 to .9 of the same range
      await staff.page.goto(`${vmUrl}?tab=network`);
      await staff.page.getByRole('button', { name: 'Change the address of net0' }).click();
      const dialog = staff.page.getByRole('dialog', { name: 'Change the address of net0' });
      await dialog.getByText(`Current address: ${net}.2`).waitFor();
      await pick(staff.page, 'Network (IP range)', new RegExp(rangeName));
      await dialog.getByRole('textbox', { name: 'Address (optional)' }).fill(`${net}.9`);
      await dialog.getByRole('button', { name: 'Change address' }).click();
      await dialog.waitFor({ state: 'detached' });
      const row0 = staff.page
        .getByRole('table', { name: 'Network' })
        .getByRole('row')
        .filter({ hasText: 'net0' });
      await row0.getByText(`${net}.9`).waitFor();
      // the old address is held, the new one allocated to the guest
      await staff.page.goto('/networks');
      await staff.page.getByRole('link', { name: rangeName }).click();
      await staff.page.getByText(`${net}.9`).first().waitFor();
    } finally {
      await staff.context.close();
    }
  }, 240_000);

  it('a VLAN pool and a tagged range for Acme: the guest carries address, gateway and tag; delete holds it; Globex sees none', async () => {
    const stamp = Date.now().toString(36);
    const rangeName = `e2e-vlan-net-${stamp}`;
    const poolName = `e2e-pool-${stamp}`;
    const n = (Date.now() + 16384) % 32768;
    const net = `10.${128 + (n >> 8)}.${n & 255}`;
    const tag = 3000 + (Date.now() % 900);
    const name = `e2e-ipam-vlan-${stamp}`;
    const HOLD = 20;

    const staffToken = await login('admin@demo.local');
    const acmeSession = await signInApi('admin@acme.demo');
    const acmeToken = acmeSession.accessToken;
    const acmeId = acmeSession.user.companyId;
    const globexToken = await login('admin@globex.demo');
    const [cluster] = await call<Array<{ id: string; name: string }>>(
      '/clusters',
      staffToken,
      undefined,
      'GET',
    );
    let poolId = '';
    let vlanId = '';
    let rangeId = '';
    const staff = await signedIn(browser, 'admin@demo.local');
    try {
      // 1. staff: a VLAN pool on the cluster (Networks page), one of its tags for Acme
      await staff.page.goto('/networks');
      const pools = staff.page.getByRole('region', { name: 'VLAN pools' });
      await pools.getByRole('combobox', { name: 'Cluster' }).click();
      await staff.page.getByRole('option', { name: cluster.name, exact: true }).click();
      await pools.getByRole('textbox', { name: 'Name' }).fill(poolName);
      await pools.getByRole('textbox', { name: 'First tag' }).fill(String(tag));
      await pools.getByRole('textbox', { name: 'Last tag' }).fill(String(tag + 9));
      await pools.getByRole('button', { name: 'Add pool' }).click();
      await pools.getByRole('cell', { name: poolName, exact: true }).waitFor();
      const listed = await call<Array<{ id: string; name: string }>>(
        `/ipam/clusters/${cluster.id}/vlan-pools`,
        staffToken,
        undefined,
        'GET',
      );
      poolId = listed.find((p) => p.name === poolName)?.id ?? '';
      expect(poolId).not.toBe('');
      vlanId = (
        await call<{ id: string }>(`/ipam/companies/${acmeId}/vlans`, staffToken, {
          clusterId: cluster.id,
          vlan: tag,
        })
      ).id;

      // 2. staff: a range for Acme on that tag, with a short hold
      await staff.page.goto('/networks/new');
      await staff.page.getByRole('textbox', { name: 'Name' }).fill(rangeName);
      await staff.page.getByRole('textbox', { name: 'Network (CIDR)' }).fill(`${net}.0/24`);
      await pick(staff.page, 'Owner', /^Acme Corp$/);
      await staff.page.getByRole('textbox', { name: 'VLAN' }).fill(String(tag));
      await staff.page.getByRole('textbox', { name: 'Gateway' }).fill(`${net}.1`);
      await staff.page.getByRole('textbox', { name: 'Hold period (seconds)' }).fill(String(HOLD));
      await staff.page.getByRole('button', { name: 'Create' }).click();
      await staff.page.waitForURL(/\/networks\/[0-9a-f-]{36}$/);
      rangeId = new URL(staff.page.url()).pathname.split('/').pop() ?? '';

      // 3. Acme's admin: a container on that cluster and network
      const acme = await signedIn(browser, 'admin@acme.demo');
      let guestId = '';
      try {
        const page = acme.page;
        await page.goto('/vms/new');
        await page.getByRole('radio', { name: /^Container/ }).check();
        await page.getByRole('heading', { name: 'Create a container' }).waitFor();
        await next(page);
        await page.getByRole('heading', { name: 'Source', level: 2 }).waitFor();
        await page.getByRole('radio', { name: 'A container template' }).check();
        await pick(page, 'Cluster', new RegExp(`^${cluster.name}$`));
        await pick(page, 'A container template');
        await next(page);
        await page.getByRole('heading', { name: 'Placement', level: 2 }).waitFor();
        await next(page);
        await page.getByRole('heading', { name: 'Resources', level: 2 }).waitFor();
        await page.getByRole('textbox', { name: 'Name' }).fill(name);
        await next(page);
        await page.getByRole('heading', { name: 'Network', level: 2 }).waitFor();
        await pick(page, 'Network (IP range)', new RegExp(rangeName));
        await page.getByText(`Address: ${net}.2`).waitFor();
        await next(page);
        await page.getByRole('heading', { name: 'Cloud-init', level: 2 }).waitFor();
        await next(page);
        await page
          .getByRole('table', { name: 'Review' })
          .getByText(name, { exact: true })
          .waitFor();
        await page.getByRole('button', { name: 'Create' }).click();
        await page.getByText(`${name} is ready.`).waitFor({ timeout: 90_000 });
        await page.getByRole('link', { name: 'Open it' }).click();
        await page.waitForURL(/\/vms\/[0-9a-f-]{36}$/);
        guestId = new URL(page.url()).pathname.split('/').pop() ?? '';

        // the guest's config on the simulator carries the address, the gateway and the tag
        const vm = await call<{ vmid: number; node: string; kind: string }>(
          `/vms/${guestId}`,
          acmeToken,
          undefined,
          'GET',
        );
        const cfg = await pveConfig(vm.node, vm.kind, vm.vmid);
        const net0 = String(cfg.net0);
        expect(net0).toContain(`ip=${net}.2/24`);
        expect(net0).toContain(`gw=${net}.1`);
        expect(net0).toContain(`tag=${tag}`);
        const [address] = await call<Array<{ id: string; address: string }>>(
          `/ipam/guests/${guestId}/addresses`,
          acmeToken,
          undefined,
          'GET',
        );
        expect(address.address).toBe(`${net}.2`);

        // 4. Globex sees none of it: not in its lists, 404 for every id, nothing on its page
        const theirs = await call<{ items: Array<{ name: string }> }>(
          '/ipam/ranges?page=1&pageSize=200',
          globexToken,
          undefined,
          'GET',
        );
        expect(theirs.items.map((r) => r.name)).not.toContain(rangeName);
        for (const path of [
          `/ipam/ranges/${rangeId}`,
          `/ipam/ranges/${rangeId}/addresses`,
          `/ipam/addresses/${address.id}`,
          `/ipam/guests/${guestId}/addresses`,
          `/ipam/companies/${acmeId}/vlans`,
          `/vms/${guestId}`,
        ]) {
          expect([path, await statusOf(path, globexToken)]).toEqual([path, 404]);
        }
        const globex = await signedIn(browser, 'admin@globex.demo');
        try {
          await globex.page.goto('/networks');
          await globex.page.getByRole('heading', { name: 'Networks' }).first().waitFor();
          await globex.page.waitForLoadState('networkidle');
          expect(await globex.page.getByText(rangeName).count()).toBe(0);
          expect(await globex.page.getByText(`${net}.0/24`).count()).toBe(0);
        } finally {
          await globex.context.close();
        }

        // 5. Acme's admin deletes the guest (it is running: delete stops it first)
        await page.getByRole('button', { name: 'Delete', exact: true }).click();
        const del = page.getByRole('dialog', { name: `Delete ${name}?` });
        await del.getByRole('textbox', { name: 'Type the name to confirm' }).fill(name);
        await del.getByRole('button', { name: 'Delete for good' }).click();
        await page.waitForURL(`${baseUrl}/vms`, { timeout: 120_000 });
      } finally {
        await acme.context.close();
      }

      // 6. the address is held (not handed out again at once), then free once the hold ran out
      const heldRows = async () =>
        (
          await call<{ items: Array<{ address: string; holdUntil: string | null }> }>(
            `/ipam/ranges/${rangeId}/addresses?status=held`,
            staffToken,
            undefined,
            'GET',
          )
        ).items;
      const held = async () => (await heldRows()).map((a) => a.address);
      for (let i = 0; i < 60 && !(await held()).includes(`${net}.2`); i++) {
        await new Promise((r) => setTimeout(r, 1000));
      }
      expect(await held()).toContain(`${net}.2`);
      await expect(
        call(`/ipam/ranges/${rangeId}/allocations`, staffToken, { address: `${net}.2` }),
      ).rejects.toThrow(/409.*already held/);
      // until the hold's own end (it began at the delete), not a whole hold from now
      const holdUntil = (await heldRows()).find((a) => a.address === `${net}.2`)?.holdUntil;
      expect(holdUntil).toBeTruthy();
      const left = Date.parse(holdUntil!) - Date.now();
      expect(left).toBeLessThanOrEqual(HOLD * 1000);
      await new Promise((r) => setTimeout(r, Math.max(0, left) + 1000));
      const again = await call<{ id: string; address: string }>(
        `/ipam/ranges/${rangeId}/allocations`,
        staffToken,
        { address: `${net}.2` },
      );
      expect(again.address).toBe(`${net}.2`);
      await call(`/ipam/addresses/${again.id}/release`, staffToken, { immediate: true });
      // the range's address table shows it free again
      await staff.page.goto(`/networks/${rangeId}`);
      await staff.page.getByText(`${net}.2`).first().waitFor();
    } finally {
      await staff.context.close();
      // leave the cluster without the pool (other tests pick VLAN tags freely there)
      if (rangeId)
        await call(`/ipam/ranges/${rangeId}`, staffToken, undefined, 'DELETE').catch(
          () => undefined,
        );
      if (vlanId) {
        await call(
          `/ipam/companies/${acmeId}/vlans/${vlanId}`,
          staffToken,
          undefined,
          'DELETE',
        ).catch(() => undefined);
      }
      if (poolId)
        await call(`/ipam/vlan-pools/${poolId}`, staffToken, undefined, 'DELETE').catch(
          () => undefined,
        );
    }
  }, 420_000);
});
