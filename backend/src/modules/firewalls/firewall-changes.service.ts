import { Injectable } from '@nestjs/common';
import {
  createFirewallChangeSchema,
  type CreateFirewallChangeInput,
  type FirewallChangeDto,
  type FirewallDiffEntry,
  type FirewallKind,
  type FirewallOperation,
  type FirewallTargetPage,
  type FirewallTargetsQuery,
  type JobDto,
} from '@multpanel/contracts';
import { ActivityService } from '../../common/audit/activity.service';
import { AccessService } from '../../common/access/access.service';
import type { Actor } from '../../common/auth/actor';
import { AppError, notFound } from '../../common/errors/app-error';
import type { OpnsenseClient } from '../../common/opnsense';
import type { Prisma } from '../../generated/prisma/client';
import { IpamService } from '../ipam/ipam.service';
import type { JobRunContext } from '../jobs/job-context';
import { JobsService } from '../jobs/jobs.service';
import { FirewallApplyQueue } from './firewall-apply-queue';
import { FirewallConnector } from './firewall-connector';
import { buildDiff, inverseOperations, targetIssues, toWire } from './firewall-rules';
import { toChangeDto } from './firewalls.mapper';
import { FirewallsRepository, type FirewallRow } from './firewalls.repository';
import { FirewallsService } from './firewalls.service';

/** How the platform checks that a firewall still answers after an apply (fresh connections). */
export const APPLY_PROBE = { attempts: 3, timeoutMs: 3000, pauseMs: 500 };

const SAVEPOINT = 'firewall/filter/savepoint';

type ApplyResult = {
  status: 'applied' | 'failed';
  reason: string | null;
  revision: string | null;
  /** the diff with the uuids of the items the apply created (what a manual revert deletes) */
  diff?: FirewallDiffEntry[];
};

/**
 * Change sets: validated and previewed against what the firewall has now, applied as one unit by a
 * tracked job under a filter savepoint (the firewall reverts by itself unless the platform
 * confirms), and marked failed with the reason when a step is refused or the firewall stops
 * answering.
 */
@Injectable()
export class FirewallChangesService {
  constructor(
    private readonly repo: FirewallsRepository,
    private readonly access: AccessService,
    private readonly connector: FirewallConnector,
    private readonly firewalls: FirewallsService,
    private readonly ipam: IpamService,
    private readonly jobs: JobsService,
    private readonly activity: ActivityService,
    private readonly queue: FirewallApplyQueue,
  ) {}

  async list(actor: Actor, firewallId: string): Promise<FirewallChangeDto[]> {
    const fw = await this.access.requireFirewall(actor, firewallId, 'read');
    return (await this.repo.changes(actor.scope, fw.id, 100)).map(toChangeDto);
  }

  async get(actor: Actor, firewallId: string, id: string): Promise<FirewallChangeDto> {
    const fw = await this.access.requireFirewall(actor, firewallId, 'read');
    const row = await this.repo.change(actor.scope, fw.id, id);
    if (!row) throw notFound('Firewall change');
    return toChangeDto(row);
  }

  /** Validates (ranges, targets, the firewall's version) and stores a pending change with its diff. */
  async create(
    actor: Actor,
    firewallId: string,
    input: CreateFirewallChangeInput,
  ): Promise<FirewallChangeDto> {
    const fw = await this.access.requireFirewall(actor, firewallId, 'manage');
    return this.store(actor, fw, input, null);
  }

