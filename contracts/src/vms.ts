import { z } from 'zod';
import { VM_RIGHTS, type VmRight } from './permissions';
import { parseIp } from './ipam-address';
import type { JobDto } from './jobs-api';

// Virtual machines (qemu) and containers (lxc): list/detail shapes and every input schema.
//
// Answers (all scoped; a foreign or ungranted id is 404, a visible guest without the right is 403):
//   GET  /api/vms → VmPage · GET /api/vms/:id → VmDetail · GET /api/vms/:id/rrd → VmRrdPoint[]
//   POST /api/vms → 202 VmJobAccepted (Idempotency-Key: same key + same user → same job and guest)
//   PUT  /api/vms/:id → 200 VmDetail, or 202 VmJobAccepted when a disk grows (resize task)
//   DELETE /api/vms/:id?confirm=<name>&purge=1 · POST /api/vms/:id/control|migrate|template
//   POST/DELETE snapshots, POST snapshots/:name/rollback → 202 VmJobAccepted
//   GET /api/vms/:id/snapshots → VmSnapshot[] · POST /api/vms/bulk → 200 BulkVmResult
//   POST /api/vms/bulk-create → 202 BulkCreateVmResult (N guests from one form, a job each)
//   GET/PUT /api/vms/:id/grants → VmGrantEntry[] (PUT body: [{ userId, rights }], replaces all)
//   Templates: POST /api/templates/scan → 202 { job } · GET /api/media?clusterId → MediaDto[]
//   GET /api/vms/placement/pci-mappings?clusterId&companyId → PciMappingView[] (needs vm.create)
//   GET /api/vms/placement/clusters?companyId → PlacementCluster[] · GET /api/vms/placement/resources
//   ?clusterId&companyId → PlacementResources (nodes, storages, bridges; both need vm.create)
//   GET /api/vms/:id/migrate-targets → VmMigrateTargets (same right as migrate)
// Error codes: QUOTA_EXCEEDED (409, details { limit, max, used, requested }), DISK_SHRINK (400),
// CONFIRM_MISMATCH (400), VM_LOCKED (409), NODE_OFFLINE (409), VALIDATION_FAILED (400).

export const GUEST_KINDS = ['qemu', 'lxc'] as const;
export type VmKind = (typeof GUEST_KINDS)[number];

export interface VmSummary {
  id: string;
  vmid: number;
  kind: VmKind;
  name: string | null;
  /** running | stopped | paused | creating | unknown */
  status: string;
  companyId: string | null;
  companyName: string | null;
  clusterId: string;
  clusterName: string;
  node: string;
  cpus: number | null;
  /** bytes */
  maxmem: number | null;
  /** bytes */
  maxdisk: number | null;
  tags: string[];
  template: boolean;
  lock?: string | null;
  updatedAt: string;
}

export interface VmPage {
  items: VmSummary[];
  total: number;
  page: number;
  pageSize: number;
}

export const VM_SORTS = [
  'name',
  '-name',
  'status',
  '-status',
  'vmid',
  '-vmid',
  'createdAt',
  '-createdAt',
] as const;

export const vmListQuerySchema = z
  .object({
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(500).default(50),
    sort: z.enum(VM_SORTS).default('name'),
    type: z.enum(GUEST_KINDS).optional(),
    companyId: z.string().uuid().optional(),
    clusterId: z.string().uuid().optional(),
    node: z.string().max(64).optional(),
    status: z.string().max(16).optional(),
    tag: z.string().max(64).optional(),
    search: z.string().max(100).optional(),
  })
  .strict();
export type VmListQuery = z.infer<typeof vmListQuerySchema>;

export interface VmLiveStatus {
  status: string;
  uptime: number;
  cpu: number;
  cpus: number | null;
  mem: number;
  maxmem: number;
  disk: number;
  maxdisk: number;
  netin: number;
  netout: number;
  qmpstatus?: string;
}

export interface VmDisk {
  key: string;
  storage: string | null;
  sizeGb: number | null;
  raw: string;
}
export interface VmNet {
  key: string;
  model: string | null;
  bridge: string | null;
  vlan: number | null;
  mac: string | null;
  raw: string;
}

