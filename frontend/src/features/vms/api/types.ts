import type { VmRight } from '@multpanel/contracts';
import type { Job } from '@/features/jobs/api/types';

export type VmKind = 'qemu' | 'lxc';
export type VmStatus = 'running' | 'stopped' | 'paused' | 'suspended' | 'unknown' | string;

/** One row of GET /api/vms. Memory and disk sizes are bytes, as Proxmox reports them. */
export interface VmSummary {
  id: string;
  vmid: number;
  kind: VmKind;
  name: string;
  status: VmStatus;
  companyId: string | null;
  companyName: string | null;
  clusterId: string;
  clusterName: string;
  node: string;
  cpus: number;
  maxmem: number;
  maxdisk: number;
  tags: string[];
  template: boolean;
  lock?: string | null;
  updatedAt?: string;
}

export interface VmLive {
  status?: string;
  uptime?: number;
  cpu?: number;
  cpus?: number;
  mem?: number;
  maxmem?: number;
  disk?: number;
  maxdisk?: number;
  netin?: number;
  netout?: number;
}

export interface VmDisk {
  /** Proxmox key: scsi0, virtio1, rootfs, mp0 … */
  key: string;
  storage?: string;
  sizeGb: number;
  volume?: string;
}

export interface VmNet {
  key: string;
  bridge?: string;
  vlan?: number | null;
  model?: string;
  mac?: string;
  ip?: string;
}

export interface VmConfig {
  cores?: number;
  sockets?: number;
  memoryMb?: number;
  disks?: VmDisk[];
  networks?: VmNet[];
  onboot?: boolean;
  description?: string;
  cloudInit?: Record<string, unknown>;
}

/** GET /api/vms/:id: the stored summary plus live status, config and the caller's rights. */
export interface VmDetail extends VmSummary {
  live: VmLive | null;
  clusterStatus?: string;
  config?: VmConfig;
  rights?: VmRight[];
  description?: string | null;
}

export interface VmListParams {
  page: number;
  pageSize: number;
  sort?: string;
  type?: string;
  companyId?: string;
  clusterId?: string;
  node?: string;
  status?: string;
  tag?: string;
  search?: string;
}

export interface Snapshot {
  name: string;
  description?: string;
  snaptime?: number;
  vmstate?: boolean;
  parent?: string;
}

export interface RrdPoint {
  time: number;
  cpu?: number;
  mem?: number;
  maxmem?: number;
  netin?: number;
  netout?: number;
  diskread?: number;
  diskwrite?: number;
}

export type RrdTimeframe = 'hour' | 'day' | 'week';

/** Any answer that started Proxmox work. */
export interface JobAccepted {
  job: Job;
  vmId?: string;
}

export const POWER_ACTIONS = [
  'start',
  'shutdown',
  'reboot',
  'stop',
  'reset',
  'suspend',
  'resume',
] as const;
export type PowerAction = (typeof POWER_ACTIONS)[number];

export const vmKeys = {
  all: ['vms'] as const,
  lists: () => ['vms', 'list'] as const,
  list: (params: VmListParams) => ['vms', 'list', params] as const,
  detail: (id: string) => ['vms', 'detail', id] as const,
  rrd: (id: string, timeframe: RrdTimeframe) => ['vms', 'rrd', id, timeframe] as const,
  snapshots: (id: string) => ['vms', 'snapshots', id] as const,
};

/** The answer of a change: either a job (Proxmox work is async) or the updated guest. */
export const isJobAccepted = (value: unknown): value is JobAccepted =>
  !!value && typeof value === 'object' && 'job' in value && !!(value as JobAccepted).job?.id;
