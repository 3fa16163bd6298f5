import { PveError } from '../errors';
import type { Router } from '../router';
import { guestCpus, guestUsage, nodeUsage } from '../world/metrics';
import { noise } from '../world/random';
import { storageOnNode, storageStatus, storageUsage } from '../world/storage';
import type { ClusterState, NodeState } from '../world/types';
import { splitList } from './helpers';

// GET /cluster/metrics/export: pvestatd's pull-metric cache (PVE::PullMetric), every 10 s, 30 minutes deep.

const GiB = 1024 ** 3;
const STEP = 10;
const MAX_GENERATIONS = 181;
/** Keeps a history export of a 10,000-guest cluster bounded (the newest generations win). */
const MAX_ROWS = 500_000;

type Row = {
  id: string;
  metric: string;
  timestamp: number;
  type: 'gauge' | 'derive';
  value: number;
};

function nodeRows(c: ClusterState, n: NodeState, ts: number, rows: Row[]): void {
  const u = nodeUsage(c, n, ts * 1000);
  const id = `node/${n.name}`;
  const g = (metric: string, value: number) =>
    rows.push({ id, metric, timestamp: ts, type: 'gauge', value });
  const d = (metric: string, value: number) =>
    rows.push({ id, metric, timestamp: ts, type: 'derive', value });
  const load = (k: number) =>
    Number((u.cpu * n.maxcpu * (0.8 + 0.4 * noise(n.nodeid * 10 + k, ts / STEP))).toFixed(2));
  const rate = 4e6 + 2e6 * noise(n.nodeid, 19);
  g('uptime', u.uptime);
  d('net_in', Math.round(u.uptime * rate));
  d('net_out', Math.round(u.uptime * rate * 0.7));
  g('cpu_avg1', load(1));
  g('cpu_avg5', load(2));
  g('cpu_avg15', load(3));
  g('cpu_max', n.maxcpu);
  g('cpu_current', u.cpu);
  g('cpu_iowait', 0.0012);
  g('mem_total', n.maxmem);
  g('mem_used', u.mem);
  g('swap_total', 8 * GiB);
  g('swap_used', 0);
  g('disk_total', 100 * GiB);
  g('disk_used', 12 * GiB);
}

function guestRows(c: ClusterState, nodes: Set<string>, ts: number, rows: Row[]): void {
  for (const guest of c.guests.values()) {
    if (!nodes.has(guest.node)) continue;
    const u = guestUsage(guest, ts * 1000);
    const id = `${guest.type}/${guest.vmid}`;
    const g = (metric: string, value: number) =>
      rows.push({ id, metric, timestamp: ts, type: 'gauge', value });
    const d = (metric: string, value: number) =>
      rows.push({ id, metric, timestamp: ts, type: 'derive', value });
    if (guest.status === 'running') {
      g('cpu_current', u.cpu);
      g('mem_used', u.mem);
      d('disk_read', u.diskread);
      d('disk_write', u.diskwrite);
      d('net_in', u.netin);
      d('net_out', u.netout);
      if (guest.type === 'lxc') g('disk_used', u.disk);
    }
    g('uptime', u.uptime);
    g('cpu_max', guestCpus(guest));
    g('mem_total', u.maxmem);
    g('disk_total', u.maxdisk);
  }
}

function storageRows(c: ClusterState, n: NodeState, ts: number, rows: Row[]): void {
  const usage = storageUsage(c);
  for (const s of c.storages) {
    if (!storageOnNode(s, n.name) || s.disable) continue;
    const st = storageStatus(c, s, n.name, usage);
    const id = `storage/${n.name}/${s.storage}`;
    rows.push({ id, metric: 'disk_total', timestamp: ts, type: 'gauge', value: st.total });
    rows.push({ id, metric: 'disk_used', timestamp: ts, type: 'gauge', value: st.used });
  }
}

export function registerMetricsRoutes(r: Router): void {
  r.add('GET', '/cluster/metrics/export', (ctx) => {
    const { c, p } = ctx;
    const nowS = Math.floor(Date.now() / 1000);
    const latest = Math.floor(nowS / STEP) * STEP;
    const start = p['start-time'] === undefined ? undefined : Number(p['start-time']);
    const listed = splitList(p['node-list']);
    const unknown = listed.filter((x) => !c.nodes.some((n) => n.name === x));
    if (unknown.length)
      throw new PveError(500, `Requested node-list contains unknown nodes - ${unknown.join(', ')}`);
    // the answering node's own metrics, then (unless local-only) every other online member's
    const local = c.nodes.find((n) => n.online) ?? c.nodes[0];
    const nodes = c.nodes.filter(
      (n) =>
        n.online && (listed.length ? listed.includes(n.name) : !p['local-only'] || n === local),
    );
    let generations = 1;
    if (p.history)
      generations =
        start === undefined
          ? MAX_GENERATIONS
          : Math.min(MAX_GENERATIONS, Math.max(1, Math.floor((nowS - start) / STEP) + 1));
    const perGeneration =
      nodes.length * 17 +
      [...c.guests.values()].filter((g) => nodes.some((n) => n.name === g.node)).length * 11;
    generations = Math.max(
      1,
      Math.min(generations, Math.floor(MAX_ROWS / Math.max(1, perGeneration))),
    );
    const rows: Row[] = [];
    const names = new Set(nodes.map((n) => n.name));
    for (let i = generations - 1; i >= 0; i--) {
      const ts = latest - i * STEP;
      if (start !== undefined && ts <= start) continue;
      for (const n of nodes) {
        nodeRows(c, n, ts, rows);
        storageRows(c, n, ts, rows);
      }
      guestRows(c, names, ts, rows);
    }
    return { data: rows };
  });
}
