import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { CertBundle } from '../cert';
import type { ClusterState, Guest } from './types';

interface SavedCluster extends Omit<ClusterState, 'guests'> {
  guests: Guest[];
}

export interface SavedWorld {
  version: 1;
  secret: string;
  /** one certificate per cluster (older files: a single `cert`) */
  certs?: CertBundle[];
  cert?: CertBundle;
  clusters: SavedCluster[];
}

export function loadWorld(
  file: string,
): { secret: Buffer; certs: CertBundle[]; clusters: ClusterState[] } | undefined {
  if (!existsSync(file)) return undefined;
  const raw = JSON.parse(readFileSync(file, 'utf8')) as SavedWorld;
  if (raw.version !== 1) throw new Error(`unsupported state file version in ${file}`);
  const clusters = raw.clusters.map((c) => {
    // tasks that were running when the process stopped cannot finish any more
    for (const t of c.tasks)
      if (t.status === 'running') {
        t.status = 'stopped';
        t.exitstatus = 'interrupted by simulator restart';
        t.endtime = t.starttime;
        t.log.push('TASK ERROR: interrupted by simulator restart');
      }
    const guests = new Map<number, Guest>();
    for (const g of c.guests) {
      if (
        g.lock &&
        [
          'create',
          'clone',
          'backup',
          'migrate',
          'snapshot',
          'snapshot-delete',
          'rollback',
          'destroyed',
          'template',
        ].includes(g.lock)
      )
        delete g.lock;
      delete g.digest;
      guests.set(g.vmid, g);
    }
    return { ...c, guests } as ClusterState;
  });
  return {
    secret: Buffer.from(raw.secret, 'hex'),
    certs: raw.certs ?? (raw.cert ? [raw.cert] : []),
    clusters,
  };
}

export function saveWorld(
  file: string,
  secret: Buffer,
  certs: CertBundle[],
  clusters: ClusterState[],
): void {
  const data: SavedWorld = {
    version: 1,
    secret: secret.toString('hex'),
    certs,
    clusters: clusters.map((c) => ({
      ...c,
      guests: [...c.guests.values()].map((g) => ({ ...g, digest: undefined })),
    })),
  };
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(data));
  renameSync(tmp, file);
}
