import { Injectable } from '@nestjs/common';
import { frameworkPreset, type DeploymentStatus } from '@multpanel/contracts';
import type { NodeSSH } from 'node-ssh';
import { SecretsCipher } from '../../common/crypto/secrets-cipher';
import { ClusterConnectionService } from '../clusters/cluster-connection.service';
import { GuestsService } from '../guests/guests.service';
import { JobCancelledError } from '../jobs/job-cancelled';
import { JobsService } from '../jobs/jobs.service';
import type { JobRunContext } from '../jobs/job-context';
import { SshError, withSsh, type SshTarget } from '../ssh-keys/ssh-remote';
import { DeploymentCancelFlags } from './deployment-cancel';
import {
  appLogsScript,
  buildStepScript,
  dropReleaseScript,
  envFile,
  fetchScript,
  followAppLogsScript,
  nginxSiteScript,
  installRuntimeScript,
  parseCommit,
  parseProbe,
  probeScript,
  pruneScript,
  removeScript,
  requiredBinaries,
  restartScript,
  runtimePackages,
  switchScript,
  writeEnvScript,
  type Probe,
} from './deployment-scripts';
import { envKeysOf } from './deployments.mapper';
import { DeploymentsRepository, type DeploymentRow } from './deployments.repository';
import { DeploymentsService, SECRET_CONTEXT } from './deployments.service';

export const HEALTH_TIMEOUT_MS = 30_000;
const SSH_CONNECT_MS = 20_000;
/** A guest the deployment created: how long its create job, its agent's address and sshd may take. */
export const PROVISION_TIMEOUT_MS = 15 * 60_000;
export const BOOT_TIMEOUT_MS = 5 * 60_000;
const POLL_MS = 500;
const MAX_ERROR = 4000;

/** A failed step with its (redacted) output. */
export class StepError extends Error {
  constructor(
    readonly step: string,
    readonly output: string,
  ) {
    super(`${step} failed: ${output.slice(-MAX_ERROR)}`);
  }
}

/** Replaces every secret value (env secrets, repository token) with ***. */
export function redactor(secrets: string[]): (text: string) => string {
  const values = secrets.filter((s) => s.length >= 3).sort((a, b) => b.length - a.length);
  return (text) => values.reduce((t, v) => t.split(v).join('***'), text);
}

type Run = JobRunContext<'deployments.run'>;
type Params = Run['params'];
type ReleaseParams = Extract<Params, { releaseId: string }>;

/** A cancel seen between two steps (`step`: the next one, which did not run). */
class DeployCancelled extends JobCancelledError {
  constructor(readonly step: string) {
    super(`Cancelled before the ${step} step`);
  }
}

interface Session {
  ssh: NodeSSH;
  row: DeploymentRow;
  host: string;
  probe: Probe;
  redact: (t: string) => string;
  ctx: Run;
}

/**
 * Worker side of a deployment: resolve the guest's address, log in over SSH (host key pinned on
 * first contact), then fetch, build, switch and start a release, or switch back to an older one,
 * and check the app's health URL. Every line logged and every stored error is redacted.
 */
@Injectable()
export class DeploymentRunnerService {
  constructor(
    private readonly repo: DeploymentsRepository,
    private readonly deployments: DeploymentsService,
    private readonly guests: GuestsService,
    private readonly clusters: ClusterConnectionService,
    private readonly cipher: SecretsCipher,
    private readonly cancels: DeploymentCancelFlags,
    private readonly jobs: JobsService,
  ) {}

  async run(ctx: Run): Promise<Record<string, unknown>> {
    const params = ctx.params;
    if (params.action === 'remove') return this.remove(ctx, params.deploymentId);
    try {
      return await this.release(ctx, params);
    } finally {
      await this.cancels.clear(ctx.job.id).catch(() => undefined);
    }
  }

  /** Throws when a cancel was asked for; `step` is the one that would run next. */
  private async checkpoint(ctx: Run, step: string): Promise<void> {
    if (await this.cancels.requested(ctx.job.id)) throw new DeployCancelled(step);
  }

