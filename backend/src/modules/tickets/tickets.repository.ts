import { Injectable } from '@nestjs/common';
import type { TicketListQuery } from '@multpanel/contracts';
import { companyWhere, type Scope } from '../../common/auth/scope';
import { PrismaService } from '../../common/prisma/prisma.service';
import { SqlReader } from '../../common/prisma/sql-reader.service';
import type { Prisma } from '../../generated/prisma/client';
import { SUMMARY_COLUMNS, ticketListSql } from './tickets-list.sql';

export type TicketRow = Prisma.TicketGetPayload<object>;
/** What a list row shows (tickets-list.sql.ts reads only these columns). */
export type TicketSummaryRow = Pick<TicketRow, (typeof SUMMARY_COLUMNS)[number]>;
export type TicketMessageRow = Prisma.TicketMessageGetPayload<object>;
export type TicketAttachmentRow = Prisma.TicketAttachmentGetPayload<object>;
export type SlaPolicyRow = Prisma.TicketSlaPolicyGetPayload<object>;
export interface PersonRow {
  id: string;
  name: string;
  email: string;
  role: string;
  companyId: string | null;
}

/** The keyset position after a ticket: its last activity (ms, hex) and id, in list order. */
export const ticketCursor = (t: Pick<TicketRow, 'lastActivityAt' | 'id'>): string =>
  `${t.lastActivityAt.getTime().toString(16).padStart(12, '0')}.${t.id}`;

function parseTicketCursor(cursor: string): { at: Date; id: string } {
  const [at, id] = cursor.split('.');
  return { at: new Date(parseInt(at, 16)), id };
}

const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');
const date = (v: unknown) => (v === null || v === undefined ? null : (v as Date));

/** A SqlReader row, typed like Prisma's (TINYINT booleans, nullable dates). */
function summaryFromSql(r: Record<string, unknown>): TicketSummaryRow {
  return {
    id: r.id as string,
    companyId: r.companyId as string,
    subject: r.subject as string,
    category: r.category as TicketRow['category'],
    priority: r.priority as TicketRow['priority'],
    status: r.status as TicketRow['status'],
    requesterId: r.requesterId as string,
    assigneeId: (r.assigneeId as string | null) ?? null,
    guestId: (r.guestId as string | null) ?? null,
    jobId: (r.jobId as string | null) ?? null,
    lastActivityAt: r.lastActivityAt as Date,
    createdAt: r.createdAt as Date,
    slaApplies: Boolean(Number(r.slaApplies)),
    slaRunningSince: date(r.slaRunningSince),
    firstResponseDueAt: date(r.firstResponseDueAt),
    resolutionDueAt: date(r.resolutionDueAt),
    firstResponseBreachedAt: date(r.firstResponseBreachedAt),
    resolutionBreachedAt: date(r.resolutionBreachedAt),
  };
}

export interface SlaReportCounts {
  companyId: string;
  tickets: number;
  underSla: number;
  firstResponseBreaches: number;
  resolutionBreaches: number;
}

