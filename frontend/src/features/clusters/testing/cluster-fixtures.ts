import type { ClusterView } from '../api/types';

/** A cluster as GET /api/clusters lists it; override what a test is about. */
export function clusterView(
  over: Partial<ClusterView> & { id: string; name: string },
): ClusterView {
  return {
    endpoints: [{ url: `https://${over.name}.example:8006`, fingerprint: null }],
    fingerprint: null,
    hasCa: false,
    authType: 'token',
    authUser: 'multpanel@pve!sync',
    location: null,
    tags: [],
    allowedCompanyIds: [],
    ownerCompanyId: null,
    healthIntervalSec: 30,
    syncIntervalSec: 60,
    pveVersion: '9.1.2',
    lastSyncAt: null,
    lastSyncError: null,
    counts: { nodes: 3, guests: 40, unassignedGuests: 2 },
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    ...over,
    health: {
      status: 'online',
      lastCheckAt: new Date().toISOString(),
      lastOkAt: new Date().toISOString(),
      lastError: null,
      lastLatencyMs: 12,
      successRate: 1,
      avgLatencyMs: 11,
      p95LatencyMs: 20,
      quorate: true,
      ...over.health,
    },
  };
}