  /**
   * A new guest: its vm.create job (the VM/LXC create flow) must have succeeded. The job is
   * followed, not repeated; a failed create fails this step with its error.
   */
  private async waitProvision(ctx: Run, jobId: string): Promise<void> {
    const until = Date.now() + PROVISION_TIMEOUT_MS;
    let said = false;
    for (;;) {
      const job = await this.jobs.findById(jobId);
      if (!job) throw new StepError('provision', `the guest's create job ${jobId} is gone`);
      if (job.status === 'succeeded') {
        if (said) await ctx.log([`The guest was created (job ${jobId})`]);
        return;
      }
      if (job.status === 'failed' || job.status === 'cancelled') {
        throw new StepError('provision', `creating the guest ${job.status}: ${job.error ?? ''}`);
      }
      if (!said) {
        await ctx.progress(3, 'Creating the guest');
        await ctx.log([`Waiting for the guest's create job ${jobId}`]);
        said = true;
      }
      if (Date.now() > until) throw new StepError('provision', 'creating the guest timed out');
      await this.checkpoint(ctx, 'provision');
      await sleep(POLL_MS);
    }
  }

  /** A guest that was just created: its agent needs a while to report an address. */
  private async bootedAddress(ctx: Run, row: DeploymentRow): Promise<string> {
    const until = Date.now() + BOOT_TIMEOUT_MS;
    for (;;) {
      try {
        return await this.address(row);
      } catch (err) {
        const gone = err instanceof StepError && /no longer exists/.test(err.output);
        if (gone || Date.now() > until) throw err;
      }
      await this.checkpoint(ctx, 'address');
      await sleep(1000);
    }
  }

  /** A guest that was just created: sshd and cloud-init's key come up during its boot. */
  private async waitSsh(
    ctx: Run,
    target: SshTarget,
    privateKey: string,
    pin: (fp: string) => Promise<void>,
  ): Promise<void> {
    const until = Date.now() + BOOT_TIMEOUT_MS;
    for (let attempt = 1; ; attempt++) {
      try {
        await withSsh(target, { privateKey }, async () => undefined, SSH_CONNECT_MS, pin);
        return;
      } catch (err) {
        if (!(err instanceof SshError) || Date.now() > until) throw err;
        if (attempt === 1) await ctx.log([`Waiting for SSH on the new guest: ${err.message}`]);
      }
      await this.checkpoint(ctx, 'connect');
      await sleep(1000);
    }
  }