@Injectable()
export class TicketsRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly sql: SqlReader,
  ) {}

  /**
   * A page newest activity first, by keyset when `q.cursor` is given (else by offset), and the count
   * of matches up to `countLimit` (an index range of at most that many entries, never the whole
   * table). `more`: a ticket follows the page. Prepared statements (tickets-list.sql.ts).
   */
  async list(
    scope: Scope,
    guestIds: string[] | null,
    userId: string,
    q: TicketListQuery,
    countLimit: number,
  ): Promise<{ rows: TicketSummaryRow[]; more: boolean; total: number }> {
    const after = q.cursor ? parseTicketCursor(q.cursor) : null;
    const { page, count } = ticketListSql(scope, guestIds, userId, q, after, countLimit);
    const [rows, [counted]] = await Promise.all([
      this.sql.rows<Record<string, unknown>>(page.sql, page.params),
      this.sql.rows<{ n: number | bigint }>(count.sql, count.params),
    ]);
    const more = rows.length > q.pageSize;
    return {
      rows: (more ? rows.slice(0, q.pageSize) : rows).map(summaryFromSql),
      more,
      total: Number(counted?.n ?? 0),
    };
  }

  /** A deleted company's tickets (messages and attachment rows go by foreign key) and SLA policy. */
  async deleteOfCompany(companyId: string): Promise<number> {
    await this.prisma.ticketSlaPolicy.deleteMany({ where: { owner: companyId } });
    return (await this.prisma.ticket.deleteMany({ where: { companyId } })).count;
  }

  find(scope: Scope, id: string): Promise<TicketRow | null> {
    return this.prisma.ticket.findFirst({ where: { id, ...companyWhere(scope) } });
  }

  create(data: Prisma.TicketUncheckedCreateInput): Promise<TicketRow> {
    return this.prisma.ticket.create({ data });
  }

  update(scope: Scope, id: string, data: Prisma.TicketUncheckedUpdateInput): Promise<TicketRow> {
    return this.prisma.$transaction(async (tx) => {
      await tx.ticket.updateMany({ where: { id, ...companyWhere(scope) }, data });
      return tx.ticket.findFirstOrThrow({ where: { id, ...companyWhere(scope) } });
    });
  }

  /**
   * Adds a message and moves the ticket along (status, first response) in one transaction, with
   * the staff it mentions (who also become watchers).
   */
  addMessage(
    ticketId: string,
    message: Omit<Prisma.TicketMessageUncheckedCreateInput, 'ticketId'> & { companyId: string },
    ticket: Prisma.TicketUncheckedUpdateInput,
    mentionIds: string[] = [],
  ): Promise<TicketMessageRow> {
    return this.prisma.$transaction(async (tx) => {
      const row = await tx.ticketMessage.create({ data: { ...message, ticketId } });
      await tx.ticket.update({ where: { id: ticketId }, data: ticket });
      if (mentionIds.length) {
        const companyId = message.companyId;
        await tx.ticketMention.createMany({
          data: mentionIds.map((userId) => ({ messageId: row.id, userId, ticketId, companyId })),
        });
        await tx.ticketWatcher.createMany({
          data: mentionIds.map((userId) => ({ ticketId, userId, companyId })),
          skipDuplicates: true,
        });
      }
      return row;
    });
  }

  /** Who each of these messages mentions (message id → user ids). */
  async mentions(messageIds: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (messageIds.length === 0) return out;
    const rows = await this.prisma.ticketMention.findMany({
      where: { messageId: { in: messageIds } },
      select: { messageId: true, userId: true },
      orderBy: { createdAt: 'asc' },
    });
    for (const r of rows) out.set(r.messageId, [...(out.get(r.messageId) ?? []), r.userId]);
    return out;
  }

  messages(ticketId: string, includeInternal: boolean): Promise<TicketMessageRow[]> {
    return this.prisma.ticketMessage.findMany({
      where: { ticketId, ...(includeInternal ? {} : { internal: false }) },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
  }

  message(ticketId: string, id: string): Promise<TicketMessageRow | null> {
    return this.prisma.ticketMessage.findFirst({ where: { id, ticketId } });
  }

  attachments(ticketId: string, includeInternal: boolean): Promise<TicketAttachmentRow[]> {
    return this.prisma.ticketAttachment.findMany({
      where: { ticketId, ...(includeInternal ? {} : { internal: false }) },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
  }

  attachment(
    ticketId: string,
    id: string,
    includeInternal: boolean,
  ): Promise<TicketAttachmentRow | null> {
    return this.prisma.ticketAttachment.findFirst({
      where: { id, ticketId, ...(includeInternal ? {} : { internal: false }) },
    });
  }

  createAttachment(
    data: Prisma.TicketAttachmentUncheckedCreateInput,
  ): Promise<TicketAttachmentRow> {
    return this.prisma.$transaction(async (tx) => {
      const row = await tx.ticketAttachment.create({ data });
      await tx.ticket.update({
        where: { id: data.ticketId },
        data: { lastActivityAt: new Date() },
      });
      return row;
    });
  }

  // SLA: policies by owner (a company id or "platform"), breaches found by the worker's sweep.

  slaPolicy(owner: string): Promise<SlaPolicyRow | null> {
    return this.prisma.ticketSlaPolicy.findUnique({ where: { owner } });
  }

  /** The policies of these owners (null: every owner). */
  slaPolicies(owners: string[] | null): Promise<SlaPolicyRow[]> {
    return this.prisma.ticketSlaPolicy.findMany({
      where: owners === null ? {} : { owner: { in: owners } },
    });
  }

  saveSlaPolicy(
    owner: string,
    data: Omit<Prisma.TicketSlaPolicyUncheckedCreateInput, 'owner'>,
  ): Promise<SlaPolicyRow> {
    return this.prisma.ticketSlaPolicy.upsert({
      where: { owner },
      create: { owner, ...data },
      update: data,
    });
  }

  deleteSlaPolicy(owner: string): Promise<boolean> {
    return this.prisma.ticketSlaPolicy.deleteMany({ where: { owner } }).then((r) => r.count === 1);
  }

  /** Worker sweep: tickets with a target at 80 % by `now`, not warned and not yet breached. */
  dueSlaWarnings(now: Date, take: number): Promise<TicketRow[]> {
    return this.prisma.ticket.findMany({
      where: {
        OR: [
          {
            firstResponseWarnAt: { lte: now },
            firstResponseWarnedAt: null,
            firstResponseBreachedAt: null,
          },
          { resolutionWarnAt: { lte: now }, resolutionWarnedAt: null, resolutionBreachedAt: null },
        ],
      },
      take,
    });
  }

  /** Marks one target warned once (false: already warned, or no longer at 80 %). */
  async markWarned(
    id: string,
    target: 'first_response' | 'resolution',
    now: Date,
  ): Promise<boolean> {
    const where: Prisma.TicketWhereInput =
      target === 'first_response'
        ? { id, firstResponseWarnAt: { lte: now }, firstResponseWarnedAt: null }
        : { id, resolutionWarnAt: { lte: now }, resolutionWarnedAt: null };
    const data =
      target === 'first_response' ? { firstResponseWarnedAt: now } : { resolutionWarnedAt: now };
    return (await this.prisma.ticket.updateMany({ where, data })).count === 1;
  }

  /**
   * SLA figures of tickets opened in [from, to), per company of the scope: how many, how many ran
   * under a policy, and how many breached each target.
   */
  async slaReport(
    scope: Scope,
    companyId: string | undefined,
    from: Date,
    to: Date,
  ): Promise<SlaReportCounts[]> {
    const where: Prisma.TicketWhereInput = {
      AND: [companyWhere(scope), companyId ? { companyId } : {}],
      createdAt: { gte: from, lt: to },
    };
    const count = (extra: Prisma.TicketWhereInput) =>
      this.prisma.ticket.groupBy({
        by: ['companyId'],
        where: { ...where, ...extra },
        _count: { _all: true },
      });
    const [all, underSla, firstBreached, resolutionBreached] = await Promise.all([
      count({}),
      count({
        OR: [
          { slaApplies: true },
          { firstResponseBreachedAt: { not: null } },
          { resolutionBreachedAt: { not: null } },
        ],
      }),
      count({ firstResponseBreachedAt: { not: null } }),
      count({ resolutionBreachedAt: { not: null } }),
    ]);
    const of = (rows: typeof all, id: string) =>
      rows.find((r) => r.companyId === id)?._count._all ?? 0;
    return all.map((r) => ({
      companyId: r.companyId,
      tickets: r._count._all,
      underSla: of(underSla, r.companyId),
      firstResponseBreaches: of(firstBreached, r.companyId),
      resolutionBreaches: of(resolutionBreached, r.companyId),
    }));
  }

  /** Worker sweep, every company: tickets with a target due by `now` and not yet marked breached. */
  dueSlaBreaches(now: Date, take: number): Promise<TicketRow[]> {
    return this.prisma.ticket.findMany({
      where: {
        OR: [
          { firstResponseDueAt: { lte: now }, firstResponseBreachedAt: null },
          { resolutionDueAt: { lte: now }, resolutionBreachedAt: null },
        ],
      },
      take,
    });
  }

  /** Marks one target breached once (false: already marked, or no longer due). */
  async markBreached(
    id: string,
    target: 'first_response' | 'resolution',
    now: Date,
  ): Promise<boolean> {
    const where: Prisma.TicketWhereInput =
      target === 'first_response'
        ? { id, firstResponseDueAt: { lte: now }, firstResponseBreachedAt: null }
        : { id, resolutionDueAt: { lte: now }, resolutionBreachedAt: null };
    const data =
      target === 'first_response'
        ? { firstResponseBreachedAt: now }
        : { resolutionBreachedAt: now };
    return (await this.prisma.ticket.updateMany({ where, data })).count === 1;
  }

  // Watchers (the ticket is already checked by the access layer).

  watchers(ticketId: string): Promise<PersonRow[]> {
    return this.prisma.user.findMany({
      where: { ticketWatches: { some: { ticketId } } },
      select: { id: true, name: true, email: true, role: true, companyId: true },
      orderBy: { name: 'asc' },
    });
  }

  async addWatcher(ticketId: string, companyId: string, userId: string): Promise<void> {
    await this.prisma.ticketWatcher.upsert({
      where: { ticketId_userId: { ticketId, userId } },
      create: { ticketId, companyId, userId },
      update: {},
    });
  }

  async removeWatcher(ticketId: string, userId: string): Promise<boolean> {
    return (await this.prisma.ticketWatcher.deleteMany({ where: { ticketId, userId } })).count > 0;
  }

  /** An active user of the company (a customer who may watch its tickets). */
  companyUser(companyId: string, userId: string): Promise<PersonRow | null> {
    return this.prisma.user.findFirst({
      where: { id: userId, companyId, status: 'active' },
      select: { id: true, name: true, email: true, role: true, companyId: true },
    });
  }

  /** The active user with this e-mail address (case-insensitive by the column's collation). */
  userByEmail(email: string): Promise<PersonRow | null> {
    return this.prisma.user.findFirst({
      where: { email, status: 'active' },
      select: { id: true, name: true, email: true, role: true, companyId: true },
    });
  }

  // Read-only lookups for the views (names of people, companies and guests).

  // Prepared statements (SqlReader): every list page reads these, by primary key.

  people(ids: string[]): Promise<PersonRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.sql.rows<PersonRow>(
      `SELECT id, name, email, role, companyId FROM User WHERE id IN (${marks(ids.length)})`,
      ids,
    );
  }

  companyNames(ids: string[]): Promise<{ id: string; name: string }[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.sql.rows(`SELECT id, name FROM Company WHERE id IN (${marks(ids.length)})`, ids);
  }

  async firewallName(id: string): Promise<string | null> {
    const [row] = await this.sql.rows<{ name: string }>(`SELECT name FROM Firewall WHERE id = ?`, [
      id,
    ]);
    return row?.name ?? null;
  }

  guestNames(ids: string[]): Promise<{ id: string; name: string | null }[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.sql.rows(`SELECT id, name FROM Guest WHERE id IN (${marks(ids.length)})`, ids);
  }

  /** MSP staff who may work a company's tickets: operators and its assigned salespeople. */
  staffFor(companyId: string): Promise<PersonRow[]> {
    return this.prisma.user.findMany({
      where: {
        status: 'active',
        OR: [
          { role: 'super_admin' },
          { role: 'salesperson', salespersonAssignments: { some: { companyId } } },
        ],
      },
      select: { id: true, name: true, email: true, role: true, companyId: true },
      orderBy: { name: 'asc' },
    });
  }

  /** Staff for every company in `companyIds` (null = all), for the assignee picker. */
  staff(companyIds: string[] | null): Promise<PersonRow[]> {
    return this.prisma.user.findMany({
      where: {
        status: 'active',
        OR: [
          { role: 'super_admin' },
          {
            role: 'salesperson',
            ...(companyIds === null
              ? {}
              : { salespersonAssignments: { some: { companyId: { in: companyIds } } } }),
          },
        ],
      },
      select: { id: true, name: true, email: true, role: true, companyId: true },
      orderBy: { name: 'asc' },
    });
  }
}
