import type { Browser } from 'playwright-core';
import { startVcsim, vcsimSkipReason, type Vcsim } from '../backend/test/helpers/vcsim';
import { call, login, signInApi, sim } from './support/api';
import { launchBrowser, newPage, signInByApi } from './support/browser';

// Issue 22 end to end: staff add an ESXi host (VMware's own simulator, vcsim) for Acme, accept its
// certificate, discover it, plan a wave of two VMs and run it. The two VMs appear on the Proxmox
// simulator, created by Proxmox's importer from the esxi storage onto the target storage with the
// mapped bridge and VLAN, and they are Acme's guests. The Proxmox simulator learns what the ESXi
// host holds through /_sim/esxi (a real PVE reads it from the host through its FUSE mount).

const skip = vcsimSkipReason();

/** A guest's configuration as Proxmox reports it (`GET /nodes/{node}/qemu/{vmid}/config`). */
async function pveConfig(node: string, vmid: number): Promise<Record<string, unknown>> {
  const password = process.env.SIM_PASSWORD ?? 'sim-password';
  const ticket = await sim<{ data: { ticket: string } }>(
    '/api2/json/access/ticket',
    `username=root%40pam&password=${encodeURIComponent(password)}`,
    { 'Content-Type': 'application/x-www-form-urlencoded' },
  );
  const cfg = await sim<{ data: Record<string, unknown> }>(
    `/api2/json/nodes/${node}/qemu/${vmid}/config`,
    undefined,
    { Cookie: `PVEAuthCookie=${encodeURIComponent(ticket.data.ticket)}` },
  );
  return cfg.data;
}

interface Vm {
  id: string;
  name: string;
  cpus: number;
  memoryMb: number;
  vmxPath: string | null;
  disks: Array<{ capacityBytes: number }>;
}

