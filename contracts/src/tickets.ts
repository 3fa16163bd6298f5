import { z } from 'zod';

// Support tickets: customers ask the MSP for help, staff answer. Internal notes (and attachments on
// them) are staff only and never leave the API for a customer.

export const TICKET_CATEGORIES = ['incident', 'request', 'question', 'billing'] as const;
export type TicketCategory = (typeof TICKET_CATEGORIES)[number];
export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];
export const TICKET_STATUSES = [
  'new',
  'open',
  'waiting_customer',
  'waiting_msp',
  'resolved',
  'closed',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
/** Statuses a customer may set on its own ticket (resolve it, close it, reopen it). */
export const CUSTOMER_TICKET_STATUSES: readonly TicketStatus[] = ['open', 'resolved', 'closed'];
/**
 * Saved views of the list: mine (requested by, assigned to or watched by me), unassigned (open,
 * nobody on it), breaching (open with a breached SLA target), mentions (a message names me).
 */
export const TICKET_VIEWS = ['all', 'mine', 'unassigned', 'breaching', 'mentions'] as const;
export type TicketView = (typeof TICKET_VIEWS)[number];

/** Attachments: at most this many bytes each, of these types only (never served inline). */
export const TICKET_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const TICKET_ATTACHMENT_TYPES = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'application/pdf',
  'text/plain',
  'text/csv',
  'application/zip',
] as const;
export type TicketAttachmentType = (typeof TICKET_ATTACHMENT_TYPES)[number];

const uuid = z.string().uuid();

export const ticketCreateSchema = z
  .object({
    /** Staff must name the company; a customer's tickets are always its own company's. */
    companyId: uuid.optional(),
    subject: z.string().trim().min(3).max(200),
    description: z.string().trim().min(1).max(20_000),
    category: z.enum(TICKET_CATEGORIES).default('question'),
    priority: z.enum(TICKET_PRIORITIES).default('normal'),
    /** Links: a guest the caller can see; a job, alert, backup run or firewall of the company. */
    guestId: uuid.optional(),
    jobId: uuid.optional(),
    alertId: uuid.optional(),
    backupRunId: uuid.optional(),
    firewallId: uuid.optional(),
  })
  .strict();
export type TicketCreateInput = z.infer<typeof ticketCreateSchema>;

export const ticketUpdateSchema = z
  .object({
    status: z.enum(TICKET_STATUSES).optional(),
    priority: z.enum(TICKET_PRIORITIES).optional(),
    category: z.enum(TICKET_CATEGORIES).optional(),
    /** Staff only; null unassigns. */
    assigneeId: uuid.nullable().optional(),
  })
  .strict()
  .refine((v) => Object.values(v).some((x) => x !== undefined), 'change at least one field');
export type TicketUpdateInput = z.infer<typeof ticketUpdateSchema>;

export const ticketMessageCreateSchema = z
  .object({
    body: z.string().trim().min(1).max(20_000),
    /** An internal note: staff only, never shown to the customer. */
    internal: z.boolean().default(false),
  })
  .strict();
export type TicketMessageCreateInput = z.infer<typeof ticketMessageCreateSchema>;

export const ticketListQuerySchema = z
  .object({
    view: z.enum(TICKET_VIEWS).default('all'),
    status: z.enum(TICKET_STATUSES).optional(),
    /** Everything not resolved or closed. */
    active: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional(),
    priority: z.enum(TICKET_PRIORITIES).optional(),
    category: z.enum(TICKET_CATEGORIES).optional(),
    companyId: uuid.optional(),
    guestId: uuid.optional(),
    assigneeId: uuid.optional(),
    search: z.string().trim().max(100).optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(25),
    /**
     * Keyset paging: the previous page's `nextCursor`; the page starts right after it (same
     * filters). A deep page costs what the first one does. Instead of `page`, not with it.
     */
    cursor: z
      .string()
      .regex(/^[0-9a-f]{12}\.[0-9a-f-]{36}$/, 'not a cursor of this list: pass back a nextCursor')
      .optional(),
  })
  .strict()
  .refine((q) => q.cursor === undefined || q.page === 1, {
    path: ['cursor'],
    message: 'give either page or cursor, not both',
  });
