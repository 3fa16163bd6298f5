const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** 1073741824 → "1.0 GiB"; Proxmox reports memory and disk in bytes. */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes) || bytes <= 0) return '0 B';
  const exp = Math.min(UNITS.length - 1, Math.floor(Math.log(bytes) / Math.log(1024)));
  const value = bytes / 1024 ** exp;
  return `${value >= 100 || exp === 0 ? Math.round(value) : value.toFixed(1)} ${UNITS[exp]}`;
}

/** Seconds → "3d 4h", "5h 12m", "42s". */
export function formatUptime(seconds: number | null | undefined): string {
  if (!seconds || seconds < 0) return '—';
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  if (d) return `${d}d ${h}h`;
  if (h) return `${h}h ${m}m`;
  if (m) return `${m}m`;
  return `${Math.floor(seconds)}s`;
}

/** 0.1234 → 12.3: the one rounding for the summary's CPU figure and its chart. */
export const percentOf = (fraction: number | null | undefined): number =>
  Math.round(Math.max(0, fraction ?? 0) * 1000) / 10;

export const formatPercent = (fraction: number | null | undefined): string =>
  `${percentOf(fraction)}%`;
