import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DeploymentsModule } from '../../src/modules/deployments/deployments.module';
import { appDirOf, deploySkipReason, GitFixture, killApps } from '../helpers/deploy-fixtures';
import type { LoggedIn } from '../helpers/test-context';
import { SshdFixture } from './ssh-keys-harness';
import { VmsHarness } from './vms-harness';

// A real deployment target for tests and the bench: the simulator's guest reports 127.0.0.1 (the
// /_sim address knob), a real OpenSSH server runs for a throwaway user, and a bare git repository
// is served by `git daemon` on loopback. The app is a dependency-free Node HTTP server.

export {
  appSource,
  deploySkipReason,
  freePort,
  GIT_DAEMON,
  GitFixture,
  githubSignature,
} from '../helpers/deploy-fixtures';

/** A job as `GET /api/jobs/:id` answers it (the fields the deployment tests read). */
export interface JobBody {
  status: string;
  message: string | null;
  error: string | null;
  log?: Array<{ line?: string; message?: string }>;
}

/** A release as `GET /api/deployments/:id/releases` lists it. */
export interface ReleaseBody {
  id: string;
  commit: string | null;
  status: string;
  failedStep: string | null;
  current: boolean;
}

const ENDED = ['succeeded', 'failed', 'cancelled'];

/**
 * npm's network chatter off: the test app has no dependencies, so `npm install` needs no registry.
 * Appended to a deployment's environment by `guestBody`.
 */
export const QUIET_NPM = [
  { key: 'npm_config_audit', value: 'false', secret: false },
  { key: 'npm_config_fund', value: 'false', secret: false },
  { key: 'npm_config_update_notifier', value: 'false', secret: false },
];

/** Everything a deployment test needs: API + worker + simulator, sshd, git daemon, a company guest. */
export class DeploymentTarget {
  readonly sshd = new SshdFixture();
  readonly git = new GitFixture();
  h!: VmsHarness;
  companyId = '';
  guestId = '';
  vmid = 0;
  private apps: string[] = [];

  async start(): Promise<void> {
    this.h = await VmsHarness.start({
      guests: 6,
      modules: [DeploymentsModule],
      workerModules: [DeploymentsModule.forWorker()],
    });
    await this.h.startWorker();
    await this.sshd.start();
    mkdirSync(join(this.sshd.home, '.ssh'), { recursive: true });
    await this.git.start();
    const ctx = this.h.ctx;
    const company = await ctx.newCompany();
    this.companyId = company.id;
    const sim = [...this.h.rt.state.guests.values()].find(
      (g) => g.type === 'qemu' && !g.config.template,
    );
    if (!sim) throw new Error('the simulator has no VM');
    sim.status = 'running';
    sim.config.agent = '1';
    sim.guestAgent = true;
    sim.reportedAddress = '127.0.0.1';
    this.vmid = sim.vmid;
    const row = await ctx.prisma.guest.findFirstOrThrow({
      where: { clusterId: this.h.clusterId, vmid: sim.vmid },
    });
    await ctx.prisma.guest.update({ where: { id: row.id }, data: { companyId: company.id } });
    this.guestId = row.id;
  }

  /** The super admin the harness signed in (every deployment test acts as it). */
  get admin(): LoggedIn {
    return this.h.admin;
  }

  http() {
    return this.h.ctx.http;
  }

  /** Lets the deployment's access key in (what the person does with the key the API shows). */
  authorize(publicKey: string): void {
    this.sshd.writeAuthorizedKeys([...this.sshd.authorizedKeys(), publicKey]);
  }

  appDir(name: string): string {
    this.apps.push(name);
    return appDirOf(this.sshd.home, name);
  }

  /** The target guest over SSH, as `target` of a create body. */
  guestTarget() {
    return {
      type: 'guest',
      guestId: this.guestId,
      sshUser: this.sshd.user,
      sshPort: this.sshd.port,
    };
  }

  /** A create body for an Express deployment of the test repository onto the harness's guest. */
  guestBody(
    name: string,
    port: number,
    env: Array<{ key: string; value: string; secret: boolean }>,
    over: Record<string, unknown> = {},
  ) {
    return {
      companyId: this.companyId,
      name,
      repoUrl: this.git.url,
      ref: 'main',
      framework: 'express',
      target: this.guestTarget(),
      port,
      env: [...env, ...QUIET_NPM],
      ...over,
    };
  }

  async job(jobId: string): Promise<JobBody> {
    const res = await this.http().get(`/api/jobs/${jobId}`).set(this.admin.auth);
    expect(res.status).toBe(200);
    return res.body as JobBody;
  }

  /** Polls the job until it ends; a time-out shows what the job said last. */
  async waitJob(jobId: string, timeoutMs = 90_000): Promise<JobBody> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const j = await this.job(jobId);
      if (ENDED.includes(j.status)) return j;
      if (Date.now() > until) {
        throw new Error(`job ${jobId} still ${j.status}: ${JSON.stringify(j).slice(0, 3000)}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Waits until the job's progress message starts with `prefix` (the step it is in). */
  async waitStep(jobId: string, prefix: string, timeoutMs = 60_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const j = await this.job(jobId);
      if (j.message?.startsWith(prefix)) return;
      if (ENDED.includes(j.status)) {
        throw new Error(`job ended ${j.status} before "${prefix}": ${j.error}`);
      }
      if (Date.now() > until) throw new Error(`job ${jobId} never reached "${prefix}"`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async releases(deploymentId: string): Promise<ReleaseBody[]> {
    const res = await this.http()
      .get(`/api/deployments/${deploymentId}/releases`)
      .set(this.admin.auth);
    expect(res.status).toBe(200);
    return res.body as ReleaseBody[];
  }

  /** What the app on `port` answers. */
  async app(port: number): Promise<string> {
    const res = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(3000) });
    return res.text();
  }

  async stop(): Promise<void> {
    killApps(this.sshd.home, this.apps);
    await this.h?.close().catch(() => undefined);
    await this.git.stop();
    await this.sshd.stop();
  }
}

/**
 * A describe block on a started `DeploymentTarget` (stopped after it), skipped with the reason when
 * this machine cannot run sshd or git daemon. Blocks that need more set-up add their own beforeAll,
 * which runs after the target's.
 */
export function describeDeployments(title: string, body: (t: DeploymentTarget) => void): void {
  const skip = deploySkipReason();
  if (skip) {
    console.warn(`${title}: skipped (${skip})`);
    describe.skip(title, () => body(new DeploymentTarget()));
    return;
  }
  describe(title, () => {
    const t = new DeploymentTarget();
    beforeAll(() => t.start(), 120_000);
    afterAll(() => t.stop(), 60_000);
    body(t);
  });
}
