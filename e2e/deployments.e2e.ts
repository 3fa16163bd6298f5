import type { Browser, Page } from 'playwright-core';
import {
  deploySkipReason,
  freePort,
  GitFixture,
  killApps,
} from '../backend/test/helpers/deploy-fixtures';
import { SshdFixture } from '../backend/test/integration/ssh-keys-harness';
import { call, login, sim } from './support/api';
import { baseUrl, launchBrowser, newPage, signInByApi } from './support/browser';

// Issue 24 end to end: Acme's company admin opens one of Acme's VMs, starts "Deploy an app" there,
// walks the wizard (repository, framework, target, environment, review), lets the access key in
// (what a person does on the guest), deploys, follows the job's progress and log to Running, and
// reads the app's own output live. The VM is real for SSH: the simulator's knob makes its agent
// report 127.0.0.1, where an OpenSSH server runs for a throwaway user; the repository is a bare
// one served by `git daemon`. The app really builds, starts and answers with its commit.

const skip = deploySkipReason();
if (skip) console.warn(`deployments browser test skipped: ${skip}`);

const SECRET = 'e2e-greeting-secret-7c41';

/** The app: logs its boot (with the secret, which the SPA must show redacted) and every request. */
const LOGGING_APP = [
  "const http = require('http');",
  "console.log('booting with', process.env.APP_GREETING);",
  'http',
  '  .createServer((req, res) => {',
  "    console.log('request', req.url);",
  "    res.end(['e2e', process.env.MULTPANEL_COMMIT].join(' '));",
  '  })',
  "  .listen(Number(process.env.PORT), '0.0.0.0');",
  '',
].join('\n');

interface SimGuest {
  vmid: number;
  status: string;
  reportedAddress?: string;
  agent?: { configured: boolean; enabled: boolean; running: boolean };
}

const next = (page: Page) => page.getByRole('button', { name: 'Next' }).click();

/** Adds an environment row in the wizard's Environment step. */
async function addVariable(page: Page, row: number, key: string, value: string, secret: boolean) {
  await page.getByRole('button', { name: 'Add variable' }).click();
  await page.getByLabel('Variable', { exact: true }).nth(row).fill(key);
  await page.getByLabel('Value', { exact: true }).nth(row).fill(value);
  const box = page.getByRole('checkbox', { name: 'Secret' }).nth(row);
  if ((await box.isChecked()) !== secret) await box.click();
}

