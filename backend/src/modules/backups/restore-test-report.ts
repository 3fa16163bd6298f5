import type { RestoreTestDto, RestoreTestReport, RestoreTestReportRow } from '@multpanel/contracts';
import { A4, MARGIN, TextPdf } from '../../common/pdf/text-pdf';

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
  'last_volid',
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
        i.last.volid,
      ]
        .map(field)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

const utc = (iso: string | null) => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : '-');
const secs = (ms: number | null) => (ms === null ? '-' : (ms / 1000).toFixed(1));

/**
 * The report as a PDF a customer can be given: the brand, the company, the rule and the count at
 * the top, then one line per guest (times UTC) with the archive its newest test restored below it,
 * and a failed newest test's error.
 */
export async function restoreTestReportPdf(
  r: RestoreTestReport,
  heading: { brand: string; companyName: string },
): Promise<Uint8Array> {
  const pdf = await TextPdf.create({
    title: `Restore test report ${heading.companyName} ${r.generatedAt.slice(0, 10)}`,
    producer: heading.brand,
  });
  const { bold } = pdf;
  pdf.text(heading.brand, MARGIN, { f: bold, size: 18 });
  pdf.next(28);
  pdf.text(`Restore test report: ${heading.companyName}`, MARGIN, { f: bold, size: 13 });
  pdf.next(18);
  pdf.text(`Generated ${utc(r.generatedAt)} UTC`, MARGIN);
  pdf.next();
  pdf.text(
    `Proven: a backup younger than ${r.maxAgeHours} hours was restored, booted and answered.`,
    MARGIN,
  );
  pdf.next();
  pdf.text(`${r.proven} of ${r.guests} guests proven restorable`, MARGIN, { f: bold });
  pdf.next(28);

  const size = 9;
  const cols = { guest: MARGIN, proven: 185, last: 222, tested: 265, backup: 345, passed: 425 };
  const end = A4[0] - MARGIN;
  const row = (c: string[], f = pdf.font) => {
    pdf.text(pdf.fit(c[0]!, cols.proven - cols.guest - 5, size, f), cols.guest, { f, size });
    pdf.text(c[1]!, cols.proven, { f, size });
    pdf.text(c[2]!, cols.last, { f, size });
    pdf.text(c[3]!, cols.tested, { f, size });
    pdf.text(c[4]!, cols.backup, { f, size });
    pdf.text(c[5]!, cols.passed, { f, size });
    pdf.text(c[6]!, end, { f, size, right: true });
    pdf.next(14);
  };
  row(
    ['Guest (VMID)', 'Proven', 'Last', 'Tested', 'Its backup', 'Last proven', 'Restore/boot s'],
    bold,
  );
  if (!r.items.length) pdf.text('No restore test has run for this company yet.', MARGIN);
  for (const i of r.items) {
    row([
      `${i.guestName ?? 'VM'} (${i.vmid})`,
      i.proven ? 'yes' : 'no',
      i.last.status,
      utc(i.last.finishedAt ?? i.last.createdAt),
      utc(i.last.backupAt),
      utc(i.lastPassed?.backupAt ?? null),
      i.lastPassed ? `${secs(i.lastPassed.restoreMs)} / ${secs(i.lastPassed.bootMs)}` : '-',
    ]);
    // Which archive the newest test restored: the line a customer's auditor asks for.
    if (i.last.volid) {
      pdf.text(pdf.fit(`Archive: ${i.last.volid}`, end - cols.proven, 8), cols.proven, { size: 8 });
      pdf.next(12);
    }
    if (i.last.status === 'failed' && i.last.error) {
      pdf.text(pdf.fit(`Failed: ${i.last.error}`, end - cols.proven, 8), cols.proven, { size: 8 });
      pdf.next(12);
    }
  }
  return pdf.save();
}