  private async release(ctx: Run, params: ReleaseParams): Promise<Record<string, unknown>> {
    const { deploymentId, releaseId, action } = params;
    const row = await this.repo.findForJob(deploymentId);
    if (!row) throw new Error('The deployment no longer exists');
    const env = this.deployments.openEnv(row);
    const token = this.token(row);
    const redact = this.redactorFor(row, env, token);
    const started = Date.now();
    let step = 'connect';
    try {
      await this.checkpoint(ctx, 'connect');
      await this.setStatus(row.id, 'PROVISIONING');
      if (row.provisionJobId) {
        step = 'provision';
        await this.waitProvision(ctx, row.provisionJobId);
      }
      await ctx.progress(5, 'Finding the guest');
      step = 'address';
      const host = row.createdGuest ? await this.bootedAddress(ctx, row) : await this.address(row);
      await ctx.log([`Guest address ${host}, SSH ${row.sshUser}@${host}:${row.sshPort}`]);
      step = 'connect';
      const target: SshTarget = {
        host,
        port: row.sshPort,
        username: row.sshUser,
        hostKey: row.hostKey,
      };
      const privateKey = this.cipher.decrypt(row.accessPrivateKey, SECRET_CONTEXT.accessKey);
      const pin = async (fp: string) => {
        await this.repo.updateForJob(row.id, { hostKey: fp });
        await ctx.log([`Pinned the guest's SSH host key ${fp}`]);
      };
      if (row.createdGuest && !row.hostKey) await this.waitSsh(ctx, target, privateKey, pin);
      const result = await withSsh(
        target,
        { privateKey },
        async (ssh) => {
          const s: Session = {
            ssh,
            row,
            host,
            redact,
            ctx,
            probe: await this.prepare(ssh, row, ctx, redact),
          };
          if (action === 'rollback') return this.rollback(s, releaseId, started);
          try {
            return await this.deploy(s, releaseId, env, token, started);
          } catch (err) {
            // A cancelled build leaves nothing behind: its release directory goes (best effort).
            if (err instanceof DeployCancelled) {
              await exec(ssh, 'cancel', dropReleaseScript(row.name, releaseId), redact).catch(
                () => undefined,
              );
            }
            throw err;
          }
        },
        SSH_CONNECT_MS,
        pin,
      );
      return result;
    } catch (err) {
      if (err instanceof DeployCancelled) return this.cancelled(ctx, row, params, err, started);
      const failed =
        err instanceof StepError
          ? err
          : new StepError(step, redact(err instanceof Error ? err.message : String(err)));
      await this.repo.updateForJob(row.id, {
        status: 'FAILED',
        failedStep: failed.step,
        error: failed.output.slice(-MAX_ERROR),
      });
      if (action === 'deploy') {
        await this.repo.updateRelease(releaseId, {
          status: 'FAILED',
          failedStep: failed.step,
          durationMs: Date.now() - started,
          finishedAt: new Date(),
        });
      }
      await ctx.log([`Step "${failed.step}" failed:`, ...failed.output.split('\n').slice(-50)]);
      throw new Error(failed.message.slice(0, MAX_ERROR));
    }
  }

  /** Probe binaries, install the runtime when missing (root only), choose the runner. */
  private async prepare(ssh: NodeSSH, row: DeploymentRow, ctx: Run, redact: (t: string) => string) {
    const preset = frameworkPreset(row.framework);
    if (!preset) throw new StepError('probe', `unknown framework ${row.framework}`);
    const bins = requiredBinaries(preset.runtime);
    let probe = parseProbe(await exec(ssh, 'probe', probeScript(bins), redact));
    if (probe.missing.length) {
      if (!probe.root) {
        throw new StepError(
          'runtime',
          `missing on the guest: ${probe.missing.join(', ')} (install them, or deploy as root so the platform installs them)`,
        );
      }
      await ctx.log([`Installing ${runtimePackages(preset.runtime).join(' ')}`]);
      await exec(ssh, 'runtime', installRuntimeScript(runtimePackages(preset.runtime)), redact);
      probe = parseProbe(await exec(ssh, 'probe', probeScript(bins), redact));
      if (probe.missing.length) {
        throw new StepError('runtime', `still missing after install: ${probe.missing.join(', ')}`);
      }
    }
    await ctx.log([`Runner: ${probe.runner}`]);
    return probe;
  }

