import { z } from 'zod';
import { CIDR_ERROR_MESSAGES, parseCidr, parseIp, type IpFamily } from './ipam-address';
import type { JobDto } from './jobs-api';

export * from './ipam-address';

// IPAM: IP ranges (a company's, or the MSP's shared pool), their addresses (allocated to a guest NIC
// or another purpose, reserved with a note, or held after release) and each address's history.

const page = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
};

export const ipSchema = z
  .string()
  .trim()
  .max(45)
  .refine((v) => parseIp(v) !== null, 'not an IPv4 or IPv6 address');

export const cidrSchema = z
  .string()
  .trim()
  .max(50)
  .superRefine((v, ctx) => {
    const c = parseCidr(v);
    if (typeof c === 'string') ctx.addIssue({ code: 'custom', message: CIDR_ERROR_MESSAGES[c] });
  });

const searchDomain = z
  .string()
  .trim()
  .max(253)
  .regex(/^(?=.{1,253}$)([a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.?)+$/, 'not a DNS domain');

export const IP_PURPOSES = ['guest', 'firewall', 'gateway', 'device', 'other'] as const;
export type IpPurpose = (typeof IP_PURPOSES)[number];
export const IP_ADDRESS_STATUSES = ['allocated', 'reserved', 'held'] as const;
export type IpAddressStatus = (typeof IP_ADDRESS_STATUSES)[number];
/** The address table's filter: the stored states and `free` (computed from the free runs). */
export const IP_ADDRESS_FILTERS = ['free', ...IP_ADDRESS_STATUSES] as const;
export type IpAddressFilter = (typeof IP_ADDRESS_FILTERS)[number];

/** Seconds a released guest address stays held before it can be handed out again. */
export const DEFAULT_HOLD_SECONDS = 3600;

const rangeFields = {
  name: z.string().trim().min(1).max(100),
  vlan: z.number().int().min(1).max(4094).nullable().optional(),
  gateway: ipSchema.nullable().optional(),
  dnsServers: z.array(ipSchema).max(8).optional(),
  searchDomain: searchDomain.nullable().optional(),
  /** Clusters where the range applies; empty = every cluster. */
  clusterIds: z.array(z.uuid()).max(100).optional(),
  holdSeconds: z
    .number()
    .int()
    .min(0)
    .max(90 * 86_400)
    .optional(),
  note: z.string().trim().max(2000).nullable().optional(),
  /**
   * Bind the range to a Proxmox SDN VNet of its one cluster (null unbinds): the platform creates or
   * updates the VNet's subnet for the CIDR and gateway and applies SDN (a tracked job); guests on
   * the range get `bridge=<vnet>` with no VLAN tag (the VNet carries it).
   */
  sdn: z
    .object({
      vnet: z
        .string()
        .trim()
        .regex(/^[a-z][a-z0-9]{0,7}$/i, 'a VNet id: a letter, then up to 7 letters or digits'),
    })
    .strict()
    .nullable()
    .optional(),
};

export const createIpRangeSchema = z
  .object({
    ...rangeFields,
    cidr: cidrSchema,
    /** Owner; null or absent = the MSP's shared pool (super_admin only). */
    companyId: z.uuid().nullable().optional(),
    /** Allocation window; defaults skip the network and broadcast addresses. */
    firstUsable: ipSchema.optional(),
    lastUsable: ipSchema.optional(),
  })
  .strict();
export type CreateIpRangeInput = z.infer<typeof createIpRangeSchema>;

export const updateIpRangeSchema = z.object(rangeFields).partial().strict();
export type UpdateIpRangeInput = z.infer<typeof updateIpRangeSchema>;

export const ipRangeListQuerySchema = z
  .object({
    ...page,
    search: z.string().trim().max(100).optional(),
    companyId: z.uuid().optional(),
    /** Only the MSP's shared ranges. */
    shared: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional(),
    clusterId: z.uuid().optional(),
  })
  .strict();
export type IpRangeListQuery = z.infer<typeof ipRangeListQuerySchema>;

export const ipAddressListQuerySchema = z
  .object({
    ...page,
    status: z.enum(IP_ADDRESS_FILTERS).optional(),
    /** Address prefix ("10.0.1.") or words of the hostname/note. */
    search: z.string().trim().max(100).optional(),
    /**
     * Keyset paging: the previous page's `nextCursor`; the page starts right after it (same
     * filters). A deep page costs what the first one does. Instead of `page`, not with it.
     */
    cursor: z
      .string()
      .regex(/^\d{1,39}$/, 'not a cursor of this list: pass back a nextCursor')
      .optional(),
  })
  .strict()
  .refine((q) => q.cursor === undefined || q.page === 1, {
    path: ['cursor'],
    message: 'give either page or cursor, not both',
  });
export type IpAddressListQuery = z.infer<typeof ipAddressListQuerySchema>;

/**
 * A page of a range's address table. `nextCursor` continues after its last address (null on the
 * last page); with a cursor, `page` is 1 (the position is the cursor's, not a page number).
 */
export interface IpAddressPage {
  items: IpAddressView[];
  total: number;
  page: number;
  pageSize: number;
  nextCursor: string | null;
}

export const allocateIpSchema = z
  .object({
    /** A chosen static address; absent = the next free one. */
    address: ipSchema.optional(),
    /** Defaults to `guest` with a guestId, else `other`. */
    purpose: z.enum(IP_PURPOSES).optional(),
    guestId: z.uuid().optional(),
    nic: z.number().int().min(0).max(31).optional(),
    /** Holder company (staff allocating in a shared range); defaults to the range's or caller's. */
    companyId: z.uuid().optional(),
    hostname: z.string().trim().max(253).optional(),
    note: z.string().trim().max(500).optional(),
  })
  .strict();
export type AllocateIpInput = z.infer<typeof allocateIpSchema>;

export const reserveIpSchema = z
  .object({
    address: ipSchema.optional(),
    companyId: z.uuid().optional(),
    note: z.string().trim().min(1).max(500),
  })
  .strict();
export type ReserveIpInput = z.infer<typeof reserveIpSchema>;

export const releaseIpSchema = z
  .object({
    /** Skip the hold period (staff): the address is free at once. */
    immediate: z.boolean().optional(),
  })
  .strict();
export type ReleaseIpInput = z.infer<typeof releaseIpSchema>;

/**
 * PUT /api/vms/:id/nics/:nic/address (ipam.manage): staff move a guest NIC to another address — a
 * chosen one in the range, or its next free one. The old address is released (after the hold),
 * the new one written into the guest (QEMU `ipconfigN`, LXC `netN`), with the range's VLAN tag.
 */
export const changeNicAddressSchema = z
  .object({
    rangeId: z.uuid(),
    /** A chosen address in the range; absent = the next free one. */
    address: ipSchema.optional(),
  })
  .strict();
export type ChangeNicAddressInput = z.infer<typeof changeNicAddressSchema>;

export interface IpRangeUsage {
  /** Addresses in the allocation window. */
  size: number;
  allocated: number;
  reserved: number;
  held: number;
  free: number;
}

export interface IpRangeSdnView {
  vnet: string;
  zone: string | null;
  /** The subnet's id on Proxmox (`<zone>-<network>-<prefix>`), once written. */
  subnet: string | null;
  /** pending: the sync job has not finished; failed: see `error`. */
  state: 'pending' | 'applied' | 'failed';
  error: string | null;
  jobId: string | null;
}

/** GET /api/ipam/clusters/:clusterId/sdn-vnets (ipam.manage): the VNets a range may bind to. */
export interface SdnVnetView {
  vnet: string;
  zone: string;
  tag: number | null;
  alias: string | null;
}

export interface IpRangeView {
  id: string;
  name: string;
  family: IpFamily;
  cidr: string;
  prefixLength: number;
  companyId: string | null;
  companyName: string | null;
  vlan: number | null;
  gateway: string | null;
  dnsServers: string[];
  searchDomain: string | null;
  firstUsable: string;
  lastUsable: string;
  holdSeconds: number;
  clusterIds: string[];
  note: string | null;
  /** Proxmox SDN binding; null: none. */
  sdn: IpRangeSdnView | null;
  usage: IpRangeUsage;
  createdAt: string;
  updatedAt: string;
}

export interface IpAddressView {
  /** Null for a free address (no row). */
  id: string | null;
  rangeId: string;
  address: string;
  status: IpAddressStatus | 'free';
  purpose: IpPurpose | null;
  companyId: string | null;
  guestId: string | null;
  guestName: string | null;
  nic: number | null;
  hostname: string | null;
  note: string | null;
  allocatedAt: string | null;
  holdUntil: string | null;
}

export const IP_EVENT_ACTIONS = ['allocate', 'reserve', 'release', 'reclaim'] as const;
export type IpEventAction = (typeof IP_EVENT_ACTIONS)[number];

export interface IpAddressEventView {
  id: string;
  action: IpEventAction;
  address: string;
  companyId: string | null;
  guestId: string | null;
  nic: number | null;
  purpose: IpPurpose | null;
  actorId: string | null;
  note: string | null;
  at: string;
}

export interface IpAddressDetail extends IpAddressView {
  rangeName: string;
  history: IpAddressEventView[];
}

// --- conflict sweeps -------------------------------------------------------------------------------
// POST /api/ipam/clusters/:clusterId/conflict-sweeps → 202 IpamSweepAccepted (cluster.manage)
// GET  /api/ipam/clusters/:clusterId/conflict-sweeps/latest → IpamSweepDto (404 before the first)

export const IPAM_SWEEP_FINDING_KINDS = [
  'conflict',
  'unknown',
  'duplicate',
  'sdn_tag_mismatch',
] as const;
export type IpamSweepFindingKind = (typeof IPAM_SWEEP_FINDING_KINDS)[number];

/**
 * One address a guest uses that IPAM disagrees with, or (sdn_tag_mismatch) a range whose SDN VNet
 * Proxmox now tags differently from when the range was bound.
 */
export interface IpamSweepFinding {
  /** conflict: IPAM holds it for someone else (or reserved/held); unknown: in a range, no row;
   * duplicate: several guests use it; sdn_tag_mismatch: the range's VNet was re-tagged. */
  kind: IpamSweepFindingKind;
  /** the address (sdn_tag_mismatch: the range's CIDR) */
  address: string;
  /** the guest using it (null for sdn_tag_mismatch) */
  vmid: number | null;
  guestId: string | null;
  guestName: string | null;
  rangeId: string | null;
  rangeName: string | null;
  ipamAddressId: string | null;
  ipamStatus: string | null;
  ipamGuestId: string | null;
  alsoVmids: number[];
  /** sdn_tag_mismatch: the VNet, its VLAN tag now and when the range was bound (null: untagged) */
  sdn: { vnet: string; tag: number | null; boundTag: number | null } | null;
}

export interface IpamSweepDto {
  id: string;
  clusterId: string;
  status: 'running' | 'done' | 'failed';
  jobId: string | null;
  /** Running VMs whose guest agent answered, and those it could not ask (no agent, not running). */
  guestsChecked: number;
  guestsSkipped: number;
  findings: IpamSweepFinding[];
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

export interface IpamSweepAccepted {
  sweepId: string;
  job: JobDto;
}

/**
 * GET /api/ipam/conflicts (cluster.manage): the findings of each cluster's latest finished sweep,
 * filtered server-side by cluster, range and kind, paged. A foreign cluster or range is 404.
 */
export const ipamConflictsQuerySchema = z
  .object({
    ...page,
    clusterId: z.uuid().optional(),
    rangeId: z.uuid().optional(),
    kind: z.enum(IPAM_SWEEP_FINDING_KINDS).optional(),
  })
  .strict();
export type IpamConflictsQuery = z.infer<typeof ipamConflictsQuerySchema>;

export interface IpamConflictRow extends IpamSweepFinding {
  clusterId: string;
  clusterName: string;
  sweepId: string;
  sweptAt: string;
}

export interface IpamConflictPage {
  items: IpamConflictRow[];
  total: number;
  page: number;
  pageSize: number;
}

// --- VLAN pools and assignments ----------------------------------------------------------------------
// GET    /api/ipam/clusters/:clusterId/vlan-pools  → VlanPoolView[]            (cluster.manage)
// POST   /api/ipam/clusters/:clusterId/vlan-pools  CreateVlanPoolInput → VlanPoolView (cluster.manage)
// DELETE /api/ipam/vlan-pools/:id                  → 204; 409 while a tag is assigned (cluster.manage)
// GET    /api/ipam/companies/:companyId/vlans      → VlanAssignmentView[]      (ipam.read)
// POST   /api/ipam/companies/:companyId/vlans      AssignVlanInput → VlanAssignmentView (ipam.manage)
// DELETE /api/ipam/companies/:companyId/vlans/:id  → 204                       (ipam.manage)
// A company's guests may only carry VLAN tags assigned to it (or to the MSP) on clusters with pools.

const vlanTag = z.number().int().min(1, 'VLAN must be 1..4094').max(4094, 'VLAN must be 1..4094');

export const createVlanPoolSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    vlanFrom: vlanTag,
    vlanTo: vlanTag,
    note: z.string().trim().max(500).nullable().optional(),
  })
  .strict()
  .refine((v) => v.vlanFrom <= v.vlanTo, {
    path: ['vlanTo'],
    message: 'the last tag comes before the first',
  });
export type CreateVlanPoolInput = z.infer<typeof createVlanPoolSchema>;

export const assignVlanSchema = z
  .object({
    clusterId: z.uuid(),
    /** A chosen tag of one of the cluster's pools; without it, the lowest free one. */
    vlan: vlanTag.optional(),
    note: z.string().trim().max(500).nullable().optional(),
  })
  .strict();
export type AssignVlanInput = z.infer<typeof assignVlanSchema>;

export interface VlanPoolView {
  id: string;
  clusterId: string;
  name: string;
  vlanFrom: number;
  vlanTo: number;
  note: string | null;
  /** Tags of the pool assigned to a company or the MSP. */
  assigned: number;
  size: number;
  createdAt: string;
}

export interface VlanAssignmentView {
  id: string;
  poolId: string;
  poolName: string | null;
  clusterId: string;
  clusterName: string | null;
  vlan: number;
  companyId: string | null;
  purpose: string;
  note: string | null;
  createdAt: string;
}