export interface VmConfigView {
  cores: number | null;
  sockets: number | null;
  memoryMb: number | null;
  onboot: boolean;
  description: string | null;
  disks: VmDisk[];
  networks: VmNet[];
  /** Cloud-init keys (qemu) without secrets: ciuser, ipconfigN, nameserver, searchdomain, sshkeys?. */
  cloudInit: Record<string, string>;
  /** cipassword is set (never returned). */
  hasPassword: boolean;
  /** Proxmox `ostype`: l26, win11, other… (VMs); debian, ubuntu, alpine… (containers). */
  osType: string | null;
  /** CD/DVD drives (VMs; the cloud-init drive left out): the mounted ISO, or null when empty. */
  cdroms: VmCdrom[];
  /** `boot: order=…` as a list of device keys (VMs); empty when unset or in the legacy form. */
  bootOrder: string[];
}
export interface VmCdrom {
  key: string;
  isoVolid: string | null;
}

/** One interface of a running guest with the addresses it reports (loopback left out). */
export interface VmInterfaceAddresses {
  name: string;
  ipv4: string[];
  ipv6: string[];
}

export interface VmDetail extends VmSummary {
  live: VmLiveStatus | null;
  config: VmConfigView | null;
  clusterStatus: string;
  rights: VmRight[];
  /**
   * Addresses the running guest reports (QEMU guest agent, or the container's interfaces); null when
   * it is stopped or they cannot be read (no agent yet).
   */
  addresses: VmInterfaceAddresses[] | null;
}

export const RRD_TIMEFRAMES = ['hour', 'day', 'week'] as const;
export const vmRrdQuerySchema = z
  .object({ timeframe: z.enum(RRD_TIMEFRAMES).default('hour') })
  .strict();
export interface VmRrdPoint {
  time: number;
  cpu: number | null;
  mem: number | null;
  maxmem: number | null;
  netin: number | null;
  netout: number | null;
  diskread: number | null;
  diskwrite: number | null;
}

const nameSchema = z
  .string()
  .trim()
  .min(1)
  .max(63)
  .regex(
    /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/,
    'must be a valid DNS name',
  );
const tagSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_+.-]*$/, 'invalid tag')
  .max(64);
const storageSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9\-_.]*$/)
  .max(64);
const bridgeSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_.-]*$/)
  .max(32);

export const vmNetworkSchema = z
  .object({
    bridge: bridgeSchema,
    vlan: z
      .number()
      .int()
      .min(1, 'VLAN must be 1..4094')
      .max(4094, 'VLAN must be 1..4094')
      .optional(),
    model: z.enum(['virtio', 'e1000', 'rtl8139', 'vmxnet3']).optional(),
    /** IPAM range (VM/LXC create): the platform allocates the NIC's address and VLAN from it. */
    ipamRangeId: z.string().uuid().optional(),
  })
  .strict();

const ipConfigSchema = z
  .object({
    ip: z.union([
      z.literal('dhcp'),
      z.string().regex(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, 'must be dhcp or an IPv4 CIDR'),
    ]),
    gw: z
      .string()
      .regex(/^\d{1,3}(\.\d{1,3}){3}$/)
      .optional(),
    /** IPv6: `dhcp`, `auto` (SLAAC) or an address with its prefix (cloud-init ip6=, LXC ip6=). */
    ip6: z
      .union([
        z.literal('dhcp'),
        z.literal('auto'),
        z
          .string()
          .max(49)
          .refine((v) => isV6Cidr(v), 'must be dhcp, auto or an IPv6 address/prefix'),
      ])
      .optional(),
    gw6: z
      .string()
      .max(45)
      .refine((v) => parseIp(v)?.family === 6, 'must be an IPv6 address')
      .optional(),
  })
  .strict();

function isV6Cidr(v: string): boolean {
  const [addr, len, ...rest] = v.split('/');
  const n = Number(len);
  return (
    rest.length === 0 &&
    parseIp(addr)?.family === 6 &&
    /^\d{1,3}$/.test(len ?? '') &&
    n >= 1 &&
    n <= 128
  );
}

