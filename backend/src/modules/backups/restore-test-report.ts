import type { RestoreTestDto, RestoreTestReport, RestoreTestReportRow } from '@multpanel/contracts';

/**
 * The per-guest report from tests listed newest first: each guest's newest test and newest passed
 * one; proven = that passed test restored a backup younger than `maxAgeHours` at `now`.
 */
export function restoreTestReport(
  tests: RestoreTestDto[],
  maxAgeHours: number,
  now: Date,
): RestoreTestReport {
  const byGuest = new Map<string, RestoreTestReportRow>();
  const cutoff = now.getTime() - maxAgeHours * 3_600_000;
  for (const t of tests) {
    let row = byGuest.get(t.guestId);
    if (!row) {
      row = {
        guestId: t.guestId,
        guestName: t.guestName,
        vmid: t.vmid,
        companyId: t.companyId,
        last: t,
        lastPassed: null,
        proven: false,
      };
      byGuest.set(t.guestId, row);
    }
    if (t.status === 'passed' && !row.lastPassed) {
      row.lastPassed = t;
      row.proven = t.backupAt !== null && Date.parse(t.backupAt) >= cutoff;
    }
  }
  const items = [...byGuest.values()].sort(
    (a, b) => (a.guestName ?? '').localeCompare(b.guestName ?? '') || a.vmid - b.vmid,
  );
  return {
    maxAgeHours,
    generatedAt: now.toISOString(),
    guests: items.length,
    proven: items.filter((i) => i.proven).length,
    items,
  };
}

const CSV_COLUMNS = [
  'guest',
  'vmid',
  'proven',
  'last_status',
  'last_tested_at',
  'last_backup_at',
  'last_error',
  'last_passed_backup_at',
  'restore_ms',
  'boot_ms',
] as const;

/** RFC 4180 field; a leading =,+,-,@ is prefixed with ' so a spreadsheet does not run it. */
function field(v: string | number | boolean | null): string {
  let s = v === null ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function restoreTestReportCsv(r: RestoreTestReport): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const i of r.items) {
    lines.push(
      [
        i.guestName,
        i.vmid,
        i.proven,
        i.last.status,
        i.last.finishedAt ?? i.last.createdAt,
        i.last.backupAt,
        i.last.error,
        i.lastPassed?.backupAt ?? null,
        i.lastPassed?.restoreMs ?? null,
        i.lastPassed?.bootMs ?? null,
      ]
        .map(field)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
