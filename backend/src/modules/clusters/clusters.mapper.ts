import type { ClusterView } from '@multpanel/contracts';
import type { ClusterRow } from './clusters.repository';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Row → API view. The encrypted secret never leaves the service layer. */
export function toClusterView(
  row: ClusterRow,
  counts: { nodes: number; guests: number; unassigned: number } = {
    nodes: 0,
    guests: 0,
    unassigned: 0,
  },
): ClusterView {
  const endpoints = (row.endpoints as Array<{ url: string; fingerprint?: string }>).map((e) => ({
    url: e.url,
    fingerprint: e.fingerprint ?? null,
  }));
  return {
    id: row.id,
    name: row.name,
    endpoints,
    fingerprint: row.fingerprint,
    hasCa: !!row.caPem,
    authType: row.authType === 'password' ? 'password' : 'token',
    authUser: row.authUser,
    location: row.location,
    tags: Array.isArray(row.tags) ? (row.tags as string[]) : [],
    allowedCompanyIds: row.allowedCompanies.map((c) => c.companyId).sort(),
    ownerCompanyId: row.ownerCompanyId,
    healthIntervalSec: row.healthIntervalSec,
    syncIntervalSec: row.syncIntervalSec,
    requestBudget: { ratePerSec: row.requestRatePerSec, burst: row.requestBurst },
    pveVersion: row.pveVersion,
    health: {
      status: row.status,
      lastCheckAt: iso(row.lastCheckAt),
      lastOkAt: iso(row.lastOkAt),
      lastError: row.lastError,
      lastLatencyMs: row.lastLatencyMs,
      successRate: row.successRate,
      avgLatencyMs: row.avgLatencyMs,
      p95LatencyMs: row.p95LatencyMs,
      quorate: row.quorate,
    },
    lastSyncAt: iso(row.lastSyncAt),
    lastSyncError: row.lastSyncError,
    counts: { nodes: counts.nodes, guests: counts.guests, unassignedGuests: counts.unassigned },
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
