import type { TicketListQuery, TicketStatus } from '@multpanel/contracts';
import { scopeCompanyIds, type Scope } from '../../common/auth/scope';
import type { SqlValue } from '../../common/prisma/sql-reader.service';

/** The columns a list row shows (no description or context: TEXT and JSON the list never sends). */
export const SUMMARY_COLUMNS = [
  'id',
  'companyId',
  'subject',
  'category',
  'priority',
  'status',
  'requesterId',
  'assigneeId',
  'guestId',
  'jobId',
  'lastActivityAt',
  'createdAt',
  'slaApplies',
  'slaRunningSince',
  'firstResponseDueAt',
  'resolutionDueAt',
  'firstResponseBreachedAt',
  'resolutionBreachedAt',
] as const;

const CLOSED: TicketStatus[] = ['resolved', 'closed'];
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');

export interface TicketListSql {
  page: { sql: string; params: SqlValue[] };
  count: { sql: string; params: SqlValue[] };
}

/**
 * The tickets list as two prepared statements (SqlReader: Prisma's per-query CPU was most of the
 * request). The scope's companies (every company for the `all` scope); role `user` (vm_grants) only
 * tickets it requested, watches or that are about the guests it may view; filters only narrow it. Newest activity first, `id` breaking
 * ties; with `after`, the page starts behind that ticket (keyset) instead of at an offset. The count
 * stops at `countLimit + 1` matches: it reads at most that many index entries.
 */
export function ticketListSql(
  scope: Scope,
  guestIds: string[] | null,
  userId: string,
  q: TicketListQuery,
  after: { at: Date; id: string } | null,
  countLimit: number,
): TicketListSql {
  const where: string[] = [];
  const params: SqlValue[] = [];
  const watches = 'EXISTS (SELECT 1 FROM TicketWatcher w WHERE w.ticketId = t.id AND w.userId = ?)';
  const ids = scopeCompanyIds(scope);
  if (ids !== null) {
    if (ids.length === 0) where.push('FALSE');
    else {
      // A plain equality when possible, so MariaDB walks (companyId, lastActivityAt).
      where.push(ids.length === 1 ? 't.companyId = ?' : `t.companyId IN (${marks(ids.length)})`);
      params.push(...ids);
    }
  }
  if (scope.kind === 'vm_grants') {
    const guests = guestIds ?? [];
    const about = guests.length ? ` OR t.guestId IN (${marks(guests.length)})` : '';
    where.push(`(t.requesterId = ?${about} OR ${watches})`);
    params.push(scope.userId, ...guests, scope.userId);
  }
  if (q.view === 'mine') {
    where.push(`(t.assigneeId = ? OR t.requesterId = ? OR ${watches})`);
    params.push(userId, userId, userId);
  }
  if (q.view === 'mentions') {
    where.push('EXISTS (SELECT 1 FROM TicketMention m WHERE m.userId = ? AND m.ticketId = t.id)');
    params.push(userId);
  }
  const open = `t.status NOT IN (${marks(CLOSED.length)})`;
  if (q.view === 'unassigned') {
    where.push(`t.assigneeId IS NULL AND ${open}`);
    params.push(...CLOSED);
  }
  if (q.view === 'breaching') {
    where.push(
      `${open} AND (t.firstResponseBreachedAt IS NOT NULL OR t.resolutionBreachedAt IS NOT NULL)`,
    );
    params.push(...CLOSED);
  }
  if (q.active !== undefined) {
    where.push(q.active ? open : `t.status IN (${marks(CLOSED.length)})`);
    params.push(...CLOSED);
  }
  const eq = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    where.push(`t.${column} = ?`);
    params.push(value);
  };
  eq('status', q.status);
  eq('priority', q.priority);
  eq('category', q.category);
  eq('companyId', q.companyId);
  eq('guestId', q.guestId);
  eq('assigneeId', q.assigneeId);
  if (q.search) {
    where.push('t.subject LIKE ?');
    params.push(`%${likeEscape(q.search)}%`);
  }
  const whereSql = where.length ? where.join(' AND ') : 'TRUE';
  const columns = SUMMARY_COLUMNS.map((c) => `t.\`${c}\``).join(', ');
  const keyset = after ? ' AND (t.lastActivityAt < ? OR (t.lastActivityAt = ? AND t.id < ?))' : '';
  return {
    page: {
      sql:
        `SELECT ${columns} FROM Ticket t WHERE ${whereSql}${keyset} ` +
        'ORDER BY t.lastActivityAt DESC, t.id DESC LIMIT ? OFFSET ?',
      params: [
        ...params,
        ...(after ? [after.at, after.at, after.id] : []),
        q.pageSize + 1,
        after ? 0 : (q.page - 1) * q.pageSize,
      ],
    },
    count: {
      sql: `SELECT COUNT(*) AS n FROM (SELECT 1 FROM Ticket t WHERE ${whereSql} LIMIT ?) AS c`,
      params: [...params, countLimit + 1],
    },
  };
}
