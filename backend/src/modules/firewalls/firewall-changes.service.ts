import { Injectable } from '@nestjs/common';
import type {
  CreateFirewallChangeInput,
  FirewallChangeDto,
  FirewallKind,
  FirewallOperation,
} from '@multpanel/contracts';
import { AccessService } from '../../common/access/access.service';
import type { Actor } from '../../common/auth/actor';
import { AppError, notFound } from '../../common/errors/app-error';
import type { OpnsenseClient } from '../../common/opnsense';
import type { Prisma } from '../../generated/prisma/client';
import { IpamService } from '../ipam/ipam.service';
import { FirewallConnector } from './firewall-connector';
import { buildDiff, targetIssues, toWire } from './firewall-rules';
import { toChangeDto } from './firewalls.mapper';
import { FirewallsRepository, type FirewallRow } from './firewalls.repository';
import { FirewallsService } from './firewalls.service';

/** How the platform checks that a firewall still answers after an apply (fresh connections). */
export const APPLY_PROBE = { attempts: 3, timeoutMs: 3000, pauseMs: 500 };

const SAVEPOINT = 'firewall/filter/savepoint';

/**
 * Change sets: validated and previewed against what the firewall has now, applied as one unit
 * under a filter savepoint (the firewall reverts by itself unless the platform confirms), and
 * marked failed with the reason when a step is refused or the firewall stops answering.
 */
@Injectable()
export class FirewallChangesService {
  constructor(
    private readonly repo: FirewallsRepository,
    private readonly access: AccessService,
    private readonly connector: FirewallConnector,
    private readonly firewalls: FirewallsService,
    private readonly ipam: IpamService,
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
      createdById: actor.principal.userId,
    });
    await this.firewalls.audit(actor, 'firewall.change.create', fw, {
      changeId: row.id,
      operations: input.operations.length,
    });
    return toChangeDto(row);
  }

  /** Applies a pending change set as one unit; the answer says applied or failed (with reason). */
  async apply(actor: Actor, firewallId: string, id: string): Promise<FirewallChangeDto> {
    const fw = await this.access.requireFirewall(actor, firewallId, 'manage');
    const change = await this.repo.change(actor.scope, fw.id, id);
    if (!change) throw notFound('Firewall change');
    if (!(await this.repo.claimChange(change.id)))
      throw new AppError('CONFLICT', `This change is ${change.status}, not pending`);
    const ops = change.operations as unknown as FirewallOperation[];
    const started = Date.now();
    const result = await this.run(fw, ops);
    const row = await this.repo.finishChange(change.id, {
      ...result,
      durationMs: Date.now() - started,
    });
    await this.firewalls.audit(actor, `firewall.change.${result.status}`, fw, {
      changeId: change.id,
      reason: result.reason,
    });
    return toChangeDto(row);
  }

  private async run(
    fw: FirewallRow,
    ops: FirewallOperation[],
  ): Promise<{ status: 'applied' | 'failed'; reason: string | null; revision: string | null }> {
    const client = this.connector.client(fw);
    let revision: string | null = null;
    try {
      if (await client.supports(SAVEPOINT)) revision = await client.savepoint();
      for (const op of ops) {
        if (op.op === 'create') await client.add(op.kind, toWire(op.item));
        else if (op.op === 'update') await client.set(op.kind, op.uuid, toWire(op.item));
        else await client.del(op.kind, op.uuid);
      }
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
    if (await this.answers(fw)) {
      if (revision) await this.connector.with(fw, (c) => c.cancelRollback(revision!));
      await this.repo.recordContact(fw.id, {
        error: null,
        at: new Date(),
        version: fw.version ?? undefined,
      });
      return { status: 'applied', reason: null, revision };
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
