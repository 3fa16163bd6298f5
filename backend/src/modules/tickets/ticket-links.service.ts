import { Injectable } from '@nestjs/common';
import {
  Permission,
  type AlertDetail,
  type BackupRunDetail,
  type TicketCreateInput,
} from '@multpanel/contracts';
import type { AccessibleFirewall } from '../../common/access/access.repository';
import { AccessService } from '../../common/access/access.service';
import type { Actor } from '../../common/auth/actor';
import { AlertsService } from '../alerts/alerts.service';
import { BackupRunsService } from '../backups/backup-runs.service';
import { toFirewallDto } from '../firewalls/firewalls.mapper';
import { FirewallsRepository } from '../firewalls/firewalls.repository';

/** How many history lines of an alert a ticket carries (an old flapping alert has hundreds). */
const ALERT_HISTORY_LINES = 30;
/** How many of a firewall's latest failed changes a ticket carries. */
const FIREWALL_FAILED_CHANGES = 5;

/** A linked resource's owner: the ticket must be of that company (else 404 for the resource). */
export interface LinkOwner {
  what: 'Alert' | 'Backup run' | 'Firewall';
  companyId: string | null;
}

export interface ResolvedLinks {
  owners: LinkOwner[];
  context: { alert?: string[]; backupFailures?: string[]; firewall?: string[] };
}

/** The alert's rule, value and history, one line each. */
export function alertContext(a: AlertDetail): string[] {
  const value = a.value === null ? '—' : String(a.value);
  return [
    `Rule: ${a.ruleName} (${a.metric}, threshold ${a.threshold}) on ${a.targetLabel}`,
    `Value: ${value} · ${a.state} · ${a.severity} since ${a.since}`,
    ...a.events
      .slice(-ALERT_HISTORY_LINES)
      .map((e) =>
        [e.at, e.kind, e.userName, e.comment].filter((x): x is string => !!x).join(' · '),
      ),
  ];
}

/** A run's failed or missed guests with their messages. */
export function backupFailureContext(run: BackupRunDetail): string[] {
  return run.results
    .filter((r) => r.status === 'failed' || r.status === 'missed')
    .map((r) => `${r.guestName ?? 'VM'} (${r.vmid}): ${r.error ?? r.status}`);
}

/** The firewall's state and its latest failed changes (newest first) with the reasons. */
export function firewallContext(
  fw: AccessibleFirewall,
  failed: { createdAt: Date; note: string | null; reason: string | null }[],
): string[] {
  const dto = toFirewallDto(fw);
  return [
    `Firewall: ${dto.name} (${dto.url}) · OPNsense ${dto.version ?? '?'}`,
    `Status: ${dto.status} · last seen ${dto.lastSeenAt ?? 'never'}`,
    ...(fw.lastError ? [`Last error: ${fw.lastError}`] : []),
    ...failed.map(
      (c) =>
        `Change failed ${c.createdAt.toISOString()}${c.note ? ` (${c.note})` : ''}: ${c.reason ?? 'no reason given'}`,
    ),
  ];
}

/**
 * The alert, backup run and firewall a new ticket links to, read through their own services'
 * scope (another company's → 404 there) and what the ticket carries from them.
 */
@Injectable()
export class TicketLinksService {
  constructor(
    private readonly access: AccessService,
    private readonly alerts: AlertsService,
    private readonly backupRuns: BackupRunsService,
    private readonly firewalls: FirewallsRepository,
  ) {}

  async resolve(
    actor: Actor,
    input: Pick<TicketCreateInput, 'alertId' | 'backupRunId' | 'firewallId'>,
  ): Promise<ResolvedLinks> {
    // Linking needs what reading the resource needs (its own routes' permissions).
    if (input.alertId) this.access.requirePermission(actor, Permission.MonitoringRead);
    if (input.backupRunId) this.access.requirePermission(actor, Permission.BackupHistoryRead);
    if (input.firewallId) this.access.requirePermission(actor, Permission.FirewallRead);
    const [alert, run, firewall] = await Promise.all([
      input.alertId ? this.alerts.get(actor.scope, input.alertId) : null,
      input.backupRunId ? this.backupRuns.detail(actor, input.backupRunId) : null,
      input.firewallId ? this.access.requireFirewall(actor, input.firewallId, 'read') : null,
    ]);
    const owners: LinkOwner[] = [];
    const context: ResolvedLinks['context'] = {};
    if (alert) {
      owners.push({ what: 'Alert', companyId: alert.companyId });
      context.alert = alertContext(alert);
    }
    if (run) {
      owners.push({ what: 'Backup run', companyId: run.companyId });
      context.backupFailures = backupFailureContext(run);
    }
    if (firewall) {
      owners.push({ what: 'Firewall', companyId: firewall.companyId });
      const changes = await this.firewalls.changes(actor.scope, firewall.id, 50);
      context.firewall = firewallContext(
        firewall,
        changes.filter((c) => c.status === 'failed').slice(0, FIREWALL_FAILED_CHANGES),
      );
    }
    return { owners, context };
  }
}
