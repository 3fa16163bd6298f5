import { z } from 'zod';

// Monitoring (issue 20): aggregates the platform stores per cluster, node and company, and the node
// history read from Proxmox's own RRD on demand. Per-guest history is Proxmox's too (GET /api/vms/:id/rrd).
//   GET /api/monitoring/clusters/:clusterId/metrics              → MetricSeriesDto (staff)
//   GET /api/monitoring/clusters/:clusterId/nodes/:node/metrics  → MetricSeriesDto (staff)
//   GET /api/monitoring/clusters/:clusterId/nodes/:node/rrd      → NodeRrdPoint[] (staff)
//   GET /api/monitoring/companies/:companyId/metrics             → MetricSeriesDto
//   GET /api/monitoring/fleet                                    → FleetOverview (staff)

export const METRIC_TIMEFRAMES = ['hour', 'day', 'week', 'month', 'year'] as const;
export type MetricTimeframe = (typeof METRIC_TIMEFRAMES)[number];

/** Stored resolutions (seconds) and how long each is kept. */
export const METRIC_TIERS = [
  { step: 60, keepMs: 48 * 3600_000 },
  { step: 900, keepMs: 60 * 86400_000 },
  { step: 86400, keepMs: 2 * 366 * 86400_000 },
] as const;
export type MetricStep = (typeof METRIC_TIERS)[number]['step'];

/** Which resolution and window a timeframe reads. */
export const TIMEFRAME_WINDOW: Readonly<
  Record<MetricTimeframe, { step: MetricStep; spanMs: number }>
> = {
  hour: { step: 60, spanMs: 3600_000 },
  day: { step: 900, spanMs: 86400_000 },
  week: { step: 900, spanMs: 7 * 86400_000 },
  month: { step: 900, spanMs: 31 * 86400_000 },
  year: { step: 86400, spanMs: 366 * 86400_000 },
};

export const metricsQuerySchema = z
  .object({ timeframe: z.enum(METRIC_TIMEFRAMES).default('hour') })
  .strict();
export type MetricsQuery = z.infer<typeof metricsQuerySchema>;

export type MetricSeriesKind = 'cluster' | 'node' | 'company';

/**
 * One sample of an aggregate. `cpu`: CPU cores in use; `maxcpu`: cores (nodes, clusters) or vCPUs
 * allocated (companies). Memory and disk in bytes (companies: allocated `maxmem`/`maxdisk`).
 * Network and disk I/O in bytes per second, computed from Proxmox's counters.
 */
export interface MetricPointDto {
  at: string;
  cpu: number;
  maxcpu: number;
  mem: number;
  maxmem: number;
  disk: number;
  maxdisk: number;
  netin: number;
  netout: number;
  diskread: number;
  diskwrite: number;
  running: number;
  guests: number;
}

export interface MetricSeriesDto {
  kind: MetricSeriesKind;
  clusterId: string | null;
  node: string | null;
  companyId: string | null;
  timeframe: MetricTimeframe;
  step: MetricStep;
  points: MetricPointDto[];
}

export const nodeRrdQuerySchema = z
  .object({
    timeframe: z.enum(METRIC_TIMEFRAMES).default('hour'),
    cf: z.enum(['AVERAGE', 'MAX']).default('AVERAGE'),
  })
  .strict();
export type NodeRrdQuery = z.infer<typeof nodeRrdQuerySchema>;

/** One point of a node's RRD as Proxmox keeps it (`cpu` 0..1, bytes, bytes per second). */
export interface NodeRrdPoint {
  time: number;
  cpu: number | null;
  maxcpu: number | null;
  memused: number | null;
  memtotal: number | null;
  rootused: number | null;
  roottotal: number | null;
  netin: number | null;
  netout: number | null;
  iowait: number | null;
  loadavg: number | null;
}

/** The latest sample of every cluster and its nodes (staff dashboard and the monitoring page). */
export interface FleetCluster {
  clusterId: string;
  name: string;
  status: string;
  collectedAt: string | null;
  latest: MetricPointDto | null;
  nodes: Array<{ node: string; latest: MetricPointDto | null }>;
}
export interface FleetOverview {
  clusters: FleetCluster[];
}
