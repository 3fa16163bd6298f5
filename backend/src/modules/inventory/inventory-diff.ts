import { createHash } from 'node:crypto';
import type { ClusterResource } from '../../common/proxmox';
import type { ExistingGuest, GuestDiff, GuestSnapshot } from '../guests/guests.types';

export type { ExistingGuest, GuestDiff, GuestSnapshot } from '../guests/guests.types';

export function guestSnapshot(r: ClusterResource): GuestSnapshot | null {
  if ((r.type !== 'qemu' && r.type !== 'lxc') || r.vmid === undefined) return null;
  return {
    vmid: r.vmid,
    kind: r.type,
    name: r.name ?? null,
    status: (r.status ?? 'unknown').slice(0, 16),
    node: r.node ?? '',
    maxcpu: r.maxcpu ?? null,
    maxmem: r.maxmem ?? null,
    maxdisk: r.maxdisk ?? null,
    tags: r.tags,
    pool: r.pool ?? null,
    template: r.template,
    lock: r.lock ?? null,
  };
}

export function hashSnapshot(s: GuestSnapshot): string {
  const canonical = [
    s.vmid,
    s.kind,
    s.name,
    s.status,
    s.node,
    s.maxcpu,
    s.maxmem,
    s.maxdisk,
    s.tags.join(';'),
    s.pool,
    s.template,
    s.lock,
  ];
  return createHash('sha1').update(JSON.stringify(canonical)).digest('hex').slice(0, 16);
}

/**
 * Compare what Proxmox reports with the active rows we hold. A VMID that now belongs to a guest of
 * another kind is a different guest: the old row is retired and a new one created.
 */
export function diffGuests(current: GuestSnapshot[], existing: ExistingGuest[]): GuestDiff {
  const byVmid = new Map(existing.map((e) => [e.vmid, e]));
  const diff: GuestDiff = { create: [], update: [], gone: [], unchanged: 0 };
  const seen = new Set<number>();
  for (const snap of current) {
    if (seen.has(snap.vmid)) continue; // Proxmox never lists a VMID twice; be safe anyway
    seen.add(snap.vmid);
    const syncHash = hashSnapshot(snap);
    const row = byVmid.get(snap.vmid);
    if (!row) diff.create.push({ ...snap, syncHash });
    else if (row.kind !== snap.kind) {
      diff.gone.push(row.id);
      diff.create.push({ ...snap, syncHash });
    } else if (row.syncHash !== syncHash)
      diff.update.push({ id: row.id, snapshot: snap, syncHash });
    else diff.unchanged++;
  }
  for (const row of existing) if (!seen.has(row.vmid)) diff.gone.push(row.id);
  return diff;
}
