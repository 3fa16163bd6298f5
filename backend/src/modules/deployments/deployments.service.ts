import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  FRAMEWORK_PRESETS,
  frameworkPreset,
  isSshRepoUrl,
  type CreateDeploymentInput,
  type CreatedDeploymentView,
  type DeploymentListQuery,
  type DeploymentStats,
  type DeploymentView,
  type FrameworkPreset,
  type JobDto,
  type Paged,
  type ReleaseView,
  type UpdateDeploymentInput,
} from '@multpanel/contracts';
import { AccessService } from '../../common/access/access.service';
import type { Actor } from '../../common/auth/actor';
import { ActivityService } from '../../common/audit/activity.service';
import { SecretsCipher } from '../../common/crypto/secrets-cipher';
import { AppError, notFound } from '../../common/errors/app-error';
import { AppConfig } from '../../config/app-config';
import type { Prisma } from '../../generated/prisma/client';
import { JobsService } from '../jobs/jobs.service';
import { VmPlacementService } from '../vms/vms-placement.service';
import { generateSshKey } from '../ssh-keys/ssh-key-material';
import { DeploymentCancelFlags } from './deployment-cancel';
import {
  envKeysOf,
  median,
  toDeploymentView,
  toReleaseView,
  type StoredEnvKey,
} from './deployments.mapper';
import { DeploymentsRepository, type DeploymentRow } from './deployments.repository';
import { parsePush, verifyWebhook } from './webhook-signature';

export const SECRET_CONTEXT = {
  repoToken: 'deployment.repo-token',
  env: 'deployment.env',
  accessKey: 'deployment.access-key',
  deployKey: 'deployment.deploy-key',
  webhook: 'deployment.webhook-secret',
} as const;

type Trigger = 'manual' | 'webhook' | 'create' | 'rollback';

/** Deployments over HTTP: CRUD, deploy/redeploy, rollback, releases, statistics, the push webhook. */
@Injectable()
export class DeploymentsService {
  constructor(
    private readonly repo: DeploymentsRepository,
    private readonly access: AccessService,
    private readonly jobs: JobsService,
    private readonly cipher: SecretsCipher,
    private readonly activity: ActivityService,
    private readonly config: AppConfig,
    private readonly cancels: DeploymentCancelFlags,
    private readonly placement: VmPlacementService,
  ) {}

  frameworks(): readonly FrameworkPreset[] {
    return FRAMEWORK_PRESETS;
  }

  private view(row: DeploymentRow): DeploymentView {
    return toDeploymentView(row, this.config.publicUrl);
  }

  async list(actor: Actor, q: DeploymentListQuery): Promise<Paged<DeploymentView>> {
    const [rows, total] = await this.repo.page(
      actor.scope,
      { companyId: q.companyId },
      (q.page - 1) * q.pageSize,
      q.pageSize,
    );
    return { items: rows.map((r) => this.view(r)), total, page: q.page, pageSize: q.pageSize };
  }

  async get(actor: Actor, id: string): Promise<DeploymentView> {
    return this.view(await this.require(actor, id));
  }

  private async require(actor: Actor, id: string): Promise<DeploymentRow> {
    const row = await this.repo.find(actor.scope, id);
    if (!row) throw notFound('Deployment');
    return row;
  }

