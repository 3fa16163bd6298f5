import type { ActivityView } from '@multpanel/contracts';
import type { ActivityRowWithCompany } from './activity-query.repository';

export function toActivityView(r: ActivityRowWithCompany): ActivityView {
  return {
    id: r.id,
    createdAt: r.createdAt.toISOString(),
    action: r.action,
    result: r.result,
    actorId: r.actorUserId,
    actorEmail: r.actorEmail,
    actorName: r.actorName,
    actorType: r.actorType,
    companyId: r.companyId,
    companyName: r.companyName,
    resourceType: r.resourceType,
    resourceId: r.resourceId,
    resourceName: r.resourceName,
    ip: r.ip,
    userAgent: r.userAgent,
    requestId: r.requestId,
    details: r.details ?? null,
  };
}

export const CSV_COLUMNS: (keyof ActivityView)[] = [
  'createdAt',
  'action',
  'result',
  'actorEmail',
  'actorName',
  'actorType',
  'companyName',
  'resourceType',
  'resourceId',
  'resourceName',
  'ip',
  'userAgent',
  'requestId',
];

export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  // Spreadsheet formula injection: neutralise leading =, +, -, @.
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(view: ActivityView): string {
  return CSV_COLUMNS.map((c) => csvCell(view[c])).join(',') + '\r\n';
}
