import type {
  FirewallChangeDto,
  FirewallChangeStatus,
  FirewallDiffEntry,
  FirewallDto,
  FirewallOperation,
} from '@multpanel/contracts';
import type { FirewallChangeRow, FirewallRow } from './firewalls.repository';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** Never the key or the secret. */
export function toFirewallDto(
  r: FirewallRow,
  lastChangeAt?: Date,
  companyName: string | null = null,
): FirewallDto {
  return {
    id: r.id,
    companyId: r.companyId,
    companyName,
    name: r.name,
    url: r.url,
    fingerprint: r.fingerprint,
    version: r.version,
    status: r.lastError ? 'unreachable' : r.lastSeenAt ? 'online' : 'unknown',
    lastSeenAt: iso(r.lastSeenAt),
    lastError: r.lastError,
    lastChangeAt: iso(lastChangeAt),
    createdAt: r.createdAt.toISOString(),
  };
}

export function toChangeDto(r: FirewallChangeRow): FirewallChangeDto {
  return {
    id: r.id,
    firewallId: r.firewallId,
    status: r.status as FirewallChangeStatus,
    operations: r.operations as unknown as FirewallOperation[],
    diff: r.diff as unknown as FirewallDiffEntry[],
    note: r.note,
    reason: r.reason,
    durationMs: r.durationMs,
    jobId: r.jobId,
    revertOfId: r.revertOfId,
    createdAt: r.createdAt.toISOString(),
    appliedAt: iso(r.appliedAt),
  };
}