  /**
   * Manual revert of an applied change set: a new pending change set with the operations that undo
   * it (see `inverseOperations`), previewed against the firewall and applied like any other. 409
   * when the change is not applied, is already reverted (or a revert is pending), or cannot be
   * undone as it was recorded; 422 when the firewall no longer has an item it touched. Atomic: the
   * revert takes its change's one open-revert slot (a unique column) in the insert that stores it,
   * so of two concurrent reverts exactly one is stored and the other gets the same 409.
   */
  async revert(actor: Actor, firewallId: string, id: string): Promise<FirewallChangeDto> {
    const fw = await this.access.requireFirewall(actor, firewallId, 'manage');
    const change = await this.repo.change(actor.scope, fw.id, id);
    if (!change) throw notFound('Firewall change');
    if (change.status !== 'applied')
      throw new AppError(
        'CONFLICT',
        `Only an applied change can be reverted; this one is ${change.status}`,
      );
    await this.notRevertedYet(change.id);
    const ops = inverseOperations(change.diff as unknown as FirewallDiffEntry[]);
    if ('unrecorded' in ops)
      throw new AppError(
        'CONFLICT',
        'This change was applied before the platform recorded the uuids of the items it creates; delete them on the firewall’s tabs instead',
      );
    if (ops.length === 0) throw new AppError('CONFLICT', 'This change left nothing to undo');
    const parsed = createFirewallChangeSchema.safeParse({ operations: ops });
    if (!parsed.success)
      throw new AppError(
        'CONFLICT',
        `The earlier values cannot be set again from the platform: ${parsed.error.issues
          .map((i) => `${i.path.join('.')}: ${i.message}`)
          .join('; ')}`,
      );
    return this.store(
      actor,
      fw,
      { operations: parsed.data.operations, note: `Revert of change ${change.id}` },
      change.id,
    );
  }

  /** 409 when a revert of the change is pending, applying or applied. */
  private async notRevertedYet(changeId: string): Promise<void> {
    const earlier = await this.repo.revertOf(changeId);
    if (earlier)
      throw new AppError(
        'CONFLICT',
        `This change is already reverted by change ${earlier.id} (${earlier.status})`,
      );
  }

  /**
   * Guest picker: addresses of the company's guests in its own ranges (the only targets a port
   * forward or one-to-one NAT may point at), paged.
   */
  async targets(
    actor: Actor,
    firewallId: string,
    q: FirewallTargetsQuery,
  ): Promise<FirewallTargetPage> {
    const fw = await this.access.requireFirewall(actor, firewallId, 'read');
    const [items, total] = await this.repo.guestTargets(fw.companyId, q);
    return { items, total, page: q.page, pageSize: q.pageSize };
  }

