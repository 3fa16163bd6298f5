import type {
  TicketAttachmentDto,
  TicketContext,
  TicketMessageDto,
  TicketPerson,
  TicketSlaDto,
  TicketSummaryDto,
} from '@multpanel/contracts';
import type {
  PersonRow,
  TicketAttachmentRow,
  TicketMessageRow,
  TicketSummaryRow,
} from './tickets.repository';

/** Names looked up once per page or ticket. */
export interface TicketNames {
  people: Map<string, PersonRow>;
  companies: Map<string, string>;
  guests: Map<string, string | null>;
}

const person = (names: TicketNames, id: string | null): TicketPerson | null => {
  const p = id ? names.people.get(id) : undefined;
  return p ? { id: p.id, name: p.name, email: p.email } : null;
};

export function toTicketSummary(t: TicketSummaryRow, names: TicketNames): TicketSummaryDto {
  return {
    id: t.id,
    companyId: t.companyId,
    companyName: names.companies.get(t.companyId) ?? '',
    subject: t.subject,
    category: t.category,
    priority: t.priority,
    status: t.status,
    requester: person(names, t.requesterId),
    assignee: person(names, t.assigneeId),
    guestId: t.guestId,
    guestName: t.guestId ? (names.guests.get(t.guestId) ?? null) : null,
    jobId: t.jobId,
    lastActivityAt: t.lastActivityAt.toISOString(),
    createdAt: t.createdAt.toISOString(),
    sla: toTicketSla(t),
  };
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** null when no policy applied at the ticket's last change (and nothing was breached). */
export function toTicketSla(t: TicketSummaryRow): TicketSlaDto | null {
  const any = t.slaApplies || t.firstResponseBreachedAt !== null || t.resolutionBreachedAt !== null;
  if (!any) return null;
  return {
    paused: t.slaRunningSince === null,
    firstResponseDueAt: iso(t.firstResponseDueAt),
    resolutionDueAt: iso(t.resolutionDueAt),
    firstResponseBreachedAt: iso(t.firstResponseBreachedAt),
    resolutionBreachedAt: iso(t.resolutionBreachedAt),
  };
}

export function toTicketMessage(
  m: TicketMessageRow,
  names: TicketNames,
  mentionIds: string[] = [],
): TicketMessageDto {
  return {
    id: m.id,
    author: person(names, m.authorId),
    fromStaff: m.fromStaff,
    body: m.body,
    internal: m.internal,
    mentions: mentionIds
      .map((id) => person(names, id))
      .filter((p): p is TicketPerson => p !== null),
    createdAt: m.createdAt.toISOString(),
  };
}

export function toTicketAttachment(a: TicketAttachmentRow): TicketAttachmentDto {
  return {
    id: a.id,
    messageId: a.messageId,
    fileName: a.fileName,
    contentType: a.contentType,
    size: a.size,
    internal: a.internal,
    uploadedById: a.uploadedById,
    createdAt: a.createdAt.toISOString(),
  };
}

const CONTEXT_KEYS = ['jobLog', 'alert', 'backupFailures', 'firewall'] as const;

/** `context` as stored: only the known keys (lists of lines) survive. */
export function toTicketContext(v: unknown): TicketContext | null {
  if (!v || typeof v !== 'object') return null;
  const out: TicketContext = {};
  for (const key of CONTEXT_KEYS) {
    const lines = (v as Record<string, unknown>)[key];
    if (Array.isArray(lines)) out[key] = lines.map(String);
  }
  return out;
}