(skip ? describe.skip : describe)('Git app deployment (browser, real SSH target)', () => {
  let browser: Browser;
  const sshd = new SshdFixture();
  const git = new GitFixture();
  let acme: string;
  let guest: { id: string; vmid: number; name: string | null } | undefined;
  let agentWasRunning = false;
  let deploymentId = '';
  const name = `e2e-app-${Date.now().toString(36)}`;

  beforeAll(async () => {
    await sshd.start();
    sshd.writeAuthorizedKeys([]);
    await git.start();
    browser = await launchBrowser();
    acme = await login('admin@acme.demo');
    // One of Acme's running VMs whose agent is configured: its eth0 becomes this test's sshd.
    const vms = await call<{
      items: Array<{ id: string; vmid: number; kind: string; status: string; name: string | null }>;
    }>('/vms?page=1&pageSize=200', acme, undefined, 'GET');
    for (const vm of vms.items.filter((v) => v.kind === 'qemu' && v.status === 'running')) {
      const g = (await sim<{ data: SimGuest }>(`/_sim/guests/${vm.vmid}`)).data;
      if (g.agent?.configured && g.agent.enabled) {
        guest = vm;
        agentWasRunning = g.agent.running;
        break;
      }
    }
    if (!guest) throw new Error('Acme has no running VM with a configured guest agent');
    await sim(`/_sim/guests/${guest.vmid}/agent`, { running: 1 });
    await sim(`/_sim/guests/${guest.vmid}/address`, { ip: '127.0.0.1' });
  }, 120_000);

  afterAll(async () => {
    if (deploymentId) {
      // The delete job stops the app on the guest; the fixture's clean-up below catches the rest.
      await call(`/deployments/${deploymentId}`, acme, undefined, 'DELETE').catch(() => undefined);
      for (let i = 0; i < 60; i++) {
        const res = await fetch(`${baseUrl}/api/deployments/${deploymentId}`, {
          headers: { Authorization: `Bearer ${acme}` },
        });
        if (res.status === 404) break;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    if (guest) {
      await sim(`/_sim/guests/${guest.vmid}/address`, { ip: '' }).catch(() => undefined);
      await sim(`/_sim/guests/${guest.vmid}/agent`, { running: agentWasRunning ? 1 : 0 }).catch(
        () => undefined,
      );
    }
    killApps(sshd.home, [name]);
    await browser?.close();
    await git.stop();
    await sshd.stop();
  }, 120_000);

  it('a company admin deploys a Git app to its VM and follows the job and the app output', async () => {
    const commit = git.pushSource(LOGGING_APP, 'e2e app');
    const appPort = await freePort();
    const { context, page } = await newPage(browser);
    try {
      await signInByApi(page, 'admin@acme.demo');

      // From the guest's page: the wizard starts with this guest (and its company) chosen.
      await page.goto(`/vms/${guest!.id}`);
      await page.getByRole('link', { name: 'Deploy an app' }).click();
      await page.waitForURL(/\/deployments\/new\?guestId=/);

      // Repository.
      await page.getByLabel('Name', { exact: true }).fill(name);
      await page.getByLabel('Repository URL').fill(git.url);
      await page.getByLabel('Branch or tag').fill('main');
      await next(page);

      // Framework: Express (the default), with a port and a build that prints the secret.
      await page.getByRole('combobox', { name: 'Framework' }).waitFor();
      await page.getByLabel('Port', { exact: true }).fill(String(appPort));
      await page.getByLabel('Build command').fill('echo "built with $APP_GREETING"');
      await next(page);

      // Target: the guest from the page, over SSH as the throwaway user.
      await page.getByRole('radio', { name: 'An existing guest' }).waitFor();
      await page.getByRole('combobox', { name: 'Guest' }).getByText(String(guest!.vmid)).waitFor();
      await page.getByLabel('SSH user').fill(sshd.user);
      await page.getByLabel('SSH port').fill(String(sshd.port));
      await next(page);

      // Environment: the secret greeting; npm kept off the network (the app has no dependencies).
      await addVariable(page, 0, 'APP_GREETING', SECRET, true);
      await addVariable(page, 1, 'npm_config_audit', 'false', false);
      await addVariable(page, 2, 'npm_config_update_notifier', 'false', false);
      await next(page);

      // Review, create: the webhook secret and the access key are shown once.
      await page.getByText(`${name} · ${git.url} (main) · Express`).waitFor();
      await page.getByRole('button', { name: 'New deployment' }).click();
      await page.getByRole('heading', { name: `Deployment ${name} created` }).waitFor();
      const key = await page.getByLabel('Access key (platform → guest)').inputValue();
      expect(key).toMatch(/^ssh-ed25519 /);
      // What the person does on the guest: the key goes into the SSH user's authorized_keys.
      sshd.writeAuthorizedKeys([key.trim()]);

      await page.getByRole('button', { name: 'Deploy now' }).click();
      await page.waitForURL((u) => /^\/deployments\/(?!new$)[^/]+$/.test(u.pathname));
      deploymentId = new URL(page.url()).pathname.split('/').pop()!;

      // The job's progress, live, to the end; the deployment is Running.
      const progress = page.getByTestId('job-progress');
      await page.getByRole('progressbar', { name: 'Progress of Deploy application' }).waitFor();
      await progress.and(page.locator('[data-status="succeeded"]')).waitFor({ timeout: 120_000 });
      await page.getByText('Running', { exact: true }).first().waitFor();
      expect(await (await fetch(`http://127.0.0.1:${appPort}/`)).text()).toBe(`e2e ${commit}`);

      // The job log: the build's output with the secret redacted.
      await progress.getByRole('button', { name: 'Show log' }).click();
      const log = progress.getByLabel('Job log');
      await log.getByText('built with ***').waitFor();
      expect(await log.textContent()).not.toContain(SECRET);

      // The release: its commit, current.
      await page
        .getByRole('table', { name: 'Releases' })
        .getByText(commit.slice(0, 12), { exact: true })
        .waitFor();

      // The app's own output, followed live: its boot line (redacted), then a request made now.
      await page.getByRole('button', { name: 'Follow' }).click();
      const output = page.getByLabel('App output', { exact: true });
      await output.getByText('booting with ***').waitFor({ timeout: 30_000 });
      const path = `/from-e2e-${Date.now()}`;
      await fetch(`http://127.0.0.1:${appPort}${path}`).then((r) => r.text());
      await output.getByText(`request ${path}`).waitFor({ timeout: 30_000 });
      expect(await output.textContent()).not.toContain(SECRET);
      await page.getByRole('button', { name: 'Stop' }).click();

      // The list shows it Running for Acme.
      await page.goto('/deployments');
      await page
        .getByRole('row', { name: new RegExp(name) })
        .getByText('Running')
        .waitFor();
    } finally {
      await context.close();
    }
  }, 240_000);
});
