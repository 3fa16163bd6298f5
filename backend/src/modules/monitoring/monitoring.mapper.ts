import type { MetricPointDto, NodeRrdPoint } from '@multpanel/contracts';
import { toNumber } from '../../common/proxmox';
import type { StoredPoint } from './monitoring.repository';

export function toPointDto(p: StoredPoint): MetricPointDto {
  return {
    at: p.at.toISOString(),
    cpu: p.cpu,
    maxcpu: p.maxcpu,
    mem: p.mem,
    maxmem: p.maxmem,
    disk: p.disk,
    maxdisk: p.maxdisk,
    netin: p.netin,
    netout: p.netout,
    diskread: p.diskread,
    diskwrite: p.diskwrite,
    running: p.running,
    guests: p.guests,
  };
}

const n = (v: unknown) => (v === undefined || v === null ? null : (toNumber(v) ?? null));

export function toNodeRrdPoint(r: Record<string, unknown>): NodeRrdPoint {
  return {
    time: Number(r.time ?? 0),
    cpu: n(r.cpu),
    maxcpu: n(r.maxcpu),
    memused: n(r.memused),
    memtotal: n(r.memtotal),
    rootused: n(r.rootused),
    roottotal: n(r.roottotal),
    netin: n(r.netin),
    netout: n(r.netout),
    iowait: n(r.iowait),
    loadavg: n(r.loadavg),
  };
}
