import { createServer } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { call, login } from './support/api';
import { launchBrowser, newPage, signInByApi } from './support/browser';

// Issue 21: the MSP operator runs the one-click network edge for Globex in the wizard (next VLAN of
// the cluster's pool, a new LAN range, the OPNsense VM cloned from the template 9010 with its config
// disk on the Proxmox simulator, which boots an OPNsense simulator from that disk on the WAN address,
// the generated API key, the baseline) and follows the job to its end; Globex's admin publishes
// port 443 of a guest from the guest page (a pending change with its diff, then applied by a job)
// and the port forward is read back from the firewall on the firewall page, the change "applied";
// then reverts it from the change history (the inverse previewed and applied; the forward is gone).

const TEMPLATE_VMID = 9010; // --appliance-templates (scripts/test.mjs, npm start)
const get = <T>(path: string, token: string) => call<T>(path, token, undefined, 'GET');

interface Page_<T> {
  items: T[];
}

/** A TCP port free on loopback now: the firewall's web GUI listens there (443 needs privileges). */
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

/** Picks the option matching `choice` of the MUI select labelled `name`. */
async function pick(page: Page, name: string, choice: RegExp): Promise<void> {
  await page.getByRole('combobox', { name }).click();
  const option = page.getByRole('option').filter({ hasText: choice }).first();
  await option.waitFor();
  await option.click();
  await option.waitFor({ state: 'detached' });
}

async function signedIn(browser: Browser, email: string) {
  const { context, page } = await newPage(browser);
  await signInByApi(page, email);
  await page.goto('/');
  return { context, page };
}

