import type {
  GuestView,
  JobDto,
  MediaDto,
  PlacementCluster,
  PlacementNode,
  PlacementResources,
  PlacementStorage,
  VmGrantEntry,
  VmJobAccepted,
  VmMigrateTargets,
} from '@multpanel/contracts';
import { CLUSTER_ID, VM_ID, job } from './fixtures';

// Whole answers of the guest routes (contracts' API_RESPONSES parse every canned answer the fake
// API serves): a test names only what it is about and takes the rest from these. Guests
// themselves (vmSummary, vmDetail, template): features/vms/testing/vm-fixtures.ts.

const AT = '2026-01-01T10:00:00.000Z';

/** A guest found on Proxmox that no company owns yet (GET /api/guests/unassigned). */
export const guestView = (over: Partial<GuestView> = {}): GuestView => ({
  id: VM_ID,
  clusterId: CLUSTER_ID,
  clusterName: 'demo',
  vmid: 101,
  kind: 'qemu',
  name: 'web-1',
  status: 'running',
  node: 'pve1',
  maxcpu: 2,
  maxmemBytes: 2 * 1024 ** 3,
  maxdiskBytes: 32 * 1024 ** 3,
  tags: [],
  pool: null,
  template: false,
  lock: null,
  companyId: null,
  firstSeenAt: AT,
  lastSeenAt: AT,
  goneAt: null,
  ...over,
});

/** The 202 of every job-producing guest route: `{ job, vmId }`. */
export const vmJobAccepted = (over: Partial<JobDto> = {}, vmId = VM_ID): VmJobAccepted => ({
  job: job({ guestId: vmId, ...over }),
  vmId,
});

export const placementCluster = (over: Partial<PlacementCluster> = {}): PlacementCluster => ({
  id: CLUSTER_ID,
  name: 'demo',
  status: 'online',
  ...over,
});

export const placementStorage = (over: Partial<PlacementStorage> = {}): PlacementStorage => ({
  storage: 'local-lvm',
  type: 'lvmthin',
  shared: false,
  content: ['images', 'rootdir'],
  availBytes: 500 * 1024 ** 3,
  totalBytes: 1024 ** 4,
  ...over,
});

export const placementNode = (over: Partial<PlacementNode> = {}): PlacementNode => ({
  node: 'pve1',
  online: true,
  storages: [placementStorage()],
  bridges: [{ iface: 'vmbr0', vlanAware: true, comment: null }],
  ...over,
});

export const placementResources = (over: Partial<PlacementResources> = {}): PlacementResources => ({
  clusterId: CLUSTER_ID,
  nodes: [placementNode()],
  guestNetwork: null,
  ...over,
});

export const media = (over: Partial<MediaDto> = {}): MediaDto => ({
  volid: 'local:iso/debian-12.iso',
  kind: 'iso',
  storage: 'local',
  node: 'pve1',
  size: 600 * 1024 ** 2,
  ...over,
});

export const migrateTargets = (over: Partial<VmMigrateTargets> = {}): VmMigrateTargets => ({
  node: 'pve1',
  running: true,
  targets: [{ node: 'pve2', allowed: true, reasons: [] }],
  localDisks: [],
  localResources: [],
  onlineBlockers: [],
  ...over,
});

export const vmGrant = (over: Partial<VmGrantEntry> = {}): VmGrantEntry => ({
  userId: 'u-user',
  email: 'user@acme.demo',
  name: 'Demo user',
  rights: ['view'],
  ...over,
});
