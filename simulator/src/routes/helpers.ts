import type { Params } from '../router';

/** Directory index entries like PVE's `[{subdir: ...}]` (or `{name: ...}` where PVE uses that key). */
export const index = (names: string[], key = 'subdir') => names.map((n) => ({ [key]: n }));

export const splitList = (v: unknown): string[] =>
  v === undefined || v === null
    ? []
    : (Array.isArray(v) ? v.map(String) : String(v).split(/[,;\s]+/)).filter(Boolean);

export const bool = (v: unknown): 0 | 1 => (v === 1 || v === '1' || v === true ? 1 : 0);

/** Copy the given keys from params when present. */
export function pick(p: Params, keys: string[]): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const k of keys) if (p[k] !== undefined) out[k] = p[k] as string | number;
  return out;
}

export const now = () => Math.floor(Date.now() / 1000);