export type TicketListQuery = z.infer<typeof ticketListQuerySchema>;

export const ticketAttachmentUploadQuerySchema = z
  .object({
    fileName: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .refine(
        (v) => !/[\\/]/.test(v) && ![...v].some((c) => c.charCodeAt(0) < 32),
        'a plain file name',
      ),
    /** Attach to a message of the ticket (an internal note's attachments are internal too). */
    messageId: uuid.optional(),
  })
  .strict();
export type TicketAttachmentUploadQuery = z.infer<typeof ticketAttachmentUploadQuerySchema>;

/**
 * Mentions: `@handle` in a reply or internal note names MSP staff of the ticket's company, who are
 * mailed and become watchers. The handle is the e-mail address's local part (the whole address
 * when two candidates share it). Staff may mention any staff of the company; a customer only the
 * ticket's assignee (the MSP's staff list is not theirs to see). Any other `@word` stays plain text.
 */
export const ticketMentionableQuerySchema = z
  .object({ q: z.string().trim().max(100).optional() })
  .strict();
export type TicketMentionableQuery = z.infer<typeof ticketMentionableQuerySchema>;
export interface TicketMentionable extends TicketPerson {
  /** What to write after `@`. */
  handle: string;
}

export const ticketWatcherAddSchema = z.object({ userId: uuid }).strict();
export type TicketWatcherAddInput = z.infer<typeof ticketWatcherAddSchema>;

/** Minutes of business time until the first staff reply and until the ticket is resolved. */
const slaTarget = z
  .object({
    firstResponseMinutes: z.number().int().min(1).max(525_600),
    resolutionMinutes: z.number().int().min(1).max(525_600),
  })
  .strict();
const minuteOfDay = z.number().int().min(0).max(1440);
export const ticketSlaPolicySchema = z
  .object({
    /** Targets by priority: every priority has one. */
    targets: z
      .object({ low: slaTarget, normal: slaTarget, high: slaTarget, urgent: slaTarget })
      .strict(),
    /** The business calendar's offset from UTC, in minutes (e.g. 60 for CET). */
    utcOffsetMinutes: z.number().int().min(-720).max(840).default(0),
    /** Seven entries, Sunday first: [start, end) minute of the working day, or null (no work). */
    days: z
      .array(
        z
          .tuple([minuteOfDay, minuteOfDay])
          .refine(([a, b]) => a < b, 'the day must start before it ends')
          .nullable(),
      )
      .length(7),
    /** Whole days off, YYYY-MM-DD in the calendar's local time. */
    holidays: z
      .array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD'))
      .max(366)
      .default([]),
    /** Notification channels (monitoring's) that get an "SLA breached" alert; the company's own or the MSP's. */
    breachChannelIds: z.array(uuid).max(20).default([]),
  })
  .strict();
export type TicketSlaPolicyInput = z.infer<typeof ticketSlaPolicySchema>;
export interface TicketSlaPolicyDto extends TicketSlaPolicyInput {
  /** The company it belongs to; null = the MSP's default. */
  companyId: string | null;
  /** Whether this is the company's own policy (false: the default it falls back to, or none). */
  own: boolean;
}

/** GET /tickets/sla-policies: the policies set (the default first, then companies by name). */
export const ticketSlaPolicyListQuerySchema = z
  .object({
    /** Only this company's own policy (404 when the company is not the caller's). */
    companyId: uuid.optional(),
  })
  .strict();
export type TicketSlaPolicyListQuery = z.infer<typeof ticketSlaPolicyListQuerySchema>;
export interface TicketSlaPolicyListItem extends TicketSlaPolicyDto {
  /** null for the MSP's default. */
  companyName: string | null;
}

