import { PveError } from '../errors';
import type { ClusterState, EsxiGuest, Guest, StorageDef, Volume } from './types';
import { guestDisks, parseSize } from './metrics';

export function storageOrFail(c: ClusterState, id: string): StorageDef {
  const s = c.storages.find((x) => x.storage === id);
  if (!s) throw new PveError(500, `storage '${id}' does not exist`);
  return s;
}

export function storageOnNode(s: StorageDef, node: string): boolean {
  return !s.nodes || String(s.nodes).split(',').includes(node);
}

const usageCache = new WeakMap<ClusterState, { at: number; used: Map<string, number> }>();
const USAGE_TTL_MS = 5000;
const DISK_KEY = /^(?:scsi|virtio|sata|ide|efidisk|tpmstate)\d+$|^(?:rootfs|mp\d+)$/;
const SIZE = /(?:^|,)size=(\d+(?:\.\d+)?[KMGT]?)/;

/** Bytes used per "<storage>/<node>" key (shared storages use node ''); cached briefly, like pvestatd's cycle. */
export function storageUsage(c: ClusterState): Map<string, number> {
  const hit = usageCache.get(c);
  if (hit && Date.now() - hit.at < USAGE_TTL_MS) return hit.used;
  const used = computeStorageUsage(c);
  usageCache.set(c, { at: Date.now(), used });
  return used;
}

function computeStorageUsage(c: ClusterState): Map<string, number> {
  const shared = new Set(c.storages.filter((s) => s.shared).map((s) => s.storage));
  const used = new Map<string, number>();
  const add = (storage: string, node: string, n: number) => {
    const key = `${storage}/${shared.has(storage) ? '' : node}`;
    used.set(key, (used.get(key) ?? 0) + n);
  };
  for (const g of c.guests.values()) {
    // hand-rolled scan: this runs over every disk of every guest
    for (const k in g.config) {
      if (!DISK_KEY.test(k)) continue;
      const v = String(g.config[k]);
      if (v.includes('media=cdrom')) continue;
      const colon = v.indexOf(':');
      if (colon <= 0) continue;
      const m = SIZE.exec(v);
      if (m) add(v.slice(0, colon), g.node, parseSize(m[1]));
    }
  }
  for (const v of c.volumes) add(v.storage, v.node, v.size);
  return used;
}

export function storageStatus(
  c: ClusterState,
  s: StorageDef,
  node: string,
  usage = storageUsage(c),
) {
  const used = Math.min(s.total, usage.get(`${s.storage}/${s.shared ? '' : node}`) ?? 0);
  return {
    total: s.total,
    used,
    avail: s.total - used,
    used_fraction: s.total ? Number((used / s.total).toFixed(6)) : 0,
    active: 1,
    enabled: s.disable ? 0 : 1,
  };
}

/** Volumes of one storage as seen from `node`: stored volumes plus guest disk images. */
export function listVolumes(c: ClusterState, s: StorageDef, node: string): Volume[] {
  const out = c.volumes.filter((v) => v.storage === s.storage && (s.shared || v.node === node));
  const content = String(s.content);
  if (content.includes('images') || content.includes('rootdir')) {
    for (const g of c.guests.values()) {
      if (!s.shared && g.node !== node) continue;
      for (const d of guestDisks(g)) {
        if (d.cdrom || d.storage !== s.storage || !d.volume) continue;
        out.push({
          volid: d.volid,
          storage: s.storage,
          node: s.shared ? '' : g.node,
          content: g.type === 'lxc' ? 'rootdir' : 'images',
          format: s.type === 'dir' ? 'qcow2' : 'raw',
          size: d.size,
          ctime: g.startedAt ?? 0,
          vmid: g.vmid,
        });
      }
    }
  }
  if (s.type === 'esxi') {
    for (const e of esxiGuestsOf(c, s))
      out.push({
        volid: `${s.storage}:${e.path}`,
        storage: s.storage,
        node: '',
        content: 'import',
        format: 'vmx',
        size: 0,
        ctime: 0,
        name: e.name,
      });
  }
  return out;
}

export function findVolume(
  c: ClusterState,
  storage: string,
  node: string,
  volume: string,
): Volume | undefined {
  const volid = volume.includes(':') ? volume : `${storage}:${volume}`;
  const s = storageOrFail(c, storage);
  return c.volumes.find((v) => v.volid === volid && (s.shared || v.node === node));
}

export function guestStorages(g: Guest): string[] {
  return [
    ...new Set(
      guestDisks(g)
        .filter((d) => !d.cdrom && d.storage)
        .map((d) => d.storage),
    ),
  ];
}

/**
 * The VMs an esxi storage shows: those seeded for its `server`, else the default inventory (entries
 * without a server), like a storage pointed at any other host.
 */
export function esxiGuestsOf(c: ClusterState, s: StorageDef): EsxiGuest[] {
  const own = c.esxiGuests.filter((e) => e.server !== undefined && e.server === s.server);
  return own.length ? own : c.esxiGuests.filter((e) => e.server === undefined);
}

/** Disk i of an ESXi VM: `<folder>/<name>.vmdk`, then `<name>_1.vmdk`, … (volname, no storage). */
export function esxiDiskPath(e: EsxiGuest, i: number): string {
  const dir = e.path.split('/').slice(0, -1).join('/');
  return `${dir}/${e.name}${i ? `_${i}` : ''}.vmdk`;
}