export const cloudInitSchema = z
  .object({
    user: z.string().trim().min(1).max(64).optional(),
    password: z.string().min(6).max(128).optional(),
    sshKeys: z.array(z.string().trim().min(16).max(4096)).max(20).optional(),
    ipConfig: z.array(ipConfigSchema).max(8).optional(),
    dns: z
      .object({
        servers: z
          .array(z.string().regex(/^[0-9a-fA-F.:]+$/))
          .max(3)
          .optional(),
        searchDomain: z.string().max(253).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type CloudInitInput = z.infer<typeof cloudInitSchema>;

export const vmSourceSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('template'),
      templateId: z.string().uuid(),
      full: z.boolean().optional(),
    })
    .strict(),
  z.object({ type: z.literal('iso'), isoVolid: z.string().min(3).max(255) }).strict(),
  z.object({ type: z.literal('ostemplate'), volid: z.string().min(3).max(255) }).strict(),
]);

export const createVmSchema = z
  .object({
    companyId: z.string().uuid(),
    kind: z.enum(GUEST_KINDS),
    source: vmSourceSchema,
    clusterId: z.string().uuid().optional(),
    node: z.string().max(64).optional(),
    name: nameSchema,
    cores: z.number().int().min(1).max(128),
    memoryMb: z
      .number()
      .int()
      .min(64)
      .max(4 * 1024 * 1024),
    disks: z
      .array(
        z
          .object({ sizeGb: z.number().int().min(1).max(65536), storage: storageSchema.optional() })
          .strict(),
      )
      .min(1)
      .max(8),
    networks: z.array(vmNetworkSchema).max(8).default([]),
    cloudInit: cloudInitSchema.optional(),
    tags: z.array(tagSchema).max(20).optional(),
    description: z.string().max(8192).optional(),
    start: z.boolean().optional(),
    gpuMapping: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9\-_]*$/)
      .max(64)
      .optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.kind === 'lxc' && v.source.type === 'iso')
      ctx.addIssue({
        code: 'custom',
        path: ['source'],
        message: 'containers are created from a container template',
      });
    if (v.kind === 'qemu' && v.source.type === 'ostemplate')
      ctx.addIssue({
        code: 'custom',
        path: ['source'],
        message: 'VMs are created from a template or an ISO',
      });
    if (v.node && !v.clusterId)
      ctx.addIssue({ code: 'custom', path: ['node'], message: 'node needs clusterId' });
  });
export type CreateVmInput = z.infer<typeof createVmSchema>;

/** Devices a VM can boot from (PVE's `pve-qm-bootdev` list). */
export const BOOT_DEVICE_RE = /^((scsi|virtio|sata|ide)\d+|net\d+)$/;
/** An ISO image volume, as `GET /api/media?kind=iso` lists them (`storage:iso/file.iso`). */
export const isoVolidSchema = z
  .string()
  .max(255)
  .regex(/^[A-Za-z][A-Za-z0-9\-_.]*:iso\/[^\s,;=/]+$/, 'must be an ISO volume (storage:iso/file)');
export const addDiskSchema = z
  .object({
    storage: storageSchema,
    sizeGb: z.number().int().min(1).max(65536),
    /** Containers: where the volume is mounted (default /mnt/dataN); ignored for VMs. */
    mountPath: z
      .string()
      .max(255)
      .regex(/^\/[A-Za-z0-9._/-]*[A-Za-z0-9._-]$/, 'must be an absolute path')
      .refine((v) => !v.split('/').includes('..'), 'must not contain ..')
      .optional(),
  })
  .strict();
export type AddDiskInput = z.infer<typeof addDiskSchema>;

