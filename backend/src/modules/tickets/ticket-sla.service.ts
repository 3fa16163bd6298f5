import { Injectable, Logger } from '@nestjs/common';
import {
  TICKET_PRIORITIES,
  type TicketSlaPolicyDto,
  type TicketSlaPolicyInput,
} from '@multpanel/contracts';
import { AccessService, forbidden } from '../../common/access/access.service';
import { ActivityService } from '../../common/audit/activity.service';
import type { Actor } from '../../common/auth/actor';
import { QueueService } from '../../common/queue/queue.service';
import type { SlaPolicy } from './ticket-sla';
import { TicketsRepository, type SlaPolicyRow } from './tickets.repository';

/** The MSP's default policy's owner key; companies without their own fall back to it. */
export const PLATFORM_SLA = 'platform';
/** How many due tickets one sweep handles (the next minute's sweep takes the rest). */
const SWEEP_BATCH = 500;

function toPolicy(row: SlaPolicyRow): SlaPolicy & Pick<TicketSlaPolicyInput, 'days' | 'holidays'> {
  return {
    targets: row.targets as unknown as SlaPolicy['targets'],
    utcOffsetMinutes: row.utcOffsetMinutes,
    days: row.days as unknown as TicketSlaPolicyInput['days'],
    holidays: (row.holidays as unknown as string[]) ?? [],
  };
}

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
  ) {}

  /** The policy a company's tickets run under: its own, else the MSP's default, else none. */
  async policyFor(companyId: string): Promise<SlaPolicy | null> {
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
    const row = await this.repo.saveSlaPolicy(companyId ?? PLATFORM_SLA, {
      targets,
      utcOffsetMinutes: input.utcOffsetMinutes,
      days: input.days,
      holidays: input.holidays,
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
   * Worker (`tickets.sla-check`, every minute): marks each target that passed as breached, once,
   * and queues the breach mail to the ticket's staff. Idempotent: a second run finds nothing.
   */
  async sweep(now = new Date()): Promise<{ breached: number }> {
    let breached = 0;
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
        try {
          await this.queues.enqueue(
            'tickets.notify',
            {
              companyId: t.companyId,
              actor: { userId: null, type: 'system' },
              ticketId: t.id,
              event: 'breach',
              target,
            },
            { jobId: `ticket-breach-${t.id}-${target}` },
          );
        } catch (err) {
          this.logger.warn({ err, ticketId: t.id }, 'could not queue the breach mail');
        }
      }
    }
    return { breached };
  }
}
