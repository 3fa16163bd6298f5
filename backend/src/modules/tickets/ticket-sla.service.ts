import { Injectable, Logger } from '@nestjs/common';
import {
  TICKET_PRIORITIES,
  type TicketSlaPolicyDto,
  type TicketSlaPolicyInput,
  type TicketSlaPolicyListItem,
  type TicketSlaPolicyListQuery,
  type TicketSlaReport,
  type TicketSlaReportQuery,
} from '@multpanel/contracts';
import { AccessService, forbidden } from '../../common/access/access.service';
import { notFound } from '../../common/errors/app-error';
import { ActivityService } from '../../common/audit/activity.service';
import type { Actor } from '../../common/auth/actor';
import { scopeCompanyIds } from '../../common/auth/scope';
import { QueueService } from '../../common/queue/queue.service';
import { AppConfig } from '../../config/app-config';
import { AlertsEngineService } from '../alerts/alerts-engine.service';
import type { SlaPolicy } from './ticket-sla';
import { TicketsRepository, type SlaPolicyRow, type TicketRow } from './tickets.repository';

type SlaTarget = 'first_response' | 'resolution';
const TARGET_LABEL: Record<SlaTarget, string> = {
  first_response: 'first response',
  resolution: 'resolution',
};

/** The MSP's default policy's owner key; companies without their own fall back to it. */
export const PLATFORM_SLA = 'platform';
/** How many due tickets one sweep handles (the next minute's sweep takes the rest). */
const SWEEP_BATCH = 500;

type StoredPolicy = SlaPolicy &
  Pick<TicketSlaPolicyInput, 'days' | 'holidays' | 'breachChannelIds'>;

function toPolicy(row: SlaPolicyRow): StoredPolicy {
  return {
    targets: row.targets as unknown as SlaPolicy['targets'],
    utcOffsetMinutes: row.utcOffsetMinutes,
    days: row.days as unknown as TicketSlaPolicyInput['days'],
    holidays: (row.holidays as unknown as string[]) ?? [],
    breachChannelIds: (row.breachChannelIds as unknown as string[] | null) ?? [],
  };
}

/** `YYYY-MM` → [first instant of the month, first of the next) in UTC. */
export function monthRange(month: string): [Date, Date] {
  const [y, m] = month.split('-').map(Number);
  return [new Date(Date.UTC(y, m - 1, 1)), new Date(Date.UTC(y, m, 1))];
}

const pct = (met: number, of: number) => (of === 0 ? null : Math.round((met / of) * 1000) / 10);

/**
 * SLA policies (per company, or the MSP's default) and the worker's breach sweep. The clock itself
 * is pure (`ticket-sla.ts`); TicketsService advances it on every change of a ticket.
 */
@Injectable()
export class TicketSlaService {
  private readonly logger = new Logger('TicketSla');

  constructor(
    private readonly repo: TicketsRepository,
    private readonly access: AccessService,
    private readonly activity: ActivityService,
    private readonly queues: QueueService,
    private readonly alerts: AlertsEngineService,
    private readonly config: AppConfig,
  ) {}

  /** The policy a company's tickets run under: its own, else the MSP's default, else none. */
  async policyFor(companyId: string): Promise<StoredPolicy | null> {
    const row = (await this.repo.slaPolicy(companyId)) ?? (await this.repo.slaPolicy(PLATFORM_SLA));
    return row ? toPolicy(row) : null;
  }

  /** A company's policy (or the default it falls back to); null companyId = the MSP's default. */
  async get(actor: Actor, companyId: string | null): Promise<TicketSlaPolicyDto | null> {
    if (companyId) await this.access.requireCompany(actor, companyId);
    const own = await this.repo.slaPolicy(companyId ?? PLATFORM_SLA);
    const row = own ?? (companyId ? await this.repo.slaPolicy(PLATFORM_SLA) : null);
    if (!row) return null;
    return { ...toPolicy(row), companyId, own: own !== null };
  }