export const updateVmSchema = z
  .object({
    name: nameSchema.optional(),
    description: z.string().max(8192).optional(),
    tags: z.array(tagSchema).max(20).optional(),
    cores: z.number().int().min(1).max(128).optional(),
    memoryMb: z
      .number()
      .int()
      .min(64)
      .max(4 * 1024 * 1024)
      .optional(),
    disk: z
      .object({
        disk: z.string().regex(/^(scsi|virtio|sata|ide)\d+$|^rootfs$|^mp\d+$/),
        sizeGb: z.number().int().min(1).max(65536),
      })
      .strict()
      .optional(),
    // A NIC's IPAM range is chosen at create; staff move it with PUT /vms/:id/nics/:nic/address.
    networks: z
      .array(vmNetworkSchema.omit({ ipamRangeId: true }).strict())
      .max(8)
      .optional(),
    onboot: z.boolean().optional(),
    cloudInit: cloudInitSchema.optional(),
    /** A new disk: `scsiN` (VMs) or a mount point `mpN` (containers) on a storage of the node. */
    addDisk: addDiskSchema.optional(),
    /** VMs: put an ISO in the CD/DVD drive (one is added as ide2 if none exists); null ejects. */
    cdrom: z.object({ isoVolid: isoVolidSchema.nullable() }).strict().optional(),
    /** VMs: `boot: order=…`, device keys the guest has (disks, CD/DVD drives, NICs). */
    bootOrder: z
      .array(z.string().regex(BOOT_DEVICE_RE, 'must be a disk, CD/DVD drive or NIC key'))
      .min(1)
      .max(16)
      .refine((l) => new Set(l).size === l.length, 'each device once')
      .optional(),
  })
  .strict();
export type UpdateVmInput = z.infer<typeof updateVmSchema>;

export const VM_POWER_ACTIONS = [
  'start',
  'stop',
  'shutdown',
  'reboot',
  'reset',
  'suspend',
  'resume',
] as const;
export type VmPowerAction = (typeof VM_POWER_ACTIONS)[number];
export const vmControlSchema = z.object({ action: z.enum(VM_POWER_ACTIONS) }).strict();

export const deleteVmQuerySchema = z
  .object({
    confirm: z.string().min(1).max(191),
    purge: z.enum(['0', '1', 'true', 'false']).optional(),
  })
  .strict();

const snapNameSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'letters, digits, - and _; starts with a letter')
  .max(40);
export const createSnapshotSchema = z
  .object({
    name: snapNameSchema,
    description: z.string().max(1024).optional(),
    includeRam: z.boolean().optional(),
  })
  .strict();
export interface VmSnapshot {
  name: string;
  description: string | null;
  createdAt: string | null;
  parent: string | null;
  includesRam: boolean;
}

export const migrateVmSchema = z
  .object({ targetNode: z.string().min(1).max(64), online: z.boolean().optional() })
  .strict();

/** One node of a migrate precondition: allowed, or not with Proxmox's reasons. */
export interface VmMigrateTarget {
  node: string;
  allowed: boolean;
  /** Why not (offline, storages missing on the node, blocking HA resources, ...); empty if allowed. */
  reasons: string[];
}
/** GET /api/vms/:id/migrate-targets: Proxmox's migrate precondition, for the migrate dialog. */
export interface VmMigrateTargets {
  node: string;
  running: boolean;
  /** Every other node of the cluster, allowed ones first. */
  targets: VmMigrateTarget[];
  /** Disks on storage local to the current node: copied during the migration (slower). */
  localDisks: Array<{ volid: string; sizeBytes: number | null; cdrom: boolean }>;
  /** Local devices (PCI/USB passthrough without a mapping): Proxmox refuses any migration. */
  localResources: string[];
  /** Why a live (online) migration is impossible; empty when it is possible or not applicable. */
  onlineBlockers: string[];
}

export const pciMappingsQuerySchema = z
  .object({ clusterId: z.string().uuid(), companyId: z.string().uuid().optional() })
  .strict();
export type PciMappingsQuery = z.infer<typeof pciMappingsQuerySchema>;
/** A cluster PCI mapping (GET /cluster/mapping/pci) offered for "Windows + GPU" templates. */
export interface PciMappingView {
  id: string;
  description: string;
  /** One entry per node the mapping covers (a node may list several devices). */
  devices: Array<{ node: string; path: string; deviceId: string | null }>;
  /** Distinct nodes the mapping covers, sorted. */
  nodes: string[];
}

