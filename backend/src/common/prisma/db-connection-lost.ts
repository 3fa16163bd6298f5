/**
 * A statement failed because its database connection went away (the server killed it, restarted, or
 * the socket broke), not because of what it asked. Reads may be sent again; a write may or may not
 * have been applied, so it is never repeated here: the HTTP layer answers 503 (the client retries) and
 * a job is retried from its checkpoints.
 */

/** MariaDB server and driver errors that mean "the connection is gone". */
const LOST_ERRNOS = new Set([
  1053, // ER_SERVER_SHUTDOWN
  1927, // ER_CONNECTION_KILLED
  2006, // CR_SERVER_GONE_ERROR
  2013, // CR_SERVER_LOST
  45001, // ER_CONNECTION_ALREADY_CLOSED (driver)
  45004, // ER_CMD_NOT_EXECUTED_DESTROYED (its connection was destroyed before it ran)
  45009, // ER_SOCKET_UNEXPECTED_CLOSE
  45012, // ER_CONNECTION_TIMEOUT (a new connection did not open in time)
  45013, // ER_CMD_CONNECTION_CLOSED
  45019, // ER_SOCKET
  45026, // ER_SOCKET_TIMEOUT
  // The pool had no live connection to give in time: seen while hundreds of connections were killed.
  45028, // ER_GET_CONNECTION_TIMEOUT
  45042, // ER_PING_TIMEOUT
]);
/** Socket errors the driver passes on as they are. */
const LOST_SYSCALL_CODES = new Set(['EPIPE', 'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED']);
/** Prisma's own: database not reachable, server closed the connection, no pool connection in time. */
const LOST_PRISMA_CODES = new Set(['P1001', 'P1017', 'P2024']);

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  errno?: unknown;
  sqlState?: unknown;
  fatal?: unknown;
  state?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: { cause?: unknown } };
}

/**
 * A read whose connection broke twice in a row (the rerun on a fresh connection failed too), from the
 * code that talks to the driver itself (SqlReader): the driver then passes on raw socket errors
 * (`write EPIPE`) that say nothing of the database, so they are wrapped in this.
 */
export class DbConnectionLostError extends Error {
  constructor(cause: unknown) {
    super(`database connection lost: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'DbConnectionLostError';
  }
}

function lostHere(e: ErrorLike): boolean {
  if (e.name === 'DbConnectionLostError') return true;
  if (
    typeof e.code === 'string' &&
    (LOST_SYSCALL_CODES.has(e.code) || LOST_PRISMA_CODES.has(e.code))
  ) {
    return true;
  }
  // The driver adapter's error cause ({ kind: 'mysql', code, state }) or the driver's SqlError.
  const errno = typeof e.errno === 'number' ? e.errno : typeof e.code === 'number' ? e.code : null;
  if (errno !== null && LOST_ERRNOS.has(errno)) return true;
  const state = typeof e.sqlState === 'string' ? e.sqlState : e.state;
  // SQLSTATE class 08: connection exception.
  return typeof state === 'string' && state.startsWith('08');
}

/**
 * Whether `err` (a Prisma client error, the driver adapter's error or the mariadb driver's own) says
 * the database connection was lost. Errors of other kinds (Proxmox, HTTP) are never matched: only
 * Prisma's and the driver's error types are looked into.
 */
export function isDbConnectionLost(err: unknown): boolean {
  return dbErrorMatches(err, lostHere);
}

/** A deadlock or lock wait timeout: MariaDB rolled the statement (or transaction) back; run it again. */
const CONFLICT_ERRNOS = new Set([1205, 1213]);

function conflictHere(e: ErrorLike): boolean {
  if (e.code === 'P2034') return true; // Prisma: write conflict or deadlock
  const errno = typeof e.errno === 'number' ? e.errno : typeof e.code === 'number' ? e.code : null;
  return errno !== null && CONFLICT_ERRNOS.has(errno);
}

/**
 * Whether a job hit by `err` should be retried from its checkpoints instead of failed: the
 * connection was lost, or the database rolled its write back over a deadlock or lock wait.
 */
export function isDbTransient(err: unknown): boolean {
  return dbErrorMatches(err, (e) => lostHere(e) || conflictHere(e));
}

function dbErrorMatches(err: unknown, here: (e: ErrorLike) => boolean): boolean {
  let e = err as ErrorLike | undefined;
  for (let depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const name = typeof e.name === 'string' ? e.name : '';
    const fromDb =
      name.startsWith('PrismaClient') ||
      name === 'DriverAdapterError' ||
      name === 'SqlError' ||
      name === 'DbConnectionLostError';
    if (!fromDb && depth === 0) return false;
    if (here(e)) return true;
    const adapterCause = e.meta?.driverAdapterError?.cause;
    if (adapterCause && typeof adapterCause === 'object' && here(adapterCause as ErrorLike)) {
      return true;
    }
    e = e.cause as ErrorLike | undefined;
  }
  return false;
}

/** Inside the driver adapter: the error thrown by the driver, before Prisma wraps it. */
export function isDriverConnectionLost(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as ErrorLike;
  if (lostHere(e)) return true;
  return Boolean(e.cause && typeof e.cause === 'object' && lostHere(e.cause as ErrorLike));
}