  /**
   * The policies set: the MSP's default, then those of the caller's companies by name (a deleted
   * company's stays out). With `companyId`: that company's own only (404 when not the caller's).
   */
  async list(actor: Actor, q: TicketSlaPolicyListQuery): Promise<TicketSlaPolicyListItem[]> {
    if (q.companyId) await this.access.requireCompany(actor, q.companyId);
    const owners = q.companyId ? [q.companyId] : scopeCompanyIds(actor.scope);
    const rows = await this.repo.slaPolicies(owners === null ? null : [...owners, PLATFORM_SLA]);
    const names = new Map(
      (
        await this.repo.companyNames(rows.map((r) => r.owner).filter((o) => o !== PLATFORM_SLA))
      ).map((c) => [c.id, c.name]),
    );
    const items: TicketSlaPolicyListItem[] = [];
    for (const row of rows) {
      const companyId = row.owner === PLATFORM_SLA ? null : row.owner;
      const companyName = companyId ? names.get(companyId) : null;
      if (companyName === undefined) continue;
      items.push({ ...toPolicy(row), companyId, own: true, companyName });
    }
    return items.sort((a, b) =>
      a.companyName === null
        ? -1
        : b.companyName === null
          ? 1
          : a.companyName.localeCompare(b.companyName),
    );
  }

  /**
   * Sets a company's policy (MSP staff of it) or the default (operators only). Applies to changes
   * from now on: a ticket's clock takes the new targets at its next status or priority change.
   */
  async save(
    actor: Actor,
    companyId: string | null,
    input: TicketSlaPolicyInput,
  ): Promise<TicketSlaPolicyDto> {
    if (companyId) await this.access.requireCompany(actor, companyId);
    else if (actor.scope.kind !== 'all') {
      throw forbidden('Only an operator sets the default SLA policy');
    }
    const targets = Object.fromEntries(TICKET_PRIORITIES.map((p) => [p, input.targets[p]]));
    // Breach alerts go to the company's own channels, or (operators) the MSP's; a channel the
    // policy already names stays (staff keep what an operator chose).
    const channelIds = [...new Set(input.breachChannelIds)];
    const owners: Array<string | null> = companyId
      ? actor.scope.kind === 'all'
        ? [companyId, null]
        : [companyId]
      : [null];
    const previous = await this.repo.slaPolicy(companyId ?? PLATFORM_SLA);
    const kept = new Set(previous ? toPolicy(previous).breachChannelIds : []);
    const known = new Set(await this.alerts.channelsOwnedBy(owners, channelIds));
    if (channelIds.some((id) => !known.has(id) && !kept.has(id))) {
      throw notFound('Notification channel');
    }
    const row = await this.repo.saveSlaPolicy(companyId ?? PLATFORM_SLA, {
      targets,
      utcOffsetMinutes: input.utcOffsetMinutes,
      days: input.days,
      holidays: input.holidays,
      breachChannelIds: channelIds,
    });
    await this.activity.record({
      action: 'ticket.sla-policy',
      companyId,
      actor: actor.principal,
      resourceType: 'ticket-sla-policy',
      resourceId: companyId ?? PLATFORM_SLA,
      ip: actor.meta.ip,
      userAgent: actor.meta.userAgent,
      details: { targets },
    });
    return { ...toPolicy(row), companyId, own: true };
  }

  /**
   * Removes a company's own policy (its tickets fall back to the MSP's default) or, for operators,
   * the default. Tickets keep their clock until their next change.
   */
  async remove(actor: Actor, companyId: string | null): Promise<void> {
    if (companyId) await this.access.requireCompany(actor, companyId);
    else if (actor.scope.kind !== 'all') {
      throw forbidden('Only an operator removes the default SLA policy');
    }
    if (!(await this.repo.deleteSlaPolicy(companyId ?? PLATFORM_SLA))) {
      throw notFound('SLA policy');
    }
    await this.activity.record({
      action: 'ticket.sla-policy.delete',
      companyId,
      actor: actor.principal,
      resourceType: 'ticket-sla-policy',
      resourceId: companyId ?? PLATFORM_SLA,
      ip: actor.meta.ip,
      userAgent: actor.meta.userAgent,
      details: {},
    });
  }

  /**
   * SLA figures of the tickets opened in a month, per company the caller sees (a company_admin:
   * their own). "Met" counts tickets under a policy whose target has not been breached (so far).
   */
  async report(actor: Actor, q: TicketSlaReportQuery): Promise<TicketSlaReport> {
    if (actor.scope.kind === 'vm_grants') {
      throw forbidden('SLA figures are for company admins and MSP staff');
    }
    if (q.companyId) await this.access.requireCompany(actor, q.companyId);
    const [from, to] = monthRange(q.month);
    const counts = await this.repo.slaReport(actor.scope, q.companyId, from, to);
    const names = new Map(
      (await this.repo.companyNames(counts.map((c) => c.companyId))).map((c) => [c.id, c.name]),
    );
    const rows = counts
      .map((c) => ({
        companyId: c.companyId,
        companyName: names.get(c.companyId) ?? c.companyId,
        tickets: c.tickets,
        firstResponseMetPct: pct(c.underSla - c.firstResponseBreaches, c.underSla),
        resolutionMetPct: pct(c.underSla - c.resolutionBreaches, c.underSla),
        firstResponseBreaches: c.firstResponseBreaches,
        resolutionBreaches: c.resolutionBreaches,
      }))
      .sort((a, b) => a.companyName.localeCompare(b.companyName));
    return { month: q.month, rows };
  }

