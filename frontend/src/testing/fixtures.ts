import {
  ROLE_PERMISSIONS,
  type ClusterView,
  type CompanyView,
  type HealthResponse,
  type JobDto,
  type QuotaRequestDto,
  type Role,
  type UserView,
} from '@multpanel/contracts';
import type { SessionPayload, SessionUser } from '@/lib/session-store';

export const ACME_ID = '11111111-1111-4111-8111-111111111111';

const companies: Record<
  Role,
  { companyId: string | null; companyName: string | null; email: string }
> = {
  super_admin: { companyId: null, companyName: null, email: 'admin@demo.local' },
  salesperson: { companyId: null, companyName: null, email: 'sales@demo.local' },
  company_admin: { companyId: ACME_ID, companyName: 'Acme Corp', email: 'admin@acme.demo' },
  user: { companyId: ACME_ID, companyName: 'Acme Corp', email: 'user@acme.demo' },
};

export function userFor(role: Role): SessionUser {
  const c = companies[role];
  return { id: `u-${role}`, name: `Demo ${role}`, role, ...c };
}

/** A login/refresh `ok` answer for a demo user of the given role, permissions from the shared map. */
export function sessionFor(role: Role, accessToken = `token-${role}`): SessionPayload {
  return {
    status: 'ok',
    accessToken,
    expiresIn: 900,
    user: userFor(role),
    permissions: [...ROLE_PERMISSIONS[role]],
  };
}

export const healthyBody: HealthResponse = {
  status: 'ok',
  version: '0.1.0',
  uptimeSeconds: 3725,
  checks: {
    database: { status: 'up', latencyMs: 2 },
    redis: { status: 'up', latencyMs: 1 },
    worker: { status: 'up', lastHeartbeatAt: '2026-01-01T10:00:00.000Z' },
  },
};

export const CLUSTER_ID = '22222222-2222-4222-8222-222222222222';
export const VM_ID = '44444444-4444-4444-8444-444444444444';

/** A company admin whose company id is a real UUID (the create contracts insist on one). */
export const acmeAdminSession = () => {
  const session = sessionFor('company_admin');
  return { ...session, user: { ...session.user, companyId: ACME_ID } };
};

/** A tracked job of the Acme admin on guest VM_ID, as GET /api/jobs and `job.updated` carry it. */
export const job = (over: Partial<JobDto> = {}): JobDto => ({
  id: 'job-1',
  type: 'vm.create',
  status: 'running',
  progress: 10,
  message: null,
  companyId: ACME_ID,
  actorId: 'u-company_admin',
  guestId: VM_ID,
  clusterId: CLUSTER_ID,
  node: 'pve1',
  upid: null,
  result: null,
  error: null,
  createdAt: '2026-01-01T10:00:00.000Z',
  startedAt: '2026-01-01T10:00:01.000Z',
  finishedAt: null,
  ...over,
});

// What the API answers, whole (contracts' API_RESPONSES parse every canned answer the fake API serves):
// a fixture names only what its test is about and takes the rest from these (guests:
// features/vms/testing/vm-fixtures.ts).
const AT = '2026-01-01T10:00:00.000Z';

/** `{ items, total, page, pageSize }` as every server-paged list answers. */
export const paged = <T>(
  items: T[],
  over: { total?: number; page?: number; pageSize?: number } = {},
) => ({
  items,
  total: over.total ?? items.length,
  page: over.page ?? 1,
  pageSize: over.pageSize ?? Math.max(25, items.length),
});

export const companyView = (over: Partial<CompanyView> = {}): CompanyView => ({
  id: ACME_ID,
  name: 'Acme Corp',
  slug: 'acme-corp',
  status: 'active',
  contactName: null,
  contactEmail: null,
  contactPhone: null,
  address: null,
  notes: null,
  maxGuests: null,
  maxVcpus: null,
  maxMemoryMb: null,
  maxDiskGb: null,
  require2fa: false,
  requirePhishingResistantMfa: false,
  mayOwnClusters: false,
  suspendedAt: null,
  salespersonIds: [],
  userCount: 0,
  createdAt: AT,
  updatedAt: AT,
  ...over,
});

export const userView = (over: Partial<UserView> = {}): UserView => ({
  id: 'u-user',
  email: 'user@acme.demo',
  name: 'Demo user',
  role: 'user',
  status: 'active',
  companyId: ACME_ID,
  companyName: 'Acme Corp',
  totpEnabled: false,
  lastLoginAt: null,
  createdAt: AT,
  ...over,
});

export const quotaRequest = (over: Partial<QuotaRequestDto> = {}): QuotaRequestDto => ({
  id: 'qr1',
  companyId: ACME_ID,
  companyName: 'Acme Corp',
  requestedById: 'u-company_admin',
  requestedByName: 'Demo company_admin',
  requested: { guests: 20 },
  reason: 'new project',
  status: 'pending',
  decidedById: null,
  decidedByName: null,
  decidedAt: null,
  note: null,
  createdAt: AT,
  ...over,
});

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
