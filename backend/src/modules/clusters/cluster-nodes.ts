import type { ClusterNodeLiveView, ClusterNodeView } from '@multpanel/contracts';
import type { ClusterResource } from '../../common/proxmox';

const num = (v: number | undefined): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : null;

/**
 * Stored node rows (capacity, SSH target, `goneAt`) merged with the live `type=node` resources
 * of `GET /cluster/resources`: live status and load win; a node Proxmox lists that the inventory
 * has not synced yet is shown too. Nothing is written: the inventory sync keeps the rows.
 */
export function mergeLiveNodes(
  stored: ClusterNodeView[],
  resources: ClusterResource[],
  readAt: Date,
): ClusterNodeLiveView[] {
  const live = new Map(
    resources.filter((r) => r.type === 'node' && r.node).map((r) => [r.node!, r]),
  );
  const merged: ClusterNodeLiveView[] = stored.map((n) => {
    const r = live.get(n.name);
    live.delete(n.name);
    if (!r) return lastKnownNode(n);
    const online = r.status === 'online';
    return {
      ...n,
      status: r.status ?? n.status,
      maxcpu: num(r.maxcpu) ?? n.maxcpu,
      maxmemBytes: num(r.maxmem) ?? n.maxmemBytes,
      maxdiskBytes: num(r.maxdisk) ?? n.maxdiskBytes,
      cpu: online ? num(r.cpu) : null,
      memBytes: online ? num(r.mem) : null,
      diskBytes: online ? num(r.disk) : null,
      uptimeSec: online ? num(r.uptime) : null,
    };
  });
  for (const [name, r] of live) {
    const online = r.status === 'online';
    merged.push({
      name,
      status: r.status ?? 'unknown',
      maxcpu: num(r.maxcpu),
      maxmemBytes: num(r.maxmem),
      maxdiskBytes: num(r.maxdisk),
      goneAt: null,
      updatedAt: readAt.toISOString(),
      cpu: online ? num(r.cpu) : null,
      memBytes: online ? num(r.mem) : null,
      diskBytes: online ? num(r.disk) : null,
      uptimeSec: online ? num(r.uptime) : null,
    });
  }
  return merged.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
}

/** A stored row as last known: no load figures. */
export const lastKnownNode = (n: ClusterNodeView): ClusterNodeLiveView => ({
  ...n,
  cpu: null,
  memBytes: null,
  diskBytes: null,
  uptimeSec: null,
});