  /**
   * Worker (`tickets.sla-check`, every minute): warns the assignee once when a target reaches
   * 80 %, marks each target that passed as breached, once, queues the breach mail to the ticket's
   * staff and an "SLA breached" alert on the policy's channels. Idempotent: a second run finds
   * nothing.
   */
  async sweep(now = new Date()): Promise<{ warned: number; breached: number }> {
    let warned = 0;
    for (const t of await this.repo.dueSlaWarnings(now, SWEEP_BATCH)) {
      for (const target of ['first_response', 'resolution'] as const) {
        const at = target === 'first_response' ? t.firstResponseWarnAt : t.resolutionWarnAt;
        const due = target === 'first_response' ? t.firstResponseDueAt : t.resolutionDueAt;
        if (!at || at > now) continue;
        if (!(await this.repo.markWarned(t.id, target, now))) continue;
        // Past due already (the worker was down): the breach mail says it all.
        if (!due || due <= now) continue;
        warned++;
        await this.queueMail(t, 'warning', target);
      }
    }
    let breached = 0;
    const policies = new Map<string, StoredPolicy | null>();
    for (const t of await this.repo.dueSlaBreaches(now, SWEEP_BATCH)) {
      const due: ('first_response' | 'resolution')[] = [];
      if (t.firstResponseDueAt && t.firstResponseDueAt <= now && !t.firstResponseBreachedAt) {
        due.push('first_response');
      }
      if (t.resolutionDueAt && t.resolutionDueAt <= now && !t.resolutionBreachedAt) {
        due.push('resolution');
      }
      for (const target of due) {
        if (!(await this.repo.markBreached(t.id, target, now))) continue;
        breached++;
        await this.queueMail(t, 'breach', target);
        if (!policies.has(t.companyId))
          policies.set(t.companyId, await this.policyFor(t.companyId));
        await this.alertChannels(t, target, policies.get(t.companyId)?.breachChannelIds ?? []);
      }
    }
    return { warned, breached };
  }

  private async queueMail(t: TicketRow, event: 'warning' | 'breach', target: SlaTarget) {
    try {
      await this.queues.enqueue(
        'tickets.notify',
        {
          companyId: t.companyId,
          actor: { userId: null, type: 'system' },
          ticketId: t.id,
          event,
          target,
        },
        { jobId: `ticket-${event}-${t.id}-${target}` },
      );
    } catch (err) {
      this.logger.warn({ err, ticketId: t.id }, `could not queue the ${event} mail`);
    }
  }

  /** The "SLA breached" alert on the monitoring channels the policy names. */
  private async alertChannels(t: TicketRow, target: SlaTarget, channelIds: string[]) {
    if (channelIds.length === 0) return;
    const due = target === 'first_response' ? t.firstResponseDueAt : t.resolutionDueAt;
    const url = `${this.config.publicUrl}/tickets/${t.id}`;
    const company = (await this.repo.companyNames([t.companyId]))[0]?.name ?? t.companyId;
    try {
      await this.alerts.notifyChannels(channelIds, t.companyId, 'sla_breach', {
        title: `SLA breached: ${TARGET_LABEL[target]} of "${t.subject}"`,
        text: `The ${TARGET_LABEL[target]} target of ticket "${t.subject}" (${company}, ${t.priority} priority) passed.`,
        link: url,
        facts: [
          { title: 'Company', value: company },
          { title: 'Priority', value: t.priority },
          { title: 'Target', value: TARGET_LABEL[target] },
          { title: 'Due', value: due?.toISOString() ?? 'earlier' },
        ],
        webhook: {
          ticket: {
            id: t.id,
            companyId: t.companyId,
            subject: t.subject,
            priority: t.priority,
            target,
            dueAt: due?.toISOString() ?? null,
            url,
          },
        },
      });
    } catch (err) {
      this.logger.warn({ err, ticketId: t.id }, 'could not queue the SLA breach alert');
    }
  }
}
