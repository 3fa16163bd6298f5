import type { ClusterState, StorageDef, Volume } from './types';

/**
 * Where a network storage keeps its data outside the cluster: a PBS server's datastore, an NFS
 * export, a CIFS share. Two clusters that both configure the same one (under any storage id) see the
 * same backups, as they do with real PVE; null for storages that live in the cluster itself.
 */
export function datastoreKey(s: StorageDef): string | null {
  const server = typeof s.server === 'string' ? s.server : '';
  if (!server) return null;
  if (s.type === 'pbs' && typeof s.datastore === 'string') return `pbs://${server}/${s.datastore}`;
  if (s.type === 'nfs' && typeof s.export === 'string') return `nfs://${server}${s.export}`;
  if (s.type === 'cifs' && typeof s.share === 'string') return `cifs://${server}/${s.share}`;
  return null;
}

/** The storages of other clusters that show what `from`'s storage `s` holds. */
function peerStorages(
  clusters: readonly ClusterState[],
  from: ClusterState,
  s: StorageDef,
): Array<{ c: ClusterState; s: StorageDef }> {
  const key = datastoreKey(s);
  if (!key) return [];
  return clusters.flatMap((c) =>
    c === from
      ? []
      : c.storages.filter((ps) => datastoreKey(ps) === key).map((ps) => ({ c, s: ps })),
  );
}

/** A backup written to a datastore other clusters mount appears in their storage listing too. */
export function shareBackup(
  clusters: readonly ClusterState[],
  from: ClusterState,
  s: StorageDef,
  vol: Volume,
): void {
  for (const peer of peerStorages(clusters, from, s)) {
    const volid = `${peer.s.storage}:${vol.volid.slice(vol.volid.indexOf(':') + 1)}`;
    if (peer.c.volumes.some((v) => v.volid === volid)) continue;
    peer.c.volumes.push({ ...vol, volid, storage: peer.s.storage, node: '' });
  }
}

/** A volume removed from a shared datastore is gone for every cluster that mounts it. */
export function unshareVolume(
  clusters: readonly ClusterState[],
  from: ClusterState,
  s: StorageDef,
  vol: Volume,
): void {
  const path = vol.volid.slice(vol.volid.indexOf(':') + 1);
  for (const peer of peerStorages(clusters, from, s)) {
    const volid = `${peer.s.storage}:${path}`;
    peer.c.volumes = peer.c.volumes.filter((v) => v.volid !== volid);
  }
}