  private async deploy(
    s: Session,
    releaseId: string,
    env: Array<{ key: string; value: string }>,
    token: string,
    started: number,
  ): Promise<Record<string, unknown>> {
    const { ssh, row, ctx, redact } = s;
    await this.checkpoint(ctx, 'fetch');
    await this.setStatus(row.id, 'DEPLOYING');
    await ctx.progress(20, 'Fetching the code');
    const key = row.deployPrivateKey
      ? Buffer.from(this.cipher.decrypt(row.deployPrivateKey, SECRET_CONTEXT.deployKey)).toString(
          'base64',
        )
      : '';
    const out = await exec(
      ssh,
      'fetch',
      fetchScript(row.name, releaseId, row.repoUrl, row.ref, (ctx.params as ReleaseParams).commit),
      redact,
      `${key}\n${token}\n`,
    );
    const commit = parseCommit(out);
    await this.repo.updateRelease(releaseId, { ...commit, status: 'BUILDING' });
    await ctx.log([`Fetched ${commit.commit} by ${commit.author}: ${commit.message}`]);

    await this.checkpoint(ctx, 'env');
    // PORT and APP_DOMAIN are the platform's: they win over variables of the same name.
    const vars = [
      ...env.filter((e) => e.key !== 'PORT' && e.key !== 'APP_DOMAIN'),
      { key: 'PORT', value: String(row.port) },
      ...(row.domain ? [{ key: 'APP_DOMAIN', value: row.domain }] : []),
    ];
    await exec(ssh, 'env', writeEnvScript(row.name, row.startCommand), redact, envFile(vars));
    if (row.domain) {
      await exec(ssh, 'env', nginxSiteScript(row.name, row.domain, row.port), redact);
      await ctx.log([
        `Wrote the Nginx server block for ${row.domain} (nginx.conf in the app directory)`,
      ]);
    }
    for (const [step, cmd, pct] of [
      ['install', row.installCommand, 35],
      ['build', row.buildCommand, 55],
    ] as const) {
      if (!cmd.trim()) continue;
      await this.checkpoint(ctx, step);
      await ctx.progress(pct, `${step}: ${cmd}`);
      const output = await exec(ssh, step, buildStepScript(row.name, releaseId, cmd), redact);
      await ctx.log(tail(output, 100));
    }

    // The last point of return: once `current` moves, the release runs to its end.
    await this.checkpoint(ctx, 'switch');
    await ctx.progress(75, 'Switching and starting');
    const previous = row.currentReleaseId;
    await exec(ssh, 'switch', switchScript(row.name, releaseId), redact);
    await exec(
      ssh,
      'start',
      restartScript(row.name, s.probe.runner, row.sshUser, s.probe.home),
      redact,
    );
    try {
      await ctx.progress(85, 'Checking health');
      await this.health(s);
    } catch (err) {
      if (previous) await this.restore(s, previous);
      throw err;
    }
    const durationMs = Date.now() - started;
    await this.repo.updateRelease(releaseId, {
      status: 'SUCCEEDED',
      available: true,
      durationMs,
      finishedAt: new Date(),
    });
    await this.repo.updateForJob(row.id, {
      status: 'RUNNING',
      currentReleaseId: releaseId,
      failedStep: null,
      error: null,
    });
    await this.prune(s, releaseId);
    await ctx.log([`Release ${releaseId} (${commit.commit.slice(0, 12)}) runs; ${durationMs} ms`]);
    return { releaseId, commit: commit.commit, durationMs };
  }

  private async rollback(s: Session, releaseId: string, started: number) {
    const { ssh, row, ctx, redact } = s;
    await this.checkpoint(ctx, 'switch');
    await this.setStatus(row.id, 'DEPLOYING');
    await exec(ssh, 'switch', switchScript(row.name, releaseId), redact);
    await exec(
      ssh,
      'start',
      restartScript(row.name, s.probe.runner, row.sshUser, s.probe.home),
      redact,
    );
    await this.health(s);
    await this.repo.updateForJob(row.id, {
      status: 'RUNNING',
      currentReleaseId: releaseId,
      failedStep: null,
      error: null,
    });
    const durationMs = Date.now() - started;
    await ctx.log([`Rolled back to release ${releaseId} in ${durationMs} ms`]);
    return { releaseId, durationMs, rollback: true };
  }

  /**
   * A cancelled run: the release that ran before (untouched) still runs, so the deployment is RUNNING
   * again; without one it is FAILED, step `cancelled`. The job ends `cancelled`.
   */
  private async cancelled(
    ctx: Run,
    row: DeploymentRow,
    params: ReleaseParams,
    err: DeployCancelled,
    started: number,
  ): Promise<never> {
    const running = row.currentReleaseId !== null;
    await this.repo.updateForJob(row.id, {
      status: running ? 'RUNNING' : 'FAILED',
      failedStep: running ? null : 'cancelled',
      error: running ? null : err.message,
    });
    if (params.action === 'deploy') {
      await this.repo.updateRelease(params.releaseId, {
        status: 'FAILED',
        failedStep: 'cancelled',
        durationMs: Date.now() - started,
        finishedAt: new Date(),
      });
    }
    await ctx.log([
      `${err.message}; ${running ? `release ${row.currentReleaseId} keeps running` : 'nothing runs'}`,
    ]);
    throw err;
  }

