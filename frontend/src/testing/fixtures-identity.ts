import type {
  ClusterCephStatus,
  ClusterNodeLiveView,
  ClusterNodeView,
  ClusterStorageView,
  ClusterTestResult,
  ProbedFingerprint,
} from '@multpanel/contracts';

// Whole answers of the cluster, sign-in and company-settings routes, as the API gives them (each
// parses with its route's response schema in contracts); override what a test is about.

const AT = '2026-11-01T00:00:00.000Z';

/** A node of GET /api/clusters/:id/nodes (the stored row). */
export const clusterNode = (
  name: string,
  over: Partial<ClusterNodeView> = {},
): ClusterNodeView => ({
  name,
  status: 'online',
  maxcpu: 16,
  maxmemBytes: 64 * 1024 ** 3,
  maxdiskBytes: 100 * 1024 ** 3,
  goneAt: null,
  updatedAt: AT,
  ...over,
});

/** A node of GET /api/clusters/:id/nodes/live (without load: a stored row, as when not live). */
export const clusterNodeLive = (
  name: string,
  over: Partial<ClusterNodeLiveView> = {},
): ClusterNodeLiveView => ({
  ...clusterNode(name),
  cpu: null,
  memBytes: null,
  diskBytes: null,
  uptimeSec: null,
  ...over,
});

/** A row of GET /api/clusters/:id/storages. */
export const clusterStorage = (over: Partial<ClusterStorageView> = {}): ClusterStorageView => ({
  node: 'pve1',
  storage: 'local-lvm',
  type: 'lvmthin',
  content: ['images', 'rootdir'],
  shared: false,
  status: 'available',
  usedBytes: 1024 ** 3,
  totalBytes: 100 * 1024 ** 3,
  goneAt: null,
  ...over,
});

/** GET /api/clusters/:id/ceph: the health word and Proxmox's raw status. */
export const cephStatus = (health: string): ClusterCephStatus => ({
  health,
  raw: { health: { status: health } },
});

/** POST /api/clusters/probe-fingerprint (and the company one). */
export const probedFingerprint = (over: Partial<ProbedFingerprint> = {}): ProbedFingerprint => ({
  url: 'https://pve.example:8006',
  fingerprint: 'AB:'.repeat(31) + 'AB',
  subject: 'CN=pve',
  issuer: 'CN=pve',
  validFrom: '2026-01-01T00:00:00.000Z',
  validTo: '2036-01-01T00:00:00.000Z',
  selfSigned: true,
  ...over,
});

/** POST /api/clusters/test: a reachable, quorate cluster whose token holds every privilege. */
export const clusterTestResult = (over: Partial<ClusterTestResult> = {}): ClusterTestResult => ({
  ok: true,
  reachable: true,
  endpoint: 'https://pve.example:8006',
  latencyMs: 12,
  version: '9.1.2',
  clusterName: 'lab',
  quorate: true,
  nodes: [{ name: 'pve1', online: true }],
  permissions: ['Sys.Audit', 'VM.Audit', 'Datastore.Audit'],
  missingPermissions: [],
  error: null,
  errorCode: null,
  ...over,
});