  async create(actor: Actor, input: CreateDeploymentInput): Promise<CreatedDeploymentView> {
    await this.access.requireCompany(actor, input.companyId);
    const target = input.target;
    if (target.type === 'guest') {
      const guest = await this.access.requireGuest(actor, target.guestId, 'edit');
      if (guest.companyId !== input.companyId) {
        throw new AppError('VALIDATION_FAILED', 'The target guest belongs to another company', [
          { path: 'target.guestId', message: 'not a guest of this company', code: 'custom' },
        ]);
      }
    }
    const preset = frameworkPreset(input.framework);
    if (!preset) throw new AppError('VALIDATION_FAILED', `Unknown framework "${input.framework}"`);
    if (input.runtimeVersion && !preset.versions.includes(input.runtimeVersion)) {
      throw new AppError(
        'VALIDATION_FAILED',
        `${preset.name} offers runtime versions ${preset.versions.join(', ')}`,
      );
    }
    if (input.repoToken && isSshRepoUrl(input.repoUrl)) {
      throw new AppError(
        'VALIDATION_FAILED',
        'A token is for https repositories; ssh uses the deploy key',
      );
    }
    if (await this.repo.nameTaken(input.companyId, input.name)) {
      throw new AppError('CONFLICT', `The company already has a deployment named "${input.name}"`);
    }
    const access = generateSshKey(`multpanel-app-${input.name}`);
    const deploy = isSshRepoUrl(input.repoUrl)
      ? generateSshKey(`multpanel-deploy-${input.name}`)
      : null;
    // A new guest goes through the VM/LXC create flow with the caller's rights (placement, quota,
    // IPAM; refusals answer here as 4xx); the access key reaches it by cloud-init.
    const provision =
      target.type === 'new'
        ? await this.placement.create(actor, {
            companyId: input.companyId,
            kind: target.kind,
            source: target.source,
            clusterId: target.clusterId,
            node: target.node,
            name: `app-${input.name}`.slice(0, 63).replace(/-+$/, ''),
            cores: target.cores,
            memoryMb: target.memoryMb,
            disks: [{ sizeGb: target.diskGb }],
            networks: target.networks,
            cloudInit: {
              ...(target.kind === 'qemu' ? { user: target.sshUser } : {}),
              sshKeys: [access.publicKey],
            },
            tags: ['multpanel-app'],
            description: `Application deployment ${input.name} (created by it)`,
            start: true,
          })
        : null;
    const guestId = provision ? provision.vmId : (target as { guestId: string }).guestId;
    const webhookSecret = randomBytes(24).toString('hex');
    const env = this.sealEnv(input.env.map((e) => ({ ...e, value: e.value })));
    const row = await this.repo.create({
      companyId: input.companyId,
      name: input.name,
      repoUrl: input.repoUrl,
      repoToken: input.repoToken
        ? this.cipher.encrypt(input.repoToken, SECRET_CONTEXT.repoToken)
        : null,
      ref: input.ref,
      framework: preset.id,
      runtimeVersion: input.runtimeVersion ?? preset.versions[0] ?? null,
      guestId,
      sshUser: target.sshUser,
      sshPort: target.sshPort,
      port: input.port ?? preset.defaultPort,
      installCommand: input.installCommand ?? preset.installCommand,
      buildCommand: input.buildCommand ?? preset.buildCommand,
      startCommand: input.startCommand ?? preset.startCommand,
      healthPath: input.healthPath ?? preset.healthPath,
      envKeys: env.keys as unknown as Prisma.InputJsonValue,
      envValues: env.values,
      domain: input.domain ?? null,
      keepReleases: input.keepReleases,
      accessPublicKey: access.publicKey,
      accessPrivateKey: this.cipher.encrypt(access.privateKey, SECRET_CONTEXT.accessKey),
      deployPublicKey: deploy?.publicKey ?? null,
      deployPrivateKey: deploy
        ? this.cipher.encrypt(deploy.privateKey, SECRET_CONTEXT.deployKey)
        : null,
      webhookSecret: this.cipher.encrypt(webhookSecret, SECRET_CONTEXT.webhook),
      status: 'PENDING',
      createdGuest: provision !== null,
      provisionJobId: provision?.job.id ?? null,
    });
    await this.audit(actor, 'deployment.create', row, {
      name: row.name,
      framework: row.framework,
      ...(provision ? { createdGuestId: guestId, provisionJobId: provision.job.id } : {}),
    });
    // A new guest needs no step from the person (its key came by cloud-init): the first release
    // starts now and waits for the guest.
    const created = provision ? await this.startRun(row, actor.principal.userId, 'create') : null;
    const shown = created ? ((await this.repo.findForJob(row.id)) ?? row) : row;
    return { ...this.view(shown), webhookSecret };
  }

  /** Stored form of the env: non-secret values in `envKeys`, secret ones encrypted together. */
  private sealEnv(vars: Array<{ key: string; value: string; secret: boolean }>) {
    const keys: StoredEnvKey[] = vars.map((v) =>
      v.secret ? { key: v.key, secret: true } : { key: v.key, secret: false, value: v.value },
    );
    const secrets = Object.fromEntries(vars.filter((v) => v.secret).map((v) => [v.key, v.value]));
    return { keys, values: this.cipher.encrypt(JSON.stringify(secrets), SECRET_CONTEXT.env) };
  }

  /** Every variable with its value (worker only: goes to the guest's env file, never to a log). */
  openEnv(row: DeploymentRow): Array<{ key: string; value: string }> {
    const secrets = JSON.parse(this.cipher.decrypt(row.envValues, SECRET_CONTEXT.env)) as Record<
      string,
      string
    >;
    return envKeysOf(row).map((e) => ({
      key: e.key,
      value: e.secret ? (secrets[e.key] ?? '') : (e.value ?? ''),
    }));
  }

