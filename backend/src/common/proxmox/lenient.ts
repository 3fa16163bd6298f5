/**
 * Proxmox is written in Perl and serialises scalars loosely: booleans arrive as 0/1 (or "0"/"1"),
 * numbers sometimes as strings. These helpers accept every form we have seen and never throw.
 */

export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  return undefined;
}

export function toInt(value: unknown): number | undefined {
  const n = toNumber(value);
  return n === undefined ? undefined : Math.trunc(n);
}

export function toBool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') {
    const v = value.trim().toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(v)) return true;
    if (['0', 'false', 'no', 'off', ''].includes(v)) return false;
  }
  return undefined;
}

export function toStr(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** PVE tags are one string separated by `;` (also `,` or spaces in older releases). */
export function parseTags(value: unknown): string[] {
  const s = toStr(value);
  if (!s) return [];
  return s
    .split(/[;, ]+/)
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
}

/** Comma-separated property string (`a=1,b=2,flag`) into a map; bare items go under `defaultKey`. */
export function parsePropertyString(value: unknown, defaultKey?: string): Record<string, string> {
  const s = toStr(value);
  const out: Record<string, string> = {};
  if (!s) return out;
  for (const part of s.split(',')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    if (eq === -1) {
      if (defaultKey && out[defaultKey] === undefined) out[defaultKey] = part;
      else out[part] = '1';
    } else {
      out[part.slice(0, eq)] = part.slice(eq + 1);
    }
  }
  return out;
}