  /**
   * Delete: stop the app on its guest and remove its directory (every release), then the deployment.
   * An existing guest of the company is kept; a guest the deployment created is destroyed instead
   * (the app goes with it). A guest that is gone has nothing left to stop.
   */
  private async remove(ctx: Run, deploymentId: string): Promise<Record<string, unknown>> {
    const row = await this.repo.findForJob(deploymentId);
    if (!row) return { removed: true };
    const redact = this.redactorFor(row);
    let cleaned = false;
    try {
      // A guest still being created is waited for (then destroyed below); a failed create left
      // nothing to stop.
      if (row.provisionJobId) {
        await this.waitProvision(ctx, row.provisionJobId).catch(() => undefined);
      }
      await ctx.progress(10, 'Stopping the app on the guest');
      if (row.createdGuest) {
        await ctx.log(['The guest was created by this deployment: the app goes with it']);
      } else if (await this.guestGone(row)) {
        await ctx.log(['The target guest no longer exists: nothing to stop']);
      } else {
        const host = await this.address(row);
        const privateKey = this.cipher.decrypt(row.accessPrivateKey, SECRET_CONTEXT.accessKey);
        await withSsh(
          { host, port: row.sshPort, username: row.sshUser, hostKey: row.hostKey },
          { privateKey },
          async (ssh) => {
            const probe = parseProbe(await exec(ssh, 'probe', probeScript([]), redact));
            await exec(ssh, 'remove', removeScript(row.name, probe.runner), redact);
            await ctx.log([`Stopped the app (${probe.runner}) and removed its releases`]);
          },
          SSH_CONNECT_MS,
        );
        cleaned = true;
      }
    } catch (err) {
      const failed =
        err instanceof StepError
          ? err
          : new StepError('remove', redact(err instanceof Error ? err.message : String(err)));
      await this.repo.updateForJob(row.id, {
        status: 'FAILED',
        failedStep: failed.step,
        error: failed.output.slice(-MAX_ERROR),
      });
      await ctx.log([`Step "${failed.step}" failed:`, ...failed.output.split('\n').slice(-50)]);
      throw new Error(failed.message.slice(0, MAX_ERROR));
    }
    let destroyed = false;
    if (row.createdGuest) {
      try {
        destroyed = await this.destroyGuest(ctx, row);
      } catch (err) {
        const output = err instanceof StepError ? err.output : (err as Error).message;
        await this.repo.updateForJob(row.id, {
          status: 'FAILED',
          failedStep: 'destroy',
          error: output.slice(-MAX_ERROR),
        });
        await ctx.log([`Step "destroy" failed: ${output}`]);
        throw new Error(`destroy failed: ${output}`.slice(0, MAX_ERROR));
      }
    }
    await this.repo.removeForJob(row.id);
    await ctx.log([
      row.createdGuest
        ? `Deployment deleted; ${destroyed ? 'its guest was destroyed' : 'its guest was already gone'}`
        : 'Deployment deleted; the guest was not created by it and is kept',
    ]);
    return { removed: true, appRemoved: cleaned, guestDestroyed: destroyed };
  }

