import { useQuery } from '@tanstack/react-query';
import type { AlertDetail, BackupRunDetail, FirewallDto } from '@multpanel/contracts';
import { api } from '@/lib/api-client';

export interface TicketPrefill {
  subject: string;
  description: string;
}

/** Subject and description from an alert: its rule, value and history lines. */
export function alertPrefill(a: AlertDetail): TicketPrefill {
  const value = a.value === null ? '—' : String(a.value);
  return {
    subject: `Alert: ${a.ruleName} on ${a.targetLabel}`.slice(0, 200),
    description: [
      `Rule: ${a.ruleName} (${a.metric}, threshold ${a.threshold})`,
      `Value: ${value} · ${a.state} · ${a.severity} since ${a.since}`,
      '',
      ...a.events.map((e) => [e.at, e.kind, e.userName, e.comment].filter(Boolean).join(' · ')),
    ].join('\n'),
  };
}

/** Subject and description from a backup run: its failed or missed guests' messages. */
export function backupRunPrefill(run: BackupRunDetail): TicketPrefill {
  const failed = run.results.filter((r) => r.status === 'failed' || r.status === 'missed');
  return {
    subject: `Backup run of ${run.plannedAt.slice(0, 16).replace('T', ' ')}: ${run.status}`,
    description: failed
      .map((r) => `${r.guestName ?? 'VM'} (${r.vmid}): ${r.error ?? r.status}`)
      .join('\n'),
  };
}

/** Subject and description from a firewall: its state and last error (failed changes: server). */
export function firewallPrefill(fw: FirewallDto): TicketPrefill {
  return {
    subject: `Firewall ${fw.name}: ${fw.status}`.slice(0, 200),
    description: [
      `Firewall: ${fw.name} (${fw.url}) · OPNsense ${fw.version ?? '?'}`,
      `Status: ${fw.status} · last seen ${fw.lastSeenAt ?? 'never'}`,
      ...(fw.lastError ? [`Last error: ${fw.lastError}`] : []),
    ].join('\n'),
  };
}

/**
 * What "Open a ticket" from an alert, a backup run or a firewall fills in (null: nothing to fill in).
 * `ready` turns true once it is known, so the form starts with it.
 */
export function useTicketPrefill(links: {
  alertId?: string;
  backupRunId?: string;
  firewallId?: string;
}) {
  const { alertId, backupRunId, firewallId } = links;
  const q = useQuery({
    queryKey: ['tickets', 'prefill', alertId ?? null, backupRunId ?? null, firewallId ?? null],
    queryFn: async (): Promise<TicketPrefill | null> => {
      if (alertId) {
        return alertPrefill(await api.get<AlertDetail>(`/alerts/${encodeURIComponent(alertId)}`));
      }
      if (backupRunId) {
        const run = await api.get<BackupRunDetail>(
          `/backup-history/${encodeURIComponent(backupRunId)}`,
        );
        return backupRunPrefill(run);
      }
      if (firewallId) {
        return firewallPrefill(
          await api.get<FirewallDto>(`/firewalls/${encodeURIComponent(firewallId)}`),
        );
      }
      return null;
    },
    enabled: !!(alertId || backupRunId || firewallId),
    retry: false,
  });
  // An unreadable resource leaves the form empty; the server answers for the link itself.
  const ready = !(alertId || backupRunId || firewallId) || q.isSuccess || q.isError;
  return { prefill: q.data ?? null, ready };
}
