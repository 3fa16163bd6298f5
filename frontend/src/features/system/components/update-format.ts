import type { UpdateRunStatus } from '@multpanel/contracts';
import { formatDateTime } from '@/lib/format-time';

export const statusColor = (
  s: UpdateRunStatus,
): 'default' | 'info' | 'success' | 'warning' | 'error' =>
  s === 'running'
    ? 'info'
    : s === 'succeeded'
      ? 'success'
      : s === 'rolled_back'
        ? 'warning'
        : 'error';

export const seconds = (ms?: number) => (ms === undefined ? '—' : `${(ms / 1000).toFixed(1)} s`);
export const when = (iso?: string | null) => formatDateTime(iso);