  async update(actor: Actor, id: string, input: UpdateDeploymentInput): Promise<DeploymentView> {
    const row = await this.require(actor, id);
    const data: Prisma.DeploymentUncheckedUpdateInput = {
      ref: input.ref,
      port: input.port,
      installCommand: input.installCommand,
      buildCommand: input.buildCommand,
      startCommand: input.startCommand,
      healthPath: input.healthPath,
      keepReleases: input.keepReleases,
      domain: input.domain,
    };
    if (input.env) {
      const current = new Map(this.openEnv(row).map((e) => [e.key, e.value]));
      const vars = input.env.map((e) => {
        if (e.value === null && !current.has(e.key)) {
          throw new AppError('VALIDATION_FAILED', `Variable ${e.key} is new: give its value`);
        }
        return { key: e.key, secret: e.secret, value: e.value ?? current.get(e.key)! };
      });
      const env = this.sealEnv(vars);
      data.envKeys = env.keys as unknown as Prisma.InputJsonValue;
      data.envValues = env.values;
    }
    const updated = await this.repo.update(actor.scope, id, data);
    if (!updated) throw notFound('Deployment');
    await this.audit(actor, 'deployment.update', row, { fields: Object.keys(input) });
    return this.view(updated);
  }

  /** Delete as a tracked job: the worker stops the app, removes its releases, then the row. */
  async remove(actor: Actor, id: string): Promise<JobDto> {
    const row = await this.require(actor, id);
    await this.refuseWhileBusy(row);
    await this.repo.update(actor.scope, id, { status: 'DELETING', failedStep: null, error: null });
    const job = await this.jobs.start({
      type: 'deployments.run',
      companyId: row.companyId,
      actorId: actor.principal.userId,
      guestId: row.guestId,
      params: { deploymentId: row.id, action: 'remove' },
      message: `Delete ${row.name} (stop the app, remove its releases)`,
    });
    // The job may have deleted the row already: then there is nothing to update.
    await this.repo.update(actor.scope, id, { lastJobId: job.id });
    await this.audit(actor, 'deployment.delete', row, { name: row.name, jobId: job.id });
    return job;
  }

  /**
   * Ask the running deploy or rollback job to stop at its next step boundary (a cooperative cancel:
   * a command already running on the guest finishes first; the switch to the new release is the
   * last point of return). Answers with the job; its end status says what happened.
   */
  async cancel(actor: Actor, id: string): Promise<JobDto> {
    const row = await this.require(actor, id);
    const job = row.lastJobId ? await this.jobs.findById(row.lastJobId) : null;
    if (!job || (job.status !== 'queued' && job.status !== 'running')) {
      throw new AppError('CONFLICT', 'No deployment job of this application is running');
    }
    if ((job.params as { action?: string } | null)?.action === 'remove') {
      throw new AppError('CONFLICT', 'A deletion cannot be cancelled');
    }
    await this.cancels.request(job.id);
    await this.audit(actor, 'deployment.cancel', row, { jobId: job.id });
    return this.jobs.get(actor.scope, job.id);
  }

  async releases(actor: Actor, id: string): Promise<ReleaseView[]> {
    const row = await this.require(actor, id);
    const rows = await this.repo.releases(actor.scope, id);
    return rows.map((r) => toReleaseView(r, row.currentReleaseId));
  }

  /** Build and start the head of the ref (or `commit`) as a new release. */
  async deploy(actor: Actor, id: string): Promise<JobDto> {
    const row = await this.require(actor, id);
    const job = await this.startRun(row, actor.principal.userId, 'manual');
    await this.audit(actor, 'deployment.deploy', row, { jobId: job.id });
    return job;
  }

  async rollback(actor: Actor, id: string, releaseId: string): Promise<JobDto> {
    const row = await this.require(actor, id);
    const target = await this.repo.release(actor.scope, id, releaseId);
    if (!target) throw notFound('Release');
    if (!target.available || target.status !== 'SUCCEEDED') {
      throw new AppError('CONFLICT', 'That release is no longer on the guest or never succeeded');
    }
    await this.refuseWhileBusy(row);
    const job = await this.jobs.start({
      type: 'deployments.run',
      companyId: row.companyId,
      actorId: actor.principal.userId,
      guestId: row.guestId,
      params: { deploymentId: row.id, releaseId: target.id, action: 'rollback' },
      message: `Roll back ${row.name} to ${target.commit?.slice(0, 12) ?? target.id}`,
    });
    await this.repo.update(actor.scope, id, { lastJobId: job.id });
    await this.audit(actor, 'deployment.rollback', row, { releaseId, jobId: job.id });
    return job;
  }