/** SLA figures of one month (tickets opened in it, by the calendar month in UTC). */
export const ticketSlaReportQuerySchema = z
  .object({
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM'),
    companyId: uuid.optional(),
  })
  .strict();
export type TicketSlaReportQuery = z.infer<typeof ticketSlaReportQuerySchema>;
export interface TicketSlaReportRow {
  companyId: string;
  companyName: string;
  /** Tickets opened in the month. */
  tickets: number;
  /** Of those with a first-response target: answered in time, in percent (null: none had one). */
  firstResponseMetPct: number | null;
  /** Of those with a resolution target: not breached, in percent (null: none had one). */
  resolutionMetPct: number | null;
  firstResponseBreaches: number;
  resolutionBreaches: number;
}
export interface TicketSlaReport {
  month: string;
  rows: TicketSlaReportRow[];
}

/** A ticket's SLA state; null when no policy applies. */
export interface TicketSlaDto {
  /** The clock is paused (waiting on the customer, resolved or closed). */
  paused: boolean;
  firstResponseDueAt: string | null;
  resolutionDueAt: string | null;
  firstResponseBreachedAt: string | null;
  resolutionBreachedAt: string | null;
}

export interface TicketPerson {
  id: string;
  name: string;
  email: string;
}

export interface TicketSummaryDto {
  id: string;
  companyId: string;
  companyName: string;
  subject: string;
  category: TicketCategory;
  priority: TicketPriority;
  status: TicketStatus;
  requester: TicketPerson | null;
  assignee: TicketPerson | null;
  guestId: string | null;
  guestName: string | null;
  jobId: string | null;
  lastActivityAt: string;
  createdAt: string;
  sla: TicketSlaDto | null;
}

export interface TicketAttachmentDto {
  id: string;
  messageId: string | null;
  fileName: string;
  contentType: string;
  size: number;
  internal: boolean;
  uploadedById: string;
  createdAt: string;
}

export interface TicketMessageDto {
  id: string;
  author: TicketPerson | null;
  /** Written by MSP staff. */
  fromStaff: boolean;
  body: string;
  internal: boolean;
  /** Staff the message mentions (stored when it was written). */
  mentions: TicketPerson[];
  createdAt: string;
}

/** Filled in from what a ticket is about when it was opened. */
export interface TicketContext {
  /** A failed job's last log lines. */
  jobLog?: string[];
  /** The alert: its rule, value and history lines. */
  alert?: string[];
  /** A backup run's failed guests and their messages. */
  backupFailures?: string[];
  /** The firewall: its state, last error and latest failed changes. */
  firewall?: string[];
}

export interface TicketDto extends TicketSummaryDto {
  description: string;
  context: TicketContext | null;
  /** Further links (detail only): an alert, a backup run, a firewall (with its name). */
  alertId: string | null;
  backupRunId: string | null;
  firewallId: string | null;
  firewallName: string | null;
  firstResponseAt: string | null;
  resolvedAt: string | null;
  messages: TicketMessageDto[];
  attachments: TicketAttachmentDto[];
  /** Who else hears of the ticket. */
  watchers: TicketPerson[];
}

/** The list counts at most this many matching tickets (counting 100,000 costs more than a page). */
export const TICKET_LIST_COUNT_LIMIT = 1000;

/**
 * A page of the list, newest activity first. `total` is exact up to TICKET_LIST_COUNT_LIMIT; above
 * it `totalCapped` is true and `total` is that limit ("1,000+"). `nextCursor` continues after the
 * page's last ticket (null on the last page); with a cursor, `page` is 1.
 */
export interface TicketPage {
  items: TicketSummaryDto[];
  total: number;
  totalCapped: boolean;
  page: number;
  pageSize: number;
  nextCursor: string | null;
}
