import { z } from 'zod';

// Clusters, inventory and unassigned guests: inputs shared by the API pipe and the SPA forms.

const FINGERPRINT_RE = /^(?:[0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}$|^[0-9A-Fa-f]{64}$/;
export const fingerprintSchema = z
  .string()
  .trim()
  .regex(FINGERPRINT_RE, 'must be a SHA-256 fingerprint (64 hex digits, colons optional)');

/** `https://host:8006`, `host:8006` or a bare host; https only. */
export const endpointUrlSchema = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .refine((v) => {
    try {
      const u = new URL(v.includes('://') ? v : `https://${v}`);
      return (
        u.protocol === 'https:' &&
        u.hostname.length > 0 &&
        (u.pathname === '/' || u.pathname === '')
      );
    } catch {
      return false;
    }
  }, 'must be an https URL or host[:port]');

export const clusterEndpointSchema = z
  .object({ url: endpointUrlSchema, fingerprint: fingerprintSchema.optional() })
  .strict();

export const PVE_TOKEN_ID_RE = /^[^\s@:!]+@[A-Za-z][A-Za-z0-9.\-_]*![A-Za-z][A-Za-z0-9.\-_]+$/;
export const PVE_USER_ID_RE = /^[^\s@:!]+@[A-Za-z][A-Za-z0-9.\-_]*$/;

/** API tokens are preferred: no login round trip, no expiry, rights narrowed per token. */
export const clusterCredentialsSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('token'),
      tokenId: z.string().trim().regex(PVE_TOKEN_ID_RE, 'must look like user@realm!tokenname'),
      secret: z.string().min(1).max(255),
    })
    .strict(),
  z
    .object({
      type: z.literal('password'),
      username: z.string().trim().regex(PVE_USER_ID_RE, 'must look like user@realm'),
      password: z.string().min(1).max(255),
    })
    .strict(),
]);
export type ClusterCredentialsInput = z.infer<typeof clusterCredentialsSchema>;

const clusterFields = {
  name: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/, 'letters, digits, space, dot, dash, underscore'),
  endpoints: z.array(clusterEndpointSchema).min(1).max(16),
  credentials: clusterCredentialsSchema,
  /** Cluster-wide default for endpoints without their own fingerprint. */
  fingerprint: fingerprintSchema.optional(),
  caPem: z.string().max(20_000).includes('BEGIN CERTIFICATE').optional(),
  location: z.string().trim().max(191).optional(),
  tags: z.array(z.string().trim().min(1).max(32)).max(32).default([]),
  allowedCompanyIds: z.array(z.uuid()).max(1000).default([]),
  healthIntervalSec: z.int().min(10).max(3600).default(30),
  syncIntervalSec: z.int().min(15).max(86_400).default(60),
  /** Request budget shared by every platform process (default 10/s, burst 20; see ClusterView). */
  requestRatePerSec: z.int().min(1).max(1000).optional(),
  requestBurst: z.int().min(1).max(10_000).optional(),
};

function trusted(v: {
  endpoints?: Array<{ fingerprint?: string }>;
  fingerprint?: string;
  caPem?: string;
}) {
  if (v.caPem || v.fingerprint || !v.endpoints) return true;
  return v.endpoints.every((e) => !!e.fingerprint);
}
const TRUST_MESSAGE = {
  message: 'each endpoint needs a confirmed certificate fingerprint (or give a CA certificate)',
  path: ['endpoints'],
};

export const createClusterSchema = z.object(clusterFields).strict().refine(trusted, TRUST_MESSAGE);
export type CreateClusterInput = z.infer<typeof createClusterSchema>;

export const updateClusterSchema = z
  .object({
    ...clusterFields,
    tags: clusterFields.tags.unwrap(),
    allowedCompanyIds: clusterFields.allowedCompanyIds.unwrap(),
    healthIntervalSec: clusterFields.healthIntervalSec.unwrap(),
    syncIntervalSec: clusterFields.syncIntervalSec.unwrap(),
  })
  .extend({
    /** Staff only: make it a company's dedicated cluster (null: an MSP cluster again). */
    ownerCompanyId: z.uuid().nullable(),
  })
  .partial()
  .strict();
export type UpdateClusterInput = z.infer<typeof updateClusterSchema>;

/** Dedicated clusters one company may own (seed 004: "up to 50 per tenant"). */
export const MAX_OWNED_CLUSTERS = 50;

/** A company's own cluster (POST /api/companies/:companyId/clusters): no allow-list, it is theirs. */
export const createOwnedClusterSchema = z
  .object(clusterFields)
  .omit({ allowedCompanyIds: true })
  .strict()
  .refine(trusted, TRUST_MESSAGE);
