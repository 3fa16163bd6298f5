import type { MetricSeriesKind } from '@multpanel/contracts';
import type { ClusterResource } from '../../common/proxmox';

// Pure: one `/cluster/resources` answer (+ who owns each guest, + the previous counters) → the
// readings alert rules look at and the cluster, node and company aggregates the platform stores.

/** One stored sample; see MetricPointDto for units. */
export interface MetricSample {
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

export interface SeriesSample {
  kind: MetricSeriesKind;
  key: string;
  clusterId: string | null;
  node: string | null;
  companyId: string | null;
  sample: MetricSample;
}

/** A live guest as rules see it: `cpu` 0..1 of its vCPUs, rates in bytes per second. */
export interface GuestReading {
  vmid: number;
  guestId: string | null;
  companyId: string | null;
  name: string;
  node: string;
  kind: string;
  status: string;
  /** HA-managed guests only: Proxmox's HA state (`started`, `error`, `fence`, …). */
  hastate?: string;
  tags: string[];
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
}

export interface NodeReading {
  node: string;
  status: string;
  cpu: number;
  maxcpu: number;
  mem: number;
  maxmem: number;
  disk: number;
  maxdisk: number;
}

export interface StorageReading {
  node: string;
  storage: string;
  status: string;
  shared: boolean;
  disk: number;
  maxdisk: number;
}

/** Guests' I/O counters at `t` (ms): vmid → [netin, netout, diskread, diskwrite]. */
export interface IoCounters {
  t: number;
  g: Record<string, [number, number, number, number]>;
}

export interface GuestOwnerInfo {
  id: string;
  vmid: number;
  companyId: string | null;
  name: string | null;
  tags: unknown;
}

export interface ClusterReadings {
  clusterId: string;
  at: number;
  guests: GuestReading[];
  nodes: NodeReading[];
  storages: StorageReading[];
  series: SeriesSample[];
  counters: IoCounters;
  /** Clusters with a Ceph (rbd/cephfs) storage: the health Ceph reported, or null (no answer). */
  ceph?: { health: string } | null;
}

/** Whether the cluster has a Ceph-backed storage (then its health is read each collection). */
export const usesCeph = (resources: Array<{ type: string; plugintype?: string }>): boolean =>
  resources.some(
    (r) => r.type === 'storage' && (r.plugintype === 'rbd' || r.plugintype === 'cephfs'),
  );

/** Counters older than this give no rate (a gap in collection, not a burst). */
export const MAX_RATE_GAP_MS = 15 * 60_000;

const num = (v: number | undefined): number =>
  typeof v === 'number' && Number.isFinite(v) ? v : 0;

export function emptySample(): MetricSample {
  return {
    cpu: 0,
    maxcpu: 0,
    mem: 0,
    maxmem: 0,
    disk: 0,
    maxdisk: 0,
    netin: 0,
    netout: 0,
    diskread: 0,
    diskwrite: 0,
    running: 0,
    guests: 0,
  };
}

/** Bytes per second between two counter readings; a reset counter (restart, migration) gives 0. */
export function rate(cur: number, prev: number | undefined, dtSec: number): number {
  if (prev === undefined || dtSec <= 0 || cur < prev) return 0;
  return (cur - prev) / dtSec;
}

function addGuest(s: MetricSample, g: GuestReading, running: boolean): void {
  s.guests++;
  s.maxcpu += g.maxcpu;
  s.maxmem += g.maxmem;
  s.maxdisk += g.maxdisk;
  s.disk += g.disk;
  if (!running) return;
  s.running++;
  s.cpu += g.cpu * g.maxcpu;
  s.mem += g.mem;
  s.netin += g.netin;
  s.netout += g.netout;
  s.diskread += g.diskread;
  s.diskwrite += g.diskwrite;
}

function addIo(s: MetricSample, g: GuestReading, running: boolean): void {
  s.guests++;
  if (!running) return;
  s.running++;
  s.netin += g.netin;
  s.netout += g.netout;
  s.diskread += g.diskread;
  s.diskwrite += g.diskwrite;
}

export function buildReadings(
  clusterId: string,
  resources: ClusterResource[],
  owners: GuestOwnerInfo[],
  prev: IoCounters | null,
  at: number,
): ClusterReadings {
  const byVmid = new Map(owners.map((o) => [o.vmid, o]));
  const dtSec = prev && at - prev.t <= MAX_RATE_GAP_MS ? (at - prev.t) / 1000 : 0;
  const counters: IoCounters = { t: at, g: {} };
  const guests: GuestReading[] = [];
  const nodes: NodeReading[] = [];
  const storages: StorageReading[] = [];

  for (const r of resources) {
    if ((r.type === 'qemu' || r.type === 'lxc') && r.vmid !== undefined && r.node) {
      if (r.template) continue;
      const io: [number, number, number, number] = [
        num(r.netin),
        num(r.netout),
        num(r.diskread),
        num(r.diskwrite),
      ];
      counters.g[r.vmid] = io;
      const p = dtSec > 0 ? prev?.g[r.vmid] : undefined;
      const owner = byVmid.get(r.vmid);
      guests.push({
        vmid: r.vmid,
        guestId: owner?.id ?? null,
        companyId: owner?.companyId ?? null,
        name: owner?.name ?? r.name ?? String(r.vmid),
        node: r.node,
        kind: r.type,
        status: r.status ?? 'unknown',
        ...(r.hastate ? { hastate: r.hastate } : {}),
        tags: Array.isArray(owner?.tags) ? (owner.tags as string[]) : r.tags,
        cpu: num(r.cpu),
        maxcpu: num(r.maxcpu),
        mem: num(r.mem),
        maxmem: num(r.maxmem),
        disk: num(r.disk),
        maxdisk: num(r.maxdisk),
        netin: rate(io[0], p?.[0], dtSec),
        netout: rate(io[1], p?.[1], dtSec),
        diskread: rate(io[2], p?.[2], dtSec),
        diskwrite: rate(io[3], p?.[3], dtSec),
      });
    } else if (r.type === 'node' && r.node) {
      nodes.push({
        node: r.node,
        status: r.status ?? 'unknown',
        cpu: num(r.cpu),
        maxcpu: num(r.maxcpu),
        mem: num(r.mem),
        maxmem: num(r.maxmem),
        disk: num(r.disk),
        maxdisk: num(r.maxdisk),
      });
    } else if (r.type === 'storage' && r.node && r.storage) {
      storages.push({
        node: r.node,
        storage: r.storage,
        status: r.status ?? 'unknown',
        shared: !!r.shared,
        disk: num(r.disk),
        maxdisk: num(r.maxdisk),
      });
    }
  }

  const cluster = emptySample();
  const perNode = new Map<string, MetricSample>();
  for (const n of nodes) {
    const s = emptySample();
    s.maxcpu = n.maxcpu;
    s.maxmem = n.maxmem;
    s.maxdisk = n.maxdisk;
    if (n.status === 'online') {
      s.cpu = n.cpu * n.maxcpu;
      s.mem = n.mem;
      s.disk = n.disk;
    }
    perNode.set(n.node, s);
    cluster.cpu += s.cpu;
    cluster.maxcpu += s.maxcpu;
    cluster.mem += s.mem;
    cluster.maxmem += s.maxmem;
  }
  // Cluster disk = its storages, a shared one counted once.
  const seenShared = new Set<string>();
  for (const st of storages) {
    if (st.status !== 'available') continue;
    if (st.shared) {
      if (seenShared.has(st.storage)) continue;
      seenShared.add(st.storage);
    }
    cluster.disk += st.disk;
    cluster.maxdisk += st.maxdisk;
  }
  const perCompany = new Map<string, MetricSample>();
  for (const g of guests) {
    const running = g.status === 'running';
    addIo(cluster, g, running);
    const ns = perNode.get(g.node);
    if (ns) addIo(ns, g, running);
    if (g.companyId) {
      let cs = perCompany.get(g.companyId);
      if (!cs) perCompany.set(g.companyId, (cs = emptySample()));
      addGuest(cs, g, running);
    }
  }

  const series: SeriesSample[] = [
    {
      kind: 'cluster',
      key: `cluster:${clusterId}`,
      clusterId,
      node: null,
      companyId: null,
      sample: cluster,
    },
  ];
  for (const [node, sample] of perNode) {
    series.push({
      kind: 'node',
      key: `node:${clusterId}:${node}`,
      clusterId,
      node,
      companyId: null,
      sample,
    });
  }
  for (const [companyId, sample] of perCompany) {
    series.push({
      kind: 'company',
      key: `company:${companyId}:${clusterId}`,
      clusterId,
      node: null,
      companyId,
      sample,
    });
  }
  return { clusterId, at, guests, nodes, storages, series, counters };
}
