import type { ClusterState, Guest, NodeState } from './types';
import { noise } from './random';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

export function guestMaxMem(g: Guest): number {
  return Number(g.config.memory ?? 512) * MiB;
}

export function guestCpus(g: Guest): number {
  return Number(g.config.cores ?? 1) * Number(g.config.sockets ?? 1);
}

const DISK_KEY = /^(scsi|virtio|sata|ide|efidisk|tpmstate)\d+$|^(rootfs|mp\d+)$/;

export function parseSize(s: string): number {
  const m = /^(\d+(?:\.\d+)?)([KMGT]?)$/.exec(s);
  if (!m) return 0;
  const mult = { '': 1, K: 1024, M: MiB, G: GiB, T: 1024 * GiB }[
    m[2] as '' | 'K' | 'M' | 'G' | 'T'
  ];
  return Math.round(Number(m[1]) * mult);
}

export interface DiskInfo {
  key: string;
  storage: string;
  volume: string;
  volid: string;
  size: number;
  cdrom: boolean;
}

export function guestDisks(g: Guest): DiskInfo[] {
  const out: DiskInfo[] = [];
  for (const [key, raw] of Object.entries(g.config)) {
    if (!DISK_KEY.test(key)) continue;
    const v = String(raw);
    const volid = v.split(',')[0].replace(/^volume=/, '');
    const cdrom = /media=cdrom/.test(v) || volid === 'none' || volid === 'cdrom';
    const sm = /(?:^|,)size=([^,]+)/.exec(v);
    const [storage, volume] = volid.includes(':') ? volid.split(':', 2) : ['', volid];
    out.push({ key, storage, volume, volid, size: sm ? parseSize(sm[1]) : 0, cdrom });
  }
  return out;
}

const SIZE_RE = /(?:^|,)size=(\d+(?:\.\d+)?[KMGT]?)/;

export function guestMaxDisk(g: Guest): number {
  // hot path for /cluster/resources: look at the usual boot disks before scanning everything
  const c = g.config;
  const boot = c.rootfs ?? c.scsi0 ?? c.virtio0 ?? c.sata0;
  if (boot !== undefined) {
    const m = SIZE_RE.exec(String(boot));
    return m ? parseSize(m[1]) : 0;
  }
  return guestDisks(g).find((d) => !d.cdrom)?.size ?? 0;
}

/** Time-varying usage for a running guest; deterministic per (vmid, 10 s bucket). */
export function guestUsage(g: Guest, now = Date.now()) {
  const maxmem = guestMaxMem(g);
  const maxdisk = guestMaxDisk(g);
  if (g.status !== 'running' || !g.startedAt) {
    return {
      cpu: 0,
      mem: 0,
      uptime: 0,
      netin: 0,
      netout: 0,
      diskread: 0,
      diskwrite: 0,
      maxmem,
      maxdisk,
      disk: g.type === 'lxc' ? Math.round(maxdisk * 0.3) : 0,
    };
  }
  const t = Math.floor(now / 10_000);
  const uptime = Math.max(1, Math.floor(now / 1000) - g.startedAt);
  const base = 0.02 + 0.25 * noise(g.vmid, 7);
  const cpu =
    g.cpuLoad ??
    Math.min(1, base * (0.6 + 0.8 * noise(g.vmid, t)) + 0.05 * Math.sin(t / 30 + g.vmid));
  const memFrac = 0.35 + 0.35 * noise(g.vmid, 11) + 0.05 * noise(g.vmid, t);
  const rate = 2000 + 60000 * noise(g.vmid, 13);
  return {
    cpu: Math.max(0, Math.round(cpu * 1e4) / 1e4),
    mem: Math.round(maxmem * memFrac),
    uptime,
    netin: Math.round(uptime * rate),
    netout: Math.round(uptime * rate * 0.6),
    diskread: Math.round(uptime * rate * 1.7),
    diskwrite: Math.round(uptime * rate * 0.9),
    maxmem,
    maxdisk,
    disk: g.type === 'lxc' ? Math.round(maxdisk * (0.2 + 0.5 * noise(g.vmid, 17))) : 0,
  };
}

export function nodeMemUsed(c: ClusterState, node: string): number {
  let used = 4 * GiB; // host overhead
  for (const g of c.guests.values())
    if (g.node === node && g.status === 'running') used += guestMaxMem(g);
  return used;
}

export function nodeUsage(c: ClusterState, n: NodeState, now = Date.now()) {
  if (!n.online) return { cpu: 0, mem: 0, uptime: 0, maxmem: n.maxmem, maxcpu: n.maxcpu };
  const t = Math.floor(now / 10_000);
  let running = 0;
  let vcpus = 0;
  for (const g of c.guests.values()) {
    if (g.node === n.name && g.status === 'running') {
      running++;
      vcpus += guestCpus(g);
    }
  }
  const cpu = Math.min(0.98, 0.03 + (vcpus / (n.maxcpu * 8)) * (0.6 + 0.4 * noise(n.nodeid, t)));
  const mem = Math.min(
    n.maxmem,
    Math.round(nodeMemUsed(c, n.name) * (0.7 + 0.05 * noise(n.nodeid, t))),
  );
  return {
    cpu: Number(cpu.toFixed(4)),
    mem,
    uptime: Math.floor(now / 1000) - n.bootedAt,
    maxmem: n.maxmem,
    maxcpu: n.maxcpu,
    running,
  };
}

const TIMEFRAMES: Record<string, { step: number; points: number }> = {
  hour: { step: 60, points: 70 },
  day: { step: 1800, points: 70 },
  week: { step: 10800, points: 70 },
  month: { step: 43200, points: 70 },
  year: { step: 604800, points: 70 },
  decade: { step: 6048000, points: 70 },
};

/** Plausible round-robin series: a daily wave plus noise, aligned to the timeframe's step. */
export function rrdSeries(
  seed: number,
  timeframe: string,
  cf: string,
  point: (t: number, load: number, bucket: number) => Record<string, number>,
  now = Date.now(),
): Array<Record<string, number>> {
  const tf = TIMEFRAMES[timeframe] ?? TIMEFRAMES.hour;
  const end = Math.floor(now / 1000 / tf.step) * tf.step;
  const out: Array<Record<string, number>> = [];
  for (let i = tf.points - 1; i >= 0; i--) {
    const time = end - i * tf.step;
    const daily = 0.5 + 0.5 * Math.sin(((time % 86400) / 86400) * 2 * Math.PI - Math.PI / 2);
    let load = 0.15 + 0.55 * daily * (0.7 + 0.6 * noise(seed, Math.floor(time / tf.step)));
    if (cf === 'MAX') load = Math.min(1, load * 1.35);
    out.push({ time, ...point(time, Math.min(1, load), Math.floor(time / tf.step)) });
  }
  return out;
}