  private async store(
    actor: Actor,
    fw: FirewallRow,
    input: CreateFirewallChangeInput,
    revertOfId: string | null,
  ): Promise<FirewallChangeDto> {
    const issues = targetIssues(input.operations, await this.ipam.companyNetworks(fw.companyId));
    if (issues.length)
      throw new AppError(
        'VALIDATION_FAILED',
        `Invalid input: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
        issues.map((i) => ({ ...i, code: 'custom' })),
      );
    const kinds = [...new Set(input.operations.map((o) => o.kind))];
    const current = await this.firewalls.contact(fw, async (c) => {
      const out: Partial<
        Record<FirewallKind, Awaited<ReturnType<OpnsenseClient['search']>>['rows']>
      > = {};
      for (const k of kinds) out[k] = (await c.search(k)).rows; // OPN_TOO_OLD for a missing API
      return out;
    });
    const diff = buildDiff(input.operations, current);
    if ('missing' in diff)
      throw new AppError(
        'VALIDATION_FAILED',
        `operations.${diff.missing.index}.uuid: ${diff.missing.uuid} is not on the firewall`,
        [
          {
            path: `operations.${diff.missing.index}.uuid`,
            message: 'not on the firewall',
            code: 'custom',
          },
        ],
      );
    const row = await this.repo.createChange({
      firewallId: fw.id,
      companyId: fw.companyId,
      status: 'pending',
      operations: input.operations as unknown as Prisma.InputJsonValue,
      diff: diff as unknown as Prisma.InputJsonValue,
      note: input.note ?? null,
      revertOfId,
      createdById: actor.principal.userId,
    });
    if (!row) {
      // a concurrent revert of the same change was stored first (the check above ran before it)
      await this.notRevertedYet(revertOfId!);
      throw new AppError('CONFLICT', 'This change is being reverted by another request');
    }
    await this.firewalls.audit(actor, 'firewall.change.create', fw, {
      changeId: row.id,
      operations: input.operations.length,
      ...(revertOfId ? { revertOf: revertOfId } : {}),
    });
    return toChangeDto(row);
  }

  /**
   * Starts applying a pending change set: the change becomes `applying`, joins the firewall's
   * apply queue, and a tracked `firewalls.apply-change` job does the work (progress per step; see
   * `runJob`). Applies of one firewall run one after the other in the order accepted here. 409
   * when the change is not pending.
   */
  async apply(actor: Actor, firewallId: string, id: string): Promise<JobDto> {
    const fw = await this.access.requireFirewall(actor, firewallId, 'manage');
    const change = await this.repo.change(actor.scope, fw.id, id);
    if (!change) throw notFound('Firewall change');
    if (!(await this.repo.claimChange(change.id)))
      throw new AppError('CONFLICT', `This change is ${change.status}, not pending`);
    let job: JobDto;
    try {
      await this.queue.enqueue(fw.id, change.id);
      job = await this.jobs.start({
        type: 'firewalls.apply-change',
        companyId: fw.companyId,
        actorId: actor.principal.userId,
        params: { firewallId: fw.id, changeId: change.id },
        message: `Apply ${change.diff && Array.isArray(change.diff) ? change.diff.length : 0} change(s) to firewall ${fw.name}`,
      });
    } catch (err) {
      await this.queue.leave(fw.id, change.id).catch(() => undefined);
      await this.repo.unclaimChange(change.id);
      throw err;
    }
    await this.repo.setChangeJob(change.id, job.id);
    await this.firewalls.audit(actor, 'firewall.change.apply', fw, {
      changeId: change.id,
      jobId: job.id,
    });
    return job;
  }

  /**
   * Worker: the `firewalls.apply-change` job. Savepoint (the firewall reverts by itself unless
   * confirmed), each operation, apply, then a check over fresh connections that the firewall still
   * answers before the savepoint is confirmed. Any refusal reverts to the savepoint. The change is
   * marked applied or failed with the reason; a failed change fails the job with the same reason.
   * A worker that stopped part-way does not replay operations: the resumed job reverts to the
   * savepoint and marks the change failed. The job first waits for the changes of the same
   * firewall accepted before it (FirewallApplyQueue), and leaves the queue when it ends.
   */
  async runJob(ctx: JobRunContext<'firewalls.apply-change'>): Promise<{ changeId: string }> {
    const { firewallId, changeId } = ctx.params;
    try {
      return await this.runInTurn(ctx);
    } finally {
      await this.queue.leave(firewallId, changeId).catch(() => undefined);
    }
  }

  private async runInTurn(
    ctx: JobRunContext<'firewalls.apply-change'>,
  ): Promise<{ changeId: string }> {
    const { firewallId, changeId } = ctx.params;
    const [fw, change] = await Promise.all([
      this.repo.firewallForJob(firewallId),
      this.repo.changeForJob(changeId),
    ]);
    if (!fw || !change || change.firewallId !== fw.id)
      throw new Error('The firewall or the change set no longer exists');
    if (change.status === 'applied') return { changeId };
    if (change.status === 'failed') throw new Error(change.reason ?? 'The change set failed');
    const st = ctx.state as { startedAt?: number; revision?: string | null };
    try {
      await this.queue.waitTurn(fw.id, change.id, {
        signal: ctx.signal,
        onWait: (ahead) => {
          const msg = `Waiting for change ${ahead} of this firewall (accepted earlier)`;
          return ctx.progress(2, msg, [msg]);
        },
      });
    } catch (err) {
      // cancelled before it touched the firewall: the change can be applied again
      if (!st.startedAt) await this.repo.unclaimChange(change.id);
      throw err;
    }
    let result: ApplyResult;
    if (st.startedAt) {
      // resumed after a worker stopped mid-apply: what reached the firewall is unknown
      const client = this.connector.client(fw);
      const reverted = st.revision ? await client.revert(st.revision).catch(() => false) : false;
      client.close();
      result = {
        status: 'failed',
        revision: st.revision ?? null,
        reason: `The worker stopped while applying; ${
          reverted
            ? `the earlier rules were restored (savepoint ${st.revision})`
            : st.revision
              ? `the firewall restores the earlier rules by itself (savepoint ${st.revision}, 60 s)`
              : 'check the firewall’s rules'
        }`,
      };
    } else {
      st.startedAt = Date.now();
      await ctx.save();
      const ops = change.operations as unknown as FirewallOperation[];
      result = await this.run(fw, ops, change.diff as unknown as FirewallDiffEntry[], ctx, st);
    }
    await this.repo.finishChange(change.id, {
      ...result,
      durationMs: Date.now() - (st.startedAt ?? Date.now()),
    });
    await this.activity.record({
      action: `firewall.change.${result.status}`,
      result: result.status === 'applied' ? 'success' : 'failure',
      companyId: fw.companyId,
      resourceType: 'firewall',
      resourceId: fw.id,
      details: { changeId, jobId: ctx.job.id, by: ctx.job.actorId, reason: result.reason },
    });
    if (result.status === 'failed') throw new Error(result.reason ?? 'The change set failed');
    await ctx.progress(100, `Applied to firewall ${fw.name}`);
    return { changeId };
  }

  private async run(
    fw: FirewallRow,
    ops: FirewallOperation[],
    diff: FirewallDiffEntry[],
    ctx: JobRunContext<'firewalls.apply-change'>,
    st: { revision?: string | null },
  ): Promise<ApplyResult> {
    const client = this.connector.client(fw);
    let revision: string | null = null;
    try {
      await ctx.progress(5, 'Setting a savepoint on the firewall');
      if (await client.supports(SAVEPOINT)) {
        revision = await client.savepoint();
        st.revision = revision;
        await ctx.save([
          `savepoint ${revision} (the firewall reverts to it in 60 s unless confirmed)`,
        ]);
      } else await ctx.log(['no savepoint API on this firewall (OPNsense 26.7+): no auto-revert']);
      for (const [i, op] of ops.entries()) {
        await ctx.progress(
          10 + Math.round((60 * i) / ops.length),
          `${op.op} ${op.kind} (${i + 1} of ${ops.length})`,
        );
        if (op.op === 'create') {
          const uuid = await client.add(op.kind, toWire(op.item));
          if (diff[i]) diff[i] = { ...diff[i], uuid };
        } else if (op.op === 'update') await client.set(op.kind, op.uuid, toWire(op.item));
        else await client.del(op.kind, op.uuid);
      }
      await ctx.progress(75, 'Applying on the firewall');
      const kinds = new Set(ops.map((o) => o.kind));
      if (kinds.has('alias')) await client.apply('alias');
      // any firewall apply reloads the whole ruleset (filter and NAT) from the configuration
      const pf = (['filter', 'd_nat', 'one_to_one', 'source_nat'] as const).find((k) =>
        kinds.has(k),
      );
      if (pf) await client.apply(pf, revision ?? undefined);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      if (revision) await client.revert(revision).catch(() => false);
      client.close();
      return {
        status: 'failed',
        reason: revision
          ? `${reason}; the earlier rules were restored (savepoint ${revision})`
          : reason,
        revision,
      };
    }
    client.close();
    await ctx.progress(85, 'Checking that the firewall still answers');
    if (await this.answers(fw)) {
      if (revision) {
        await ctx.progress(95, 'Confirming the savepoint');
        await this.connector.with(fw, (c) => c.cancelRollback(revision!));
      }
      await this.repo.recordContact(fw.id, {
        error: null,
        at: new Date(),
        version: fw.version ?? undefined,
      });
      return { status: 'applied', reason: null, revision, diff };
    }
    const reason = revision
      ? `The firewall stopped answering after the apply; it restores the earlier rules by itself (savepoint ${revision}, 60 s)`
      : 'The firewall stopped answering after the apply and has no savepoint API (OPNsense 26.7+): restore its rules from its console';
    await this.repo.recordContact(fw.id, { error: reason, at: new Date() });
    return { status: 'failed', reason, revision };
  }

  /** Whether the firewall answers over new connections (the path a broken rule would cut). */
  private async answers(fw: FirewallRow): Promise<boolean> {
    for (let i = 0; i < APPLY_PROBE.attempts; i++) {
      const ok = await this.connector
        .with(fw, (c) => c.call('GET', 'core/system/status', { skipVersionCheck: true }), {
          timeoutMs: APPLY_PROBE.timeoutMs,
          attempts: 1,
        })
        .then(() => true)
        .catch(() => false);
      if (ok) return true;
      await new Promise((r) => setTimeout(r, APPLY_PROBE.pauseMs));
    }
    return false;
  }
}