(skip ? describe.skip : describe)('ESXi migration (browser, vcsim)', () => {
  let browser: Browser;
  let vcsim: Vcsim;
  beforeAll(async () => {
    vcsim = await startVcsim({ mode: 'esx', vms: 2 });
    browser = await launchBrowser();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await vcsim?.stop();
  });

  it('staff add a source for Acme, discover it, run a wave of two VMs; Acme owns the new guests', async () => {
    const staff = await login('admin@demo.local');
    const acmeSession = await signInApi('admin@acme.demo');
    const acme = acmeSession.accessToken;
    const tag = Date.now().toString(36);
    const { context, page } = await newPage(browser);
    try {
      await signInByApi(page, 'admin@demo.local');

      // The add wizard: connection, then the certificate shown and accepted, then discovery.
      await page.goto('/esxi/new');
      await page.getByRole('combobox', { name: 'Company' }).click();
      await page.getByRole('option', { name: 'Acme Corp' }).click();
      await page.getByLabel('Name').fill(`acme-esx-${tag}`);
      await page.getByLabel('Host').fill(vcsim.host);
      await page.getByLabel('Port').fill(String(vcsim.port));
      await page.getByLabel('User').fill(vcsim.user);
      await page.getByLabel('Password').fill(vcsim.password);
      await page.getByRole('button', { name: 'Test connection' }).click();
      await page.getByText(/certificate nobody has accepted/).waitFor();
      await page.getByRole('textbox', { name: /fingerprint/ }).waitFor();
      expect(await page.getByRole('textbox', { name: /fingerprint/ }).inputValue()).toBe(
        vcsim.fingerprint,
      );
      await page.getByRole('button', { name: 'Accept this certificate' }).click();
      await page.getByText(/Connected: HostAgent/).waitFor();
      await page.getByRole('button', { name: 'Discover' }).click();
      await page.waitForURL(/\/esxi\/[0-9a-f-]{36}$/);
      const sourceId = page.url().split('/').pop()!;

      // The discovered VMs show up once the discovery job has finished.
      const vms = await (async () => {
        for (let i = 0; i < 120; i++) {
          const r = await call<{ items: Vm[] }>(
            `/esxi-sources/${sourceId}/vms?pageSize=50`,
            staff,
            undefined,
            'GET',
          );
          if (r.items.length >= 2) return r.items;
          await new Promise((d) => setTimeout(d, 500));
        }
        throw new Error('discovery found no VMs');
      })();
      const [a, b] = vms.slice(0, 2) as [Vm, Vm];
      await page.getByRole('gridcell', { name: a.name, exact: true }).waitFor({ timeout: 30_000 });

      // What Proxmox's esxi storage lists for this host (what PVE reads through its mount).
      await sim('/_sim/esxi', {
        server: vcsim.host,
        vms: vms.map((v) => {
          const m = /^\[([^\]]+)\]\s*(.+)$/.exec(v.vmxPath ?? '')!;
          return {
            path: `ha-datacenter/${m[1]}/${m[2]}`,
            name: v.name,
            cores: v.cpus,
            memory: v.memoryMb,
            disks: v.disks.length
              ? v.disks.map((d) => Math.max(1, Math.round(d.capacityBytes / 2 ** 30)))
              : [1],
            firmware: 'bios',
            power: 'poweredOff',
            nics: [{ model: 'vmxnet3' }],
          };
        }),
      });

      // A migration project: default target, every source network on vmbr0 VLAN 42.
      await page.goto(`/esxi-projects/new?sourceId=${sourceId}`);
      await page.getByLabel('Name').fill(`Acme off VMware ${tag}`);
      await page.getByRole('combobox', { name: 'Target cluster' }).click();
      await page.getByRole('option', { name: 'Demo cluster' }).click();
      await page.getByRole('combobox', { name: 'Target node' }).click();
      await page.getByRole('option', { name: 'pve1' }).click();
      await page.getByRole('combobox', { name: 'Target storage', exact: true }).click();
      await page.getByRole('option', { name: /^local-lvm/ }).click();
      const mappings = page.getByTestId('network-mapping');
      await mappings.first().waitFor();
      for (let i = 0; i < (await mappings.count()); i++)
        await mappings.nth(i).getByLabel('VLAN').fill('42');
      await page.getByRole('button', { name: 'New migration project' }).click();
      await page.waitForURL(/\/esxi-projects\/[0-9a-f-]{36}$/);
      const projectId = page.url().split('/').pop()!;

      // The waves board: both VMs into wave 1, save, run.
      for (const vm of [a, b]) {
        await page.getByTestId(`wave-vm-${vm.name}`).getByRole('combobox').click();
        await page.getByRole('option', { name: 'Wave 1' }).click();
      }
      await page.getByRole('button', { name: 'Save plan' }).click();
      const runBtn = page.getByRole('button', { name: 'Run wave 1' }).first();
      await runBtn.click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText('Import the 2 VM(s) of wave 1').waitFor();
      await dialog.getByRole('button', { name: 'Run wave 1' }).click();
      await page.getByText('Wave 1: 2 import(s) started, 0 refused').waitFor();
      await page
        .getByRole('row')
        .filter({ hasText: a.name })
        .getByText('Imported')
        .waitFor({ timeout: 120_000 });
      await page
        .getByRole('row')
        .filter({ hasText: b.name })
        .getByText('Imported')
        .waitFor({ timeout: 120_000 });

      // On Proxmox: two VMs created from the esxi storage with the mapped network; Acme owns them.
      const project = await call<{
        vms: Array<{ name: string; status: string; guestId: string; jobId: string }>;
      }>(`/esxi-projects/${projectId}`, acme, undefined, 'GET');
      expect(project.vms.map((v) => v.status)).toEqual(['succeeded', 'succeeded']);
      for (const v of project.vms) {
        const guest = await call<{ vmid: number; companyId: string; node: string }>(
          `/vms/${v.guestId}`,
          acme,
          undefined,
          'GET',
        );
        expect(guest.node).toBe('pve1');
        expect(guest.companyId).toBe(acmeSession.user.companyId);
        const job = await call<{ logs?: Array<{ line?: string; message?: string }> }>(
          `/jobs/${v.jobId}`,
          staff,
          undefined,
          'GET',
        );
        expect(JSON.stringify(job)).toMatch(/import esxi-[^ ]+\.vmx to pve1\/local-lvm/);
        const config = await pveConfig('pve1', guest.vmid);
        const disks = Object.entries(config)
          .filter(([k]) => /^(scsi|sata|ide|virtio)\d+$/.test(k))
          .map(([, v]) => String(v))
          .filter((v) => !v.includes('media=cdrom'));
        expect(disks.length).toBeGreaterThan(0);
        for (const d of disks) expect(d).toMatch(/^local-lvm:vm-\d+-disk-\d+/);
        expect(String(config.net0)).toMatch(/bridge=vmbr0/);
        expect(String(config.net0)).toMatch(/tag=42/);
      }
    } finally {
      await context.close();
    }
  }, 600_000);
});

if (skip) console.warn(`ESXi browser test skipped: ${skip}`);
