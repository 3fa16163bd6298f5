export interface PruneEntry {
  volid: string;
  ctime: number;
  protected?: boolean;
  mark?: 'keep' | 'remove' | 'protected' | 'renamed';
}

export type PruneOptions = Partial<
  Record<
    | 'keep-all'
    | 'keep-last'
    | 'keep-hourly'
    | 'keep-daily'
    | 'keep-weekly'
    | 'keep-monthly'
    | 'keep-yearly',
    number
  >
>;

const pad = (n: number) => String(n).padStart(2, '0');

function isoWeek(d: Date): string {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((t.getTime() - yearStart) / 86400000 + 1) / 7);
  return `${t.getUTCFullYear()}/${pad(week)}`;
}

const BUCKETS: Array<[keyof PruneOptions, (ctime: number, volid: string) => string]> = [
  ['keep-last', (_c, volid) => volid],
  [
    'keep-hourly',
    (c) => {
      const d = new Date(c * 1000);
      return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${pad(d.getUTCHours())}`;
    },
  ],
  [
    'keep-daily',
    (c) => {
      const d = new Date(c * 1000);
      return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}`;
    },
  ],
  ['keep-weekly', (c) => isoWeek(new Date(c * 1000))],
  [
    'keep-monthly',
    (c) => {
      const d = new Date(c * 1000);
      return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}`;
    },
  ],
  ['keep-yearly', (c) => String(new Date(c * 1000).getUTCFullYear())],
];

export function parsePruneOptions(s: string | undefined): PruneOptions {
  const out: PruneOptions = {};
  if (!s) return out;
  for (const part of s.split(',')) {
    const [k, v] = part.split('=');
    if (k && v !== undefined) out[k as keyof PruneOptions] = Number(v);
  }
  return out;
}

/**
 * Mark one backup group (same vmid + type) the way PVE::Storage::prune_mark_backup_group does:
 * newest first; each keep-* option keeps the newest backup of each not-yet-covered time bucket,
 * up to N buckets; buckets already covered by a previous option are skipped; protected backups
 * never count and are never removed; everything left unmarked is removed.
 */
export function pruneMark(entries: PruneEntry[], opts: PruneOptions): PruneEntry[] {
  const list = [...entries].sort((a, b) => b.ctime - a.ctime);
  const anyKeep = BUCKETS.some(([k]) => (opts[k] ?? 0) > 0);
  if (opts['keep-all'] || !anyKeep) {
    for (const e of list) e.mark = e.protected ? 'protected' : 'keep';
    return list;
  }
  for (const e of list) if (e.protected) e.mark = 'protected';
  for (const [key, idOf] of BUCKETS) {
    const count = opts[key] ?? 0;
    if (!count) continue;
    const already = new Set<string>();
    for (const e of list) if (e.mark === 'keep') already.add(idOf(e.ctime, e.volid));
    const fresh = new Set<string>();
    for (const e of list) {
      if (e.mark) continue;
      const id = idOf(e.ctime, e.volid);
      if (already.has(id)) continue;
      if (!fresh.has(id)) {
        if (fresh.size >= count) break;
        fresh.add(id);
        e.mark = 'keep';
      } else {
        e.mark = 'remove';
      }
    }
  }
  for (const e of list) if (!e.mark) e.mark = 'remove';
  return list;
}
