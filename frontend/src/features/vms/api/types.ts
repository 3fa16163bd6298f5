import type {
  createSnapshotSchema,
  RRD_TIMEFRAMES,
  VmDetail,
  VmJobAccepted,
  VmListQuery,
  vmGrantsSchema,
} from '@multpanel/contracts';
import type { z } from 'zod';
import type { Job } from '@/lib/jobs/types';

export type {
  UpdateVmInput,
  VmConfigView as VmConfig,
  VmDetail,
  VmDisk,
  VmJobAccepted,
  VmKind,
  VmLiveStatus as VmLive,
  VmNet,
  VmPowerAction as PowerAction,
  VmRrdPoint as RrdPoint,
  VmSnapshot as Snapshot,
  VmSummary,
} from '@multpanel/contracts';
/** running | stopped | paused | creating | unknown (Proxmox's words). */
export type VmStatus = string;

/** GET /api/vms query; `sort` left out means the API's default (by name). */
export type VmListParams = Omit<VmListQuery, 'sort'> & { sort?: VmListQuery['sort'] };
export type RrdTimeframe = (typeof RRD_TIMEFRAMES)[number];
export type CreateSnapshotInput = z.input<typeof createSnapshotSchema>;
export type VmGrantsInput = z.input<typeof vmGrantsSchema>;

/** What a guest-page tab or action gets: the guest, whether the caller may change it, and where a started job goes. */
export interface VmTabProps {
  vm: VmDetail;
  canEdit: boolean;
  onJob: (job: Job) => void;
}

/** Every job-producing VM route answers 202 with this. */
export type JobAccepted = VmJobAccepted;

export const vmKeys = {
  all: ['vms'] as const,
  lists: () => ['vms', 'list'] as const,
  list: (params: VmListParams) => ['vms', 'list', params] as const,
  detail: (id: string) => ['vms', 'detail', id] as const,
  rrd: (id: string, timeframe: RrdTimeframe) => ['vms', 'rrd', id, timeframe] as const,
  snapshots: (id: string) => ['vms', 'snapshots', id] as const,
};