  /**
   * The guest this deployment created goes with it: a `vm.delete` job (the VM lifecycle's own
   * destroy: stop, destroy with its disks, IPAM addresses held), followed to its end.
   */
  private async destroyGuest(ctx: Run, row: DeploymentRow): Promise<boolean> {
    if (await this.guestGone(row)) return false;
    const guest = (await this.guests.findById(row.guestId))!;
    await ctx.progress(60, 'Destroying the guest the deployment created');
    const job = await this.jobs.start(
      {
        type: 'vm.delete',
        companyId: row.companyId,
        actorId: ctx.job.actorId,
        guestId: guest.id,
        clusterId: guest.clusterId,
        node: guest.node,
        params: { purge: true },
        message: `Delete ${guest.name ?? guest.vmid} (created by deployment ${row.name})`,
      },
      [`Deployment ${row.name} is deleted: its guest goes with it`],
    );
    await ctx.log([`Destroying guest ${guest.name ?? guest.vmid}: job ${job.id}`]);
    const until = Date.now() + PROVISION_TIMEOUT_MS;
    for (;;) {
      const j = await this.jobs.findById(job.id);
      if (j?.status === 'succeeded') return true;
      if (!j || j.status === 'failed' || j.status === 'cancelled') {
        throw new StepError(
          'destroy',
          `deleting the guest ${j?.status ?? 'vanished'}: ${j?.error ?? ''}`,
        );
      }
      if (Date.now() > until) throw new StepError('destroy', 'deleting the guest timed out');
      await sleep(POLL_MS);
    }
  }

  private async guestGone(row: DeploymentRow): Promise<boolean> {
    const guest = await this.guests.findById(row.guestId);
    return (
      !guest || !!guest.goneAt || guest.companyId !== row.companyId || guest.activeVmid === null
    );
  }

  /** After a failed health check: the release that ran before runs again (best effort). */
  private async restore(s: Session, previous: string): Promise<void> {
    try {
      await exec(s.ssh, 'switch', switchScript(s.row.name, previous), s.redact);
      await exec(
        s.ssh,
        'start',
        restartScript(s.row.name, s.probe.runner, s.row.sshUser, s.probe.home),
        s.redact,
      );
      await s.ctx.log([`Switched back to the previous release ${previous}`]);
    } catch (err) {
      await s.ctx.log([`Could not switch back: ${s.redact((err as Error).message)}`]);
    }
  }