export type CreateOwnedClusterInput = z.infer<typeof createOwnedClusterSchema>;

export const updateOwnedClusterSchema = z
  .object({
    ...clusterFields,
    tags: clusterFields.tags.unwrap(),
    healthIntervalSec: clusterFields.healthIntervalSec.unwrap(),
    syncIntervalSec: clusterFields.syncIntervalSec.unwrap(),
  })
  .omit({ allowedCompanyIds: true })
  .partial()
  .strict();
export type UpdateOwnedClusterInput = z.infer<typeof updateOwnedClusterSchema>;

/** Try credentials before saving (add-cluster wizard). */
export const testClusterInputSchema = z
  .object({
    endpoints: clusterFields.endpoints,
    credentials: clusterCredentialsSchema,
    fingerprint: fingerprintSchema.optional(),
    caPem: clusterFields.caPem,
  })
  .strict()
  .refine(trusted, TRUST_MESSAGE);
export type TestClusterInput = z.infer<typeof testClusterInputSchema>;

export const probeFingerprintSchema = z.object({ url: endpointUrlSchema }).strict();
export type ProbeFingerprintInput = z.infer<typeof probeFingerprintSchema>;

export const bulkClusterTestSchema = z
  .object({ clusterIds: z.array(z.uuid()).min(1).max(500) })
  .strict();
export type BulkClusterTestInput = z.infer<typeof bulkClusterTestSchema>;
/** One row of POST /api/bulk-clusters/test-connection: a result, or why the test failed. */
export interface BulkClusterTestRow {
  clusterId: string;
  name: string | null;
  result: ClusterTestResult | null;
  error: string | null;
}

/**
 * CSV columns (header row required): name, endpoints (`;`-separated URLs), token_id, token_secret,
 * fingerprint, location, tags (`;`-separated). Alternatively username + password instead of a token.
 */
export const CLUSTER_CSV_COLUMNS = [
  'name',
  'endpoints',
  'token_id',
  'token_secret',
  'username',
  'password',
  'fingerprint',
  'location',
  'tags',
] as const;

export const clusterCsvImportSchema = z
  .object({ csv: z.string().min(1).max(2_000_000), dryRun: z.boolean().default(true) })
  .strict();
export type ClusterCsvImportInput = z.infer<typeof clusterCsvImportSchema>;

export const importGuestsSchema = z
  .object({ guestIds: z.array(z.uuid()).min(1).max(10_000), companyId: z.uuid() })
  .strict();
export type ImportGuestsInput = z.infer<typeof importGuestsSchema>;

export const unassignedGuestsQuerySchema = z
  .object({
    clusterId: z.uuid().optional(),
    search: z.string().trim().max(100).optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(500).default(50),
  })
  .strict();
export type UnassignedGuestsQuery = z.infer<typeof unassignedGuestsQuerySchema>;

// --- responses ------------------------------------------------------------------------------

export type ClusterStatus = 'unknown' | 'online' | 'degraded' | 'offline';

export interface ClusterHealthSummary {
  status: ClusterStatus;
  lastCheckAt: string | null;
  lastOkAt: string | null;
  lastError: string | null;
  lastLatencyMs: number | null;
  successRate: number | null;
  avgLatencyMs: number | null;
  p95LatencyMs: number | null;
  quorate: boolean | null;
}

/** What the platform may send a cluster: every API and worker process together. */
export interface ClusterRequestBudget {
  ratePerSec: number;
  burst: number;
}

/** Proxmox requests the platform sent a cluster (all processes), counted per minute. */
export interface ClusterRequestRate {
  /** Requests in the last complete minute… */
  lastMinute: number;
  /** …of which made for a person (API calls, VM jobs)… */
  interactive: number;
  /** …and of which sweeps (inventory sync, health checks, template scans). */
  background: number;
  /** Requests so far in the running minute. */
  currentMinute: number;
}

/** `GET /api/clusters/:id/request-rate`: requests per minute over the last hour, oldest first. */
export interface ClusterRequestRatePoint {
  at: string;
  interactive: number;
  background: number;
}

export interface ClusterView {
  id: string;
  name: string;
  endpoints: Array<{ url: string; fingerprint: string | null }>;
  fingerprint: string | null;
  hasCa: boolean;
  authType: 'token' | 'password';
  /** Token id or user name; the secret is never returned. */
  authUser: string;
  location: string | null;
  tags: string[];
  allowedCompanyIds: string[];
  /** The company whose dedicated cluster this is; null = an MSP cluster. */
  ownerCompanyId: string | null;
  healthIntervalSec: number;
  syncIntervalSec: number;
  pveVersion: string | null;
  health: ClusterHealthSummary;
  lastSyncAt: string | null;
  lastSyncError: string | null;
  counts: { nodes: number; guests: number; unassignedGuests: number };
  // Always set by the API; optional in the type only until the SPA's fixtures carry them.
  requestBudget?: ClusterRequestBudget;
  requestRate?: ClusterRequestRate;
  createdAt: string;
  updatedAt: string;
}