/** `GET /api/vms/placement/clusters?companyId`: clusters the company may place guests on. */
export const placementClustersQuerySchema = z.object({ companyId: z.string().uuid() }).strict();
export type PlacementClustersQuery = z.infer<typeof placementClustersQuerySchema>;
export interface PlacementCluster {
  id: string;
  name: string;
  /** online | degraded | offline | unknown: an offline cluster cannot take a new guest. */
  status: string;
}

/** `GET /api/vms/placement/resources?clusterId&companyId`: what the wizard's pickers offer. */
export const placementResourcesQuerySchema = pciMappingsQuerySchema;
export type PlacementResourcesQuery = PciMappingsQuery;
export interface PlacementStorage {
  storage: string;
  type: string;
  shared: boolean;
  /** Content kinds the storage takes: images (VM disks), rootdir (container volumes), iso… */
  content: string[];
  availBytes: number | null;
  totalBytes: number | null;
}
export interface PlacementNode {
  node: string;
  online: boolean;
  /** Enabled, active storages that can hold guest disks (images or rootdir). */
  storages: PlacementStorage[];
  /** Bridges a NIC can attach to; `vlanAware` bridges take a VLAN tag. */
  bridges: Array<{ iface: string; vlanAware: boolean; comment: string | null }>;
}
export interface PlacementResources {
  clusterId: string;
  nodes: PlacementNode[];
  /**
   * The company's default network on this cluster (its network edge's LAN): where a new guest's
   * NIC goes when the create names none, and what the wizard offers first. Null: none.
   */
  guestNetwork: { bridge: string; vlan: number | null; rangeId: string } | null;
}

export const VM_BULK_ACTIONS = ['start', 'stop', 'shutdown', 'reboot', 'snapshot', 'tag'] as const;
export const bulkVmSchema = z
  .object({
    ids: z.array(z.string().uuid()).min(1).max(500),
    action: z.enum(VM_BULK_ACTIONS),
    snapshotName: snapNameSchema.optional(),
    tags: z.array(tagSchema).max(20).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.action === 'snapshot' && !v.snapshotName)
      ctx.addIssue({ code: 'custom', path: ['snapshotName'], message: 'required for snapshot' });
    if (v.action === 'tag' && !v.tags)
      ctx.addIssue({ code: 'custom', path: ['tags'], message: 'required for tag' });
  });
export interface BulkVmResult {
  results: Array<{
    id: string;
    ok: boolean;
    job?: JobDto;
    error?: { code: string; message: string };
  }>;
}

/**
 * POST /api/vms/bulk-create → 202 BulkCreateVmResult (vm.create): `count` guests from one form,
 * named `<vm.name>-<n>` (n = 1..count), each its own create job; each NIC that names an IPAM range
 * gets its own next free address. A guest that cannot be created (quota, full range) is answered
 * with its error; the others go ahead.
 */
export const bulkCreateVmSchema = z
  .object({
    count: z.number().int().min(1).max(20),
    vm: createVmSchema,
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.vm.name.length + 1 + String(v.count).length > 63)
      ctx.addIssue({
        code: 'custom',
        path: ['vm', 'name'],
        message: `too long for ${v.count} numbered names (at most 63 characters with "-${v.count}")`,
      });
  });
export type BulkCreateVmInput = z.infer<typeof bulkCreateVmSchema>;
export interface BulkCreateVmResult {
  results: Array<{
    name: string;
    ok: boolean;
    vmId?: string;
    job?: JobDto;
    error?: { code: string; message: string };
  }>;
}

export const vmGrantsSchema = z
  .array(
    z
      .object({
        userId: z.string().uuid(),
        rights: z.array(z.enum(VM_RIGHTS)).max(VM_RIGHTS.length),
      })
      .strict(),
  )
  .max(500);
export interface VmGrantEntry {
  userId: string;
  email: string;
  name: string;
  rights: VmRight[];
}

/** 202 answer of every job-producing VM route. */
export interface VmJobAccepted {
  job: JobDto;
  vmId: string;
}