  private async health(s: Session): Promise<void> {
    const url = `http://${s.host.includes(':') ? `[${s.host}]` : s.host}:${s.row.port}${s.row.healthPath}`;
    const until = Date.now() + HEALTH_TIMEOUT_MS;
    let last = '';
    for (;;) {
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(3000), redirect: 'manual' });
        const text = (await res.text()).slice(0, 200);
        if (res.status < 400) {
          await s.ctx.log([`Health ${url}: ${res.status} ${s.redact(text)}`]);
          return;
        }
        last = `HTTP ${res.status} ${text}`;
      } catch (err) {
        last = (err as Error).message;
      }
      if (Date.now() > until) {
        const logs = await exec(
          s.ssh,
          'health',
          appLogsScript(s.row.name, s.probe.runner, 40),
          s.redact,
        ).catch(() => '');
        throw new StepError('health', s.redact(`${url} did not answer: ${last}\n${logs}`));
      }
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  private async prune(s: Session, current: string): Promise<void> {
    const rows = await this.repo.releases({ kind: 'all' }, s.row.id, 200);
    const keep = rows
      .filter((r) => r.status === 'SUCCEEDED' && r.available)
      .slice(0, s.row.keepReleases)
      .map((r) => r.id);
    if (!keep.includes(current)) keep.push(current);
    await exec(s.ssh, 'prune', pruneScript(s.row.name, keep), s.redact);
    await this.repo.dropReleasesExcept(s.row.id, keep);
  }

  /** The guest's first IPv4 address outside loopback, as Proxmox reports it. */
  private async address(row: DeploymentRow): Promise<string> {
    const guest = await this.guests.findById(row.guestId);
    if (!guest || guest.goneAt || guest.companyId !== row.companyId || guest.activeVmid === null) {
      throw new StepError('address', 'The target guest no longer exists');
    }
    const { api } = await this.clusters.open(guest.clusterId, 'background');
    const ifaces = await api.guestInterfaces(guest.node, guest.kind, guest.activeVmid);
    const ip = ifaces.filter((i) => i.name !== 'lo').flatMap((i) => i.ipv4)[0];
    if (!ip)
      throw new StepError(
        'address',
        'The guest reports no IPv4 address (is it running, with its agent?)',
      );
    return ip;
  }

  private token(row: DeploymentRow): string {
    return row.repoToken ? this.cipher.decrypt(row.repoToken, SECRET_CONTEXT.repoToken) : '';
  }

  private redactorFor(
    row: DeploymentRow,
    env = this.deployments.openEnv(row),
    token = this.token(row),
  ): (t: string) => string {
    const secret = new Set(
      envKeysOf(row)
        .filter((e) => e.secret)
        .map((e) => e.key),
    );
    return redactor([...env.filter((e) => secret.has(e.key)).map((e) => e.value), token]);
  }

  private setStatus(id: string, status: DeploymentStatus) {
    return this.repo.updateForJob(id, { status });
  }

  /**
   * The app's output as it comes, line by line (redacted), until `signal` aborts, the guest ends
   * the stream, or FOLLOW_MAX_SECONDS pass. A pty ties the remote `tail`/`journalctl` to the
   * session: closing the channel hangs it up.
   */
  async followAppLogs(
    row: DeploymentRow,
    lines: number,
    onLine: (line: string) => void,
    signal: AbortSignal,
  ): Promise<void> {
    const host = await this.address(row);
    const privateKey = this.cipher.decrypt(row.accessPrivateKey, SECRET_CONTEXT.accessKey);
    const redact = this.redactorFor(row);
    await withSsh(
      { host, port: row.sshPort, username: row.sshUser, hostKey: row.hostKey },
      { privateKey },
      async (ssh) => {
        if (signal.aborted) return;
        const probe = parseProbe(await exec(ssh, 'probe', probeScript([]), redact));
        let partial = '';
        const take = (chunk: Buffer) => {
          const parts = (partial + chunk.toString('utf8')).split(/\r?\n/);
          partial = parts.pop() ?? '';
          for (const l of parts) onLine(redact(l.replace(/\r$/, '')));
        };
        await new Promise<void>((resolve, reject) => {
          let channel: { close(): void } | null = null;
          const stop = () => {
            channel?.close();
            resolve();
          };
          signal.addEventListener('abort', stop, { once: true });
          ssh
            .execCommand(followAppLogsScript(row.name, probe.runner, lines), {
              execOptions: { pty: true },
              onStdout: take,
              onStderr: take,
              onChannel: (c) => {
                channel = c;
                if (signal.aborted) stop();
              },
            })
            .then(() => {
              if (partial) onLine(redact(partial));
              signal.removeEventListener('abort', stop);
              resolve();
            }, reject);
        });
      },
      SSH_CONNECT_MS,
    );
  }

  /** The app's own recent output (journal or the process runner's log file). */
  async appLogs(row: DeploymentRow, lines: number): Promise<string> {
    const host = await this.address(row);
    const privateKey = this.cipher.decrypt(row.accessPrivateKey, SECRET_CONTEXT.accessKey);
    const redact = this.redactorFor(row);
    return withSsh(
      { host, port: row.sshPort, username: row.sshUser, hostKey: row.hostKey },
      { privateKey },
      async (ssh) => {
        const probe = parseProbe(await exec(ssh, 'probe', probeScript([]), redact));
        return exec(ssh, 'logs', appLogsScript(row.name, probe.runner, lines), redact);
      },
      SSH_CONNECT_MS,
    );
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function tail(text: string, n: number): string[] {
  return text.split('\n').filter(Boolean).slice(-n);
}

async function exec(
  ssh: NodeSSH,
  step: string,
  script: string,
  redact: (t: string) => string,
  stdin?: string,
): Promise<string> {
  const r = await ssh.execCommand(script, stdin === undefined ? {} : { stdin });
  if (r.code !== 0) {
    throw new StepError(
      step,
      redact(`exit ${r.code}\n${[r.stdout, r.stderr].filter(Boolean).join('\n')}`),
    );
  }
  return redact(r.stdout);
}