  /**
   * A push from GitHub, Gitea or GitLab. Unknown deployment and wrong signature answer the same
   * 403 (an id is no oracle); a push to another branch is accepted and ignored.
   */
  async webhook(
    id: string,
    headers: Record<string, string | string[] | undefined>,
    rawBody: Buffer | undefined,
    body: unknown,
  ): Promise<{ accepted: boolean; reason?: string; jobId?: string }> {
    const row = /^[0-9a-f-]{36}$/i.test(id) ? await this.repo.findForWebhook(id) : null;
    const secret = row ? this.cipher.decrypt(row.webhookSecret, SECRET_CONTEXT.webhook) : null;
    if (!row || !secret || !rawBody || !verifyWebhook(headers, rawBody, secret)) {
      throw new AppError('FORBIDDEN', 'Webhook signature does not verify');
    }
    const push = parsePush(body);
    if (push.branch !== row.ref) {
      return { accepted: false, reason: `not a push to ${row.ref}` };
    }
    const job = await this.startRun(row, null, 'webhook', push.commit ?? undefined);
    return { accepted: true, jobId: job.id };
  }

  private async startRun(
    row: DeploymentRow,
    userId: string | null,
    trigger: Trigger,
    commit?: string,
  ): Promise<JobDto> {
    await this.refuseWhileBusy(row);
    const release = await this.repo.createRelease({
      deploymentId: row.id,
      companyId: row.companyId,
      trigger,
      triggeredBy: userId,
      status: 'PENDING',
    });
    const job = await this.jobs.start({
      type: 'deployments.run',
      companyId: row.companyId,
      actorId: userId,
      guestId: row.guestId,
      params: {
        deploymentId: row.id,
        releaseId: release.id,
        action: 'deploy',
        ...(commit ? { commit } : {}),
      },
      message: `Deploy ${row.name} (${row.ref})`,
    });
    await this.repo.updateForJob(row.id, {
      lastJobId: job.id,
      status: 'PENDING',
      failedStep: null,
      error: null,
    });
    return job;
  }

  private async refuseWhileBusy(row: DeploymentRow): Promise<void> {
    if (!row.lastJobId) return;
    const job = await this.jobs.findById(row.lastJobId);
    if (job && (job.status === 'queued' || job.status === 'running')) {
      throw new AppError('CONFLICT', 'A deployment job of this application is still running');
    }
  }

  async stats(actor: Actor): Promise<DeploymentStats> {
    const { byFramework, byCompany, finished } = await this.repo.stats(actor.scope);
    const fold = <K extends string>(
      rows: Array<{ status: string; _count: { _all: number } } & Record<K, string>>,
      key: K,
    ) => {
      const out = new Map<string, { total: number; running: number }>();
      for (const r of rows) {
        const e = out.get(r[key]) ?? { total: 0, running: 0 };
        e.total += r._count._all;
        if (r.status === 'RUNNING') e.running += r._count._all;
        out.set(r[key], e);
      }
      return [...out.entries()];
    };
    const frameworks = fold(byFramework, 'framework');
    const succeeded = finished.filter((r) => r.status === 'SUCCEEDED');
    return {
      total: frameworks.reduce((n, [, e]) => n + e.total, 0),
      active: frameworks.reduce((n, [, e]) => n + e.running, 0),
      successRate: finished.length ? succeeded.length / finished.length : null,
      medianDeployMs: median(
        succeeded.map((r) => r.durationMs).filter((d): d is number => d !== null),
      ),
      byFramework: frameworks.map(([framework, e]) => ({ framework, ...e })),
      byCompany: fold(byCompany, 'companyId').map(([companyId, e]) => ({ companyId, ...e })),
    };
  }

  private audit(
    actor: Actor,
    action: string,
    row: DeploymentRow,
    details?: Record<string, unknown>,
  ) {
    return this.activity.record({
      action,
      companyId: row.companyId,
      actor: actor.principal,
      resourceType: 'deployment',
      resourceId: row.id,
      ip: actor.meta.ip,
      userAgent: actor.meta.userAgent,
      details,
    });
  }
}