export interface ClusterTestResult {
  ok: boolean;
  reachable: boolean;
  endpoint: string | null;
  latencyMs: number | null;
  version: string | null;
  clusterName: string | null;
  quorate: boolean | null;
  nodes: Array<{ name: string; online: boolean }>;
  /** Privileges the credentials hold on `/` (empty when they could not be read). */
  permissions: string[];
  missingPermissions: string[];
  error: string | null;
  errorCode: string | null;
}

export interface ProbedFingerprint {
  url: string;
  fingerprint: string;
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  selfSigned: boolean;
}

export interface ClusterCsvRowResult {
  line: number;
  name: string | null;
  ok: boolean;
  problems: string[];
  clusterId?: string;
}

export interface ClusterCsvImportResult {
  dryRun: boolean;
  total: number;
  valid: number;
  created: number;
  rows: ClusterCsvRowResult[];
}

export interface GuestView {
  id: string;
  clusterId: string;
  clusterName: string;
  vmid: number;
  kind: 'qemu' | 'lxc';
  name: string | null;
  status: string;
  node: string;
  maxcpu: number | null;
  maxmemBytes: number | null;
  maxdiskBytes: number | null;
  tags: string[];
  pool: string | null;
  template: boolean;
  lock: string | null;
  companyId: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  goneAt: string | null;
}

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface ImportGuestsResult {
  imported: number;
  guestIds: string[];
  /** The imported guests' known addresses and what IPAM made of them (see ImportedGuestAddress). */
  addresses: ImportedGuestAddress[];
}

/**
 * An address an imported guest uses (its config's LXC `ip=`/QEMU `ipconfigN`, or its guest agent):
 * `recorded` as an allocation to the guest in a range of the company (or the shared pool);
 * `unknown` when no such range holds it; `taken` when IPAM already has the address for someone else.
 */
export interface ImportedGuestAddress {
  guestId: string;
  nic: number | null;
  address: string;
  source: 'config' | 'agent';
  outcome: 'recorded' | 'unknown' | 'taken';
  rangeId: string | null;
  rangeName: string | null;
  /** taken: why (the 409's message). */
  message: string | null;
}

/** WebSocket `{ type: 'cluster.health', payload }` when a cluster's status changes. */
export interface ClusterHealthEvent {
  clusterId: string;
  name: string;
  status: ClusterStatus;
  previousStatus: ClusterStatus;
  lastError: string | null;
  latencyMs: number | null;
  at: string;
}

export interface ClusterNodeView {
  name: string;
  status: string;
  maxcpu: number | null;
  maxmemBytes: number | null;
  maxdiskBytes: number | null;
  goneAt: string | null;
  updatedAt: string;
}

/** A node with its current load, read live from Proxmox (`GET /cluster/resources?type=node`). */
export interface ClusterNodeLiveView extends ClusterNodeView {
  /** CPU load 0..1 of `maxcpu`; null when not read live or the node is offline. */
  cpu: number | null;
  memBytes: number | null;
  diskBytes: number | null;
  uptimeSec: number | null;
}

/**
 * `GET /api/clusters/:id/nodes/live`. `live: false` means Proxmox could not be read (the cluster is
 * offline or did not answer): `nodes` are then the last known rows of the inventory, without load.
 */
export interface ClusterNodesLive {
  live: boolean;
  /** Why the nodes are not live (null when they are). */
  error: string | null;
  /** When the load was read from Proxmox; null when not live. */
  readAt: string | null;
  nodes: ClusterNodeLiveView[];
}

export interface ClusterStorageView {
  node: string;
  storage: string;
  type: string | null;
  content: string[];
  shared: boolean;
  status: string | null;
  usedBytes: number | null;
  totalBytes: number | null;
  goneAt: string | null;
}

/** GET /api/clusters/:id/ceph (404 when the cluster has no Ceph). */
export interface ClusterCephStatus {
  health: string | null;
  raw: Record<string, unknown>;
}
/** 202 of POST /api/clusters/:id/sync: an inventory sync was queued. */
export interface ClusterSyncQueued {
  queued: true;
}

export interface ClusterHealthPoint {
  at: string;
  ok: boolean;
  latencyMs: number | null;
  error: string | null;
}
