import type { GuestView } from '@multpanel/contracts';
import type { GuestViewRow } from '../guests/guests.types';

export function toGuestView(r: GuestViewRow): GuestView {
  return {
    id: r.id,
    clusterId: r.clusterId,
    clusterName: r.cluster.name,
    vmid: r.vmid,
    kind: r.kind,
    name: r.name,
    status: r.status,
    node: r.node,
    maxcpu: r.maxcpu,
    maxmemBytes: r.maxmem === null ? null : Number(r.maxmem),
    maxdiskBytes: r.maxdisk === null ? null : Number(r.maxdisk),
    tags: Array.isArray(r.tags) ? (r.tags as string[]) : [],
    pool: r.pool,
    template: r.template,
    lock: r.lock,
    companyId: r.companyId,
    firstSeenAt: r.firstSeenAt.toISOString(),
    lastSeenAt: r.lastSeenAt.toISOString(),
    goneAt: r.goneAt ? r.goneAt.toISOString() : null,
  };
}
