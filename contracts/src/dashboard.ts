import { z } from 'zod';
import type { CompanyQuota } from './quotas';

// Role dashboards (issue 20).
//   GET /api/dashboard/fleet                  → StaffDashboard  (monitoring.fleet: the MSP's staff)
//   GET /api/dashboard/company?companyId=     → CompanyDashboard (vm.read; companyId may be left out
//                                               by a caller with one company)

export interface GuestStateCounts {
  running: number;
  stopped: number;
  /** paused, unknown, … */
  other: number;
  total: number;
}
export interface AllocatedResources {
  vcpus: number;
  memoryBytes: number;
  diskBytes: number;
}
/** Open (firing, not resolved) alerts by severity. */
export interface AlertSeverityCounts {
  info: number;
  warning: number;
  critical: number;
}
/** Finished in the last 24 hours; `successRate` null when nothing finished. */
export interface OutcomeCounts {
  succeeded: number;
  failed: number;
  successRate: number | null;
}

export interface TopConsumer {
  companyId: string;
  companyName: string;
  guests: number;
  vcpus: number;
  memoryBytes: number;
}

export interface StaffDashboard {
  clusters: { total: number; online: number; degraded: number; offline: number; unknown: number };
  nodes: { total: number; online: number; offline: number };
  guests: GuestStateCounts;
  allocated: AllocatedResources;
  /** What the nodes offer (sum over nodes still present). */
  capacity: { cpus: number; memoryBytes: number };
  alerts: AlertSeverityCounts;
  jobs: { queued: number; running: number; last24h: OutcomeCounts };
  backups24h: OutcomeCounts;
  /** Companies by allocated vCPUs (then memory), at most 5. */
  topConsumers: TopConsumer[];
  /** Per cluster: the connection's health figures. */
  connections: Array<{
    clusterId: string;
    name: string;
    status: string;
    avgLatencyMs: number | null;
    successRate: number | null;
    lastOkAt: string | null;
  }>;
}

export interface DashboardJob {
  id: string;
  type: string;
  status: string;
  createdAt: string;
  finishedAt: string | null;
}
export interface DashboardBackup {
  guestId: string;
  guestName: string | null;
  status: string;
  finishedAt: string | null;
}

export interface CompanyDashboard {
  companyId: string;
  /** The guests the caller sees (a `user` only the granted ones). */
  guests: GuestStateCounts;
  allocated: AllocatedResources;
  /** null without monitoring.read (role `user`). */
  alerts: AlertSeverityCounts | null;
  /** The company's quota use; null for a `user`. */
  quota: Pick<CompanyQuota, 'limits' | 'usage'> | null;
  /** This month so far (from the usage snapshots); null without monitoring.read. */
  usageThisMonth: { month: string; vcpuHours: number; ramGbHours: number } | null;
  /** The last 5 backup results of the caller's guests. */
  lastBackups: DashboardBackup[];
  /** The last 5 jobs the caller may see. */
  recentJobs: DashboardJob[];
}

export const companyDashboardQuerySchema = z
  .object({ companyId: z.string().uuid().optional() })
  .strict();
export type CompanyDashboardQuery = z.infer<typeof companyDashboardQuerySchema>;