describe('edge firewalls (browser)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('staff run the network edge for Globex; Globex’s admin publishes port 443 of a guest and it is applied', async () => {
    const stamp = Date.now().toString(36);
    const n = Date.now() % 8192;
    // per run: a loopback "public" range (the booted firewall listens on its WAN address), a LAN
    // network of 10.64.0.0/11 and a VLAN pool of its own
    const wanNet = `127.${100 + (n >> 6)}.${n & 63}`;
    const lanNet = `10.${64 + (n >> 8)}.${n & 255}`;
    const vlanFrom = 2000 + (n % 1000) * 2;
    const fwName = `globex-edge-${stamp}`;
    const port = await freePort();

    const staffToken = await login('admin@demo.local');
    const globexToken = await login('admin@globex.demo');
    const clusters = await get<Array<{ id: string; name: string }>>('/clusters', staffToken);
    const cluster = clusters.find((c) => c.name === 'Demo cluster')!;
    expect(cluster).toBeDefined();
    const wanRangeName = `e2e-public-${stamp}`;
    await call('/ipam/ranges', staffToken, {
      name: wanRangeName,
      cidr: `${wanNet}.0/24`,
      gateway: `${wanNet}.1`,
    });
    await call(`/ipam/clusters/${cluster.id}/vlan-pools`, staffToken, {
      name: `e2e-tenants-${stamp}`,
      vlanFrom,
      vlanTo: vlanFrom + 1,
    });

    // 1. staff: the network-edge wizard, the job followed to its end
    const staff = await signedIn(browser, 'admin@demo.local');
    let firewallPath = '';
    try {
      const page = staff.page;
      await page.goto('/firewalls');
      await page.getByRole('link', { name: 'Network edge' }).click();
      await page.getByRole('heading', { name: 'Network edge' }).waitFor();
      await pick(page, 'Company', /^Globex$/);
      await pick(page, 'Cluster', /^Demo cluster$/);
      await page.getByRole('textbox', { name: 'Node' }).fill('pve1');
      await page
        .getByRole('spinbutton', { name: 'OPNsense template VMID' })
        .fill(String(TEMPLATE_VMID));
      await page.getByRole('textbox', { name: 'Host name' }).fill(fwName);
      await page.getByRole('textbox', { name: 'LAN bridge' }).fill('vmbr0');
      await pick(page, 'WAN range (public)', new RegExp(wanRangeName));
      await page.getByRole('textbox', { name: 'New LAN network' }).fill(`${lanNet}.0/24`);
      await page.getByRole('spinbutton', { name: 'Web GUI port' }).fill(String(port));
      await page.getByRole('textbox', { name: 'Management networks' }).fill('192.0.2.0/24');
      await page.getByRole('button', { name: 'Create the network edge' }).click();
      await page
        .getByText(`${fwName} is deployed and answers with its generated key.`)
        .waitFor({ timeout: 150_000 });
      await page.getByRole('link', { name: 'Open the firewall' }).click();
      await page.waitForURL(/\/firewalls\/[0-9a-f-]{36}$/);
      firewallPath = new URL(page.url()).pathname;
      // the firewall answered with the generated key: its version, and the baseline read from it
      await page.getByText(`https://${wanNet}.2:${port} · OPNsense 26.1.2`).waitFor();
      await page.getByRole('tab', { name: 'Rules' }).click();
      await page.getByText('Default deny inbound (Multpanel baseline)').waitFor();
      await page.getByText('succeeded').first().waitFor(); // deployment timings
    } finally {
      await staff.context.close();
    }

    // IPAM: the edge's LAN is Globex's, on the VLAN taken from the pool; one of Globex's guests
    // gets an address in it (as the create wizard gives new guests by default)
    const ranges = await get<Page_<{ id: string; cidr: string; vlan: number | null }>>(
      '/ipam/ranges?pageSize=200',
      globexToken,
    );
    const lan = ranges.items.find((r) => r.cidr === `${lanNet}.0/24`)!;
    expect(lan.vlan).toBe(vlanFrom);
    const vms = await get<Page_<{ id: string; type: string; template: boolean }>>(
      '/vms?pageSize=200',
      globexToken,
    );
    const guest = vms.items.find((v) => !v.template)!;
    const addr = await call<{ address: string }>(`/ipam/ranges/${lan.id}/allocations`, staffToken, {
      guestId: guest.id,
      nic: 0,
    });

    // 2. Globex's admin: "Publish a port" on the guest page; the diff, then the apply job
    const globex = await signedIn(browser, 'admin@globex.demo');
    try {
      const page = globex.page;
      await page.goto(`/vms/${guest.id}`);
      await page.getByRole('button', { name: 'Publish a port' }).click();
      const dialog = page.getByRole('dialog', { name: 'Publish a port of this guest' });
      await dialog.getByRole('combobox', { name: 'Guest address' }).waitFor();
      expect(await dialog.getByRole('combobox', { name: 'Guest address' }).textContent()).toBe(
        addr.address,
      );
      await dialog.getByRole('textbox', { name: 'Public port' }).fill('70000');
      await dialog.getByRole('button', { name: 'Preview' }).click();
      await dialog
        .getByRole('textbox', { name: 'Public port' })
        .and(page.locator('[aria-invalid="true"]'))
        .waitFor();
      await dialog.getByRole('textbox', { name: 'Public port' }).fill('443');
      await dialog.getByRole('button', { name: 'Preview' }).click();
      const diff = dialog.getByRole('region', { name: 'Change to apply' });
      await diff.getByText(/create d_nat: .*target=/).waitFor();
      expect(await diff.textContent()).toContain(`target=${addr.address}`);
      await dialog.getByRole('button', { name: 'Apply' }).click();
      await dialog
        .getByText(`Port 443 now forwards to ${addr.address}.`)
        .waitFor({ timeout: 60_000 });

      // 3. the firewall page: the port forward read back from the firewall, the change applied
      await page.goto(firewallPath);
      await page.getByRole('tab', { name: 'Port forwards' }).click();
      await page.getByText(`publish 443 of guest ${addr.address}`).waitFor();
      const history = page.getByRole('grid').filter({ hasText: 'create d_nat' });
      await history
        .getByRole('row')
        .filter({ hasText: 'create d_nat' })
        .getByText('applied')
        .waitFor();

      // 4. revert it from the change history: the inverse previewed (the forward deleted), applied
      await history
        .getByRole('row')
        .filter({ hasText: 'create d_nat' })
        .getByRole('button', { name: 'Revert' })
        .click();
      const revert = page.getByRole('dialog', { name: 'Revert a change: review and apply' });
      await revert
        .getByRole('region', {
          name: `Delete Port forwards “publish 443 of guest ${addr.address}”`,
        })
        .waitFor();
      await revert.getByRole('button', { name: 'Apply' }).click();
      await revert
        .getByText('The change set is applied on the firewall.')
        .waitFor({ timeout: 60_000 });
      await revert.getByRole('button', { name: 'Close' }).click();
      await page
        .getByText(`publish 443 of guest ${addr.address}`)
        .first()
        .waitFor({ state: 'detached' });
    } finally {
      await globex.context.close();
    }
  }, 300_000);
});
