import type { Job } from '@/lib/jobs/types';
import type { VmDetail } from '@multpanel/contracts';

export type {
  VmConfigView as VmConfig,
  VmDetail,
  VmDisk,
  VmKind,
  VmLiveStatus as VmLive,
  VmNet,
  VmPowerAction as PowerAction,
  VmRrdPoint as RrdPoint,
  VmSnapshot as Snapshot,
  VmSummary,
} from '@multpanel/contracts';
export type VmStatus = string;

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

export type RrdTimeframe = 'hour' | 'day' | 'week';

/** Any answer that started Proxmox work. */
/** What a guest-page tab or action gets: the guest, whether the caller may change it, and where a started job goes. */
export interface VmTabProps {
  vm: VmDetail;
  canEdit: boolean;
  onJob: (job: Job) => void;
}

export interface JobAccepted {
  job: Job;
  vmId?: string;
}

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
