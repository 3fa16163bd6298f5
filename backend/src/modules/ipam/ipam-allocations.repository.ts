import { Injectable } from '@nestjs/common';
import {
  driverConnection,
  PrismaService,
  type DriverConnection,
} from '../../common/prisma/prisma.service';
import type {
  IpAddress,
  IpAddressStatus,
  IpEventAction,
  IpPurpose,
} from '../../generated/prisma/client';
import { uuidv7 } from '../guests/guests.repository';
import { carve, giveBack, type FreeRun, type RunChange } from './ipam-free-runs';

export interface NewAddress {
  status: Extract<IpAddressStatus, 'allocated' | 'reserved'>;
  purpose: IpPurpose;
  companyId: string | null;
  guestId: string | null;
  nic: number | null;
  hostname: string | null;
  note: string | null;
  actorId: string | null;
}

export type TakeOutcome =
  | { ok: true; row: IpAddress }
  | { ok: false; reason: 'missing' }
  | { ok: false; reason: 'exhausted' }
  | { ok: false; reason: 'taken'; status: IpAddressStatus | null };

export type ReleaseOutcome = { ok: true; row: IpAddress; freed: boolean } | { ok: false };

// Every change to a range's addresses runs in a transaction that first locks the range row, so
// allocations in one range queue there whichever API or worker process makes them; READ COMMITTED
// lets each one see the runs the previous one left. The unique (rangeId, offset) index is the last
// guard: a duplicate would fail the insert, and the transaction is retried. Inside one process the
// changes to a range also queue in memory first, so a burst waits without holding a pooled
// connection each (only one per process waits on the row lock); correctness never depends on it.
//
// The engine sends its SQL to the driver itself, on a connection of Prisma's pool: an allocation is
// eight short statements, and through Prisma each cost a query compilation and a prepare/execute/
// close on the server (~9 ms of CPU and ~16 round trips per allocation). Here statements that do
// not wait for an answer go out together (the driver pipelines them). A next-free allocation in an
// IPv4 range is one round trip: BEGIN with the stored procedure ipam_take_next, which locks the
// range, carves its first free run, writes the row and its history and commits. IPv6 (the address
// text is the platform's own) and static addresses take two: BEGIN + lock + the run, then
// ipam_take_commit (carve, row, history, commit). Each round trip is a wake-up of
// the server's and this process's threads; on a loaded machine those waits, not the statements'
// work or the commit's log flush, made the tail (issue 17: measured per round trip in the bench).
const RETRIES = 3;
const BEGIN = ['SET TRANSACTION ISOLATION LEVEL READ COMMITTED', 'START TRANSACTION'];
const ROW_COLUMNS =
  'id, rangeId, `offset`, address, status, purpose, companyId, guestId, nic, hostname, note, ' +
  'actorId, allocatedAt, holdUntil, updatedAt';

const TAKE_COMMIT = `CALL ipam_take_commit(${Array(20).fill('?').join(', ')})`;
const TAKE_NEXT = `CALL ipam_take_next(${Array(13).fill('?').join(', ')})`;
const TAKE_NEXT_ANSWER =
  'SELECT @ipam_take_outcome AS outcome, @ipam_take_start AS startOffset, ' +
  '@ipam_take_end AS endOffset, @ipam_take_address AS address';

/** ipam_take_next's answer: `taken` (committed), `run` (the first free run, or none), `missing`. */
type TakeNextSqlRow = {
  outcome: 'taken' | 'run' | 'missing';
  startOffset: bigint | null;
  endOffset: bigint | null;
  address: string | null;
};

function takeNextArgs(
  id: string,
  rangeId: string,
  data: NewAddress,
  action: IpEventAction,
  at: Date,
): unknown[] {
  return [
    rangeId,
    id,
    data.status,
    data.purpose,
    data.companyId,
    data.guestId,
    data.nic,
    data.hostname,
    data.note,
    data.actorId,
    at,
    uuidv7(at.getTime()),
    action,
  ];
}

/** ipam_take_commit's arguments: `changes` (a run's carve), the new row and its event. */
function takeCommitArgs(
  changes: RunChange[],
  row: IpAddress,
  action: IpEventAction,
  at: Date,
): unknown[] {
  const [first, added] = changes;
  const to = first.op === 'update' ? first.to : null;
  const created = added?.op === 'create' ? added.to : null;
  const runStart = first.op === 'create' ? null : first.start;
  if (runStart === null || (added && !created) || changes.length > 2) {
    throw new Error('ipam_take_commit takes the changes of one carve');
  }
  return [
    row.rangeId,
    runStart,
    to?.start ?? null,
    to?.end ?? null,
    created?.start ?? null,
    created?.end ?? null,
    row.id,
    row.offset,
    row.address,
    row.status,
    row.purpose,
    row.companyId,
    row.guestId,
    row.nic,
    row.hostname,
    row.note,
    row.actorId,
    at,
    uuidv7(at.getTime()),
    action,
  ];
}

/** A DATETIME(3) as stored by Prisma (UTC), without depending on the connection's time zone. */
const sqlTime = (d: Date) => d.toISOString().slice(0, 23).replace('T', ' ');
const fromSqlTime = (s: string) => new Date(`${s.replace(' ', 'T')}Z`);

type AddressSqlRow = Omit<IpAddress, 'allocatedAt' | 'holdUntil' | 'updatedAt'> & {
  allocatedAt: string;
  holdUntil: string | null;
  updatedAt: string;
};
const toRow = (r: AddressSqlRow): IpAddress => ({
  ...r,
  offset: BigInt(r.offset),
  allocatedAt: fromSqlTime(r.allocatedAt),
  holdUntil: r.holdUntil === null ? null : fromSqlTime(r.holdUntil),
  updatedAt: fromSqlTime(r.updatedAt),
});

interface Written {
  affectedRows: number;
}
type RunSqlRow = { startOffset: bigint; endOffset: bigint };
const toRun = (rows: RunSqlRow[]): FreeRun | null =>
  rows.length ? { start: BigInt(rows[0].startOffset), end: BigInt(rows[0].endOffset) } : null;

const isUniqueViolation = (e: unknown) => (e as { errno?: number }).errno === 1062;

/** The statements of one transaction on one connection; `send` does not wait for the answer. */
class Tx {
  constructor(private readonly conn: DriverConnection) {}

  send<T>(sql: string, values: unknown[] = []): Promise<T> {
    const answer = this.conn.query<T>(
      { sql, dateStrings: true, bigIntAsNumber: false },
      values.map((v) => (v instanceof Date ? sqlTime(v) : v)),
    );
    // The caller awaits it (alone or with others); a failure must not go unhandled meanwhile.
    answer.catch(() => undefined);
    return answer;
  }
}

/** The allocation engine's storage: free runs, address rows and their history. */
@Injectable()
export class IpamAllocationsRepository {
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly prisma: PrismaService) {}

  /** Runs `fn` after every earlier change to `rangeId` made by this process. */
  private serial<T>(rangeId: string, fn: () => Promise<T>): Promise<T> {
    const run = (this.queues.get(rangeId) ?? Promise.resolve()).then(fn);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(rangeId, tail);
    void tail.then(() => {
      if (this.queues.get(rangeId) === tail) this.queues.delete(rangeId);
    });
    return run;
  }

  /**
   * One transaction on a pooled connection: BEGIN goes out with `fn`'s first statements; COMMIT
   * once `fn` returned, ROLLBACK when it threw or asked for it (`rollback`: nothing to keep);
   * nothing when `fn` committed itself (`committed`: its last statement was ipam_take_commit).
   */
  private async transaction<T>(
    fn: (
      tx: Tx,
      begun: Promise<unknown>,
    ) => Promise<{ value: T; rollback?: boolean; committed?: boolean }>,
  ): Promise<T> {
    const conn = await driverConnection(this.prisma);
    const tx = new Tx(conn);
    let broken = false;
    try {
      const begun = Promise.all(BEGIN.map((sql) => tx.send(sql)));
      begun.catch(() => undefined); // awaited below, or the statement after it failed first
      const out = await fn(tx, begun);
      await begun;
      if (!out.committed) await tx.send(out.rollback ? 'ROLLBACK' : 'COMMIT');
      return out.value;
    } catch (e) {
      await tx.send('ROLLBACK').catch(() => {
        broken = true;
      });
      throw e;
    } finally {
      if (broken || !conn.isValid()) conn.destroy();
      else await conn.release();
    }
  }

  /**
   * Takes `offset` (a static address) or, when null, the lowest free one. `format` gives the
   * address text of an offset. Expired holds are reclaimed on the way when the range is full.
   */
  async take(
    rangeId: string,
    offset: bigint | null,
    data: NewAddress,
    format: (offset: bigint) => string,
  ): Promise<TakeOutcome> {
    return this.serial(rangeId, () => this.takeNow(rangeId, offset, data, format));
  }

  private async takeNow(
    rangeId: string,
    offset: bigint | null,
    data: NewAddress,
    format: (offset: bigint) => string,
  ): Promise<TakeOutcome> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.transaction<TakeOutcome>(async (tx, begun) => {
          const fail = (value: TakeOutcome) => ({ value, rollback: true });
          const now = new Date();
          const action = data.status === 'reserved' ? 'reserve' : 'allocate';
          const id = uuidv7();
          const newRow = (target: bigint, address: string): IpAddress => ({
            id,
            rangeId,
            offset: target,
            address,
            ...data,
            allocatedAt: now,
            holdUntil: null,
            updatedAt: now,
          });
          // First round trip, sent with BEGIN: the range row's lock and its counter (undone with
          // the rest when nothing is taken) and the run lookup; for next-free one procedure that
          // also takes the address and commits when it can (IPv4: the whole allocation).
          let found: boolean;
          let candidate: FreeRun | null;
          if (offset === null) {
            const [, , [first]] = await Promise.all([
              begun,
              tx.send(TAKE_NEXT, takeNextArgs(id, rangeId, data, action, now)),
              tx.send<TakeNextSqlRow[]>(TAKE_NEXT_ANSWER),
            ]);
            if (first.outcome === 'taken') {
              const row = newRow(BigInt(first.startOffset!), first.address!);
              return { value: { ok: true, row }, committed: true };
            }
            found = first.outcome !== 'missing';
            candidate = toRun(first.startOffset === null ? [] : [first as RunSqlRow]);
          } else {
            [, found, candidate] = await Promise.all([
              begun,
              this.recount(tx, rangeId, { [data.status]: 1 }),
              this.runBelow(tx, rangeId, offset + 1n),
            ]);
          }
          if (!found) return fail({ ok: false, reason: 'missing' });
          let target: bigint;
          let run: FreeRun | null = null; // the free run `target` is carved from
          const writes: Promise<unknown>[] = [];
          if (offset === null) {
            run = candidate;
            if (!run && (await this.reclaimIn(tx, rangeId, now, 1)) > 0) {
              run = await this.firstRun(tx, rangeId);
            }
            if (!run) return fail({ ok: false, reason: 'exhausted' });
            target = run.start;
          } else {
            target = offset;
            if (candidate && candidate.end >= target) run = candidate;
            else {
              const [held] = (
                await tx.send<AddressSqlRow[]>(
                  `SELECT ${ROW_COLUMNS} FROM IpAddress WHERE rangeId = ? AND \`offset\` = ?`,
                  [rangeId, target],
                )
              ).map(toRow);
              if (!held || held.status !== 'held' || !held.holdUntil || held.holdUntil > now) {
                return fail({ ok: false, reason: 'taken', status: held?.status ?? null });
              }
              // A hold that has run out: the address is free, hand it out straight away.
              writes.push(
                tx.send('DELETE FROM IpAddress WHERE id = ?', [held.id]),
                this.recount(tx, rangeId, { held: -1 }),
                this.event(tx, held, 'reclaim', null, now),
              );
            }
          }
          const row = newRow(target, format(target));
          if (run) {
            // The common case: carve, row, history and COMMIT in one round trip (the procedure
            // rolls everything back itself when a statement fails, e.g. a duplicate offset).
            await tx.send(TAKE_COMMIT, takeCommitArgs(carve(run, target), row, action, now));
            return { value: { ok: true, row }, committed: true };
          }
          writes.push(
            tx.send(
              `INSERT INTO IpAddress (${ROW_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
              [
                row.id,
                row.rangeId,
                row.offset,
                row.address,
                row.status,
                row.purpose,
                row.companyId,
                row.guestId,
                row.nic,
                row.hostname,
                row.note,
                row.actorId,
                row.allocatedAt,
                row.holdUntil,
                row.updatedAt,
              ],
            ),
            this.event(tx, row, action, data.actorId, now),
          );
          await Promise.all(writes);
          return { value: { ok: true, row } };
        });
      } catch (e) {
        if (isUniqueViolation(e) && attempt < RETRIES) continue;
        throw e;
      }
    }
  }

  /**
   * Releases an address of `rangeId`: `holdUntil` set = it stays held until then (a guest's
   * address is not reused at once); null = free now.
   */
  release(
    rangeId: string,
    addressId: string,
    holdUntil: Date | null,
    actorId: string | null,
  ): Promise<ReleaseOutcome> {
    return this.serial(rangeId, () => this.releaseNow(rangeId, addressId, holdUntil, actorId));
  }

  private releaseNow(
    rangeId: string,
    addressId: string,
    holdUntil: Date | null,
    actorId: string | null,
  ): Promise<ReleaseOutcome> {
    return this.transaction<ReleaseOutcome>(async (tx, begun) => {
      const [, found, rows] = await Promise.all([
        begun,
        this.lock(tx, rangeId),
        tx.send<AddressSqlRow[]>(
          `SELECT ${ROW_COLUMNS} FROM IpAddress WHERE id = ? AND rangeId = ?`,
          [addressId, rangeId],
        ),
      ]);
      const row = rows.length ? toRow(rows[0]) : null;
      if (!found || !row) return { value: { ok: false }, rollback: true };
      if (row.status === 'held' && holdUntil) {
        return { value: { ok: true, row, freed: false }, rollback: true };
      }
      const now = new Date();
      if (holdUntil) {
        await Promise.all([
          tx.send(
            "UPDATE IpAddress SET status = 'held', holdUntil = ?, updatedAt = ? WHERE id = ?",
            [holdUntil, now, row.id],
          ),
          this.recount(tx, rangeId, { [row.status]: -1, held: 1 }),
          this.event(tx, row, 'release', actorId, now),
        ]);
        const held: IpAddress = { ...row, status: 'held', holdUntil, updatedAt: now };
        return { value: { ok: true, row: held, freed: false } };
      }
      await this.free(tx, row, row.status === 'held' ? 'reclaim' : 'release', actorId, now);
      return { value: { ok: true, row, freed: true } };
    });
  }

  /** Frees held addresses whose hold has run out (at most `limit`); returns how many. */
  async reclaimExpired(now: Date, limit = 1000): Promise<number> {
    const due = await this.prisma.ipAddress.groupBy({
      by: ['rangeId'],
      where: { status: 'held', holdUntil: { lte: now } },
      _count: { _all: true },
    });
    let total = 0;
    for (const { rangeId } of due) {
      if (total >= limit) break;
      const budget = limit - total;
      total += await this.serial(rangeId, () =>
        this.transaction(async (tx, begun) => {
          const [, found] = await Promise.all([begun, this.lock(tx, rangeId)]);
          return { value: found ? await this.reclaimIn(tx, rangeId, now, budget) : 0 };
        }),
      );
    }
    return total;
  }

  // --- inside a transaction -------------------------------------------------------------------

  private async lock(tx: Tx, rangeId: string): Promise<boolean> {
    const rows = await tx.send<unknown[]>('SELECT id FROM IpRange WHERE id = ? FOR UPDATE', [
      rangeId,
    ]);
    return rows.length === 1;
  }

  private async reclaimIn(tx: Tx, rangeId: string, now: Date, limit: number): Promise<number> {
    const rows = (
      await tx.send<AddressSqlRow[]>(
        `SELECT ${ROW_COLUMNS} FROM IpAddress WHERE rangeId = ? AND status = 'held'
         AND holdUntil <= ? ORDER BY \`offset\` LIMIT ?`,
        [rangeId, now, Math.max(1, Math.min(limit, 1000))],
      )
    ).map(toRow);
    for (const row of rows) await this.free(tx, row, 'reclaim', null, now);
    return rows.length;
  }

  /** Deletes the row, gives its offset back to the free runs and records `action`. */
  private async free(
    tx: Tx,
    row: IpAddress,
    action: IpEventAction,
    actorId: string | null,
    now: Date,
  ): Promise<void> {
    const [before, afterRows] = await Promise.all([
      this.runBelow(tx, row.rangeId, row.offset),
      tx.send<RunSqlRow[]>(
        'SELECT startOffset, endOffset FROM IpRangeFree WHERE rangeId = ? AND startOffset = ?',
        [row.rangeId, row.offset + 1n],
      ),
      tx.send('DELETE FROM IpAddress WHERE id = ?', [row.id]),
      this.recount(tx, row.rangeId, { [row.status]: -1 }),
      this.event(tx, row, action, actorId, now),
    ]);
    await this.applyRuns(tx, row.rangeId, giveBack(before, toRun(afterRows), row.offset));
  }

  private async firstRun(tx: Tx, rangeId: string): Promise<FreeRun | null> {
    return toRun(
      await tx.send<RunSqlRow[]>(
        'SELECT startOffset, endOffset FROM IpRangeFree WHERE rangeId = ? ORDER BY startOffset LIMIT 1',
        [rangeId],
      ),
    );
  }

  /** The run with the greatest start below `bound`. */
  private async runBelow(tx: Tx, rangeId: string, bound: bigint): Promise<FreeRun | null> {
    return toRun(
      await tx.send<RunSqlRow[]>(
        `SELECT startOffset, endOffset FROM IpRangeFree WHERE rangeId = ? AND startOffset < ?
         ORDER BY startOffset DESC LIMIT 1`,
        [rangeId, bound],
      ),
    );
  }

  /**
   * Keeps the range's per-status row counts with the rows; the first one in a transaction also
   * takes the range's row lock. True when the range exists. (Not the range's `updatedAt`: an
   * allocation does not edit the range.)
   */
  private async recount(
    tx: Tx,
    rangeId: string,
    delta: Partial<Record<IpAddressStatus, number>>,
  ): Promise<boolean> {
    const { allocated = 0, reserved = 0, held = 0 } = delta;
    const out = await tx.send<Written>(
      `UPDATE IpRange SET allocatedCount = allocatedCount + ?, reservedCount = reservedCount + ?,
         heldCount = heldCount + ? WHERE id = ?`,
      [allocated, reserved, held, rangeId],
    );
    return out.affectedRows === 1;
  }

  /** The statements of `changes`, sent together (each names its row by the key it had before). */
  private async applyRuns(tx: Tx, rangeId: string, changes: RunChange[]): Promise<void> {
    await Promise.all(
      changes.map((c) => {
        if (c.op === 'delete') {
          return tx.send('DELETE FROM IpRangeFree WHERE rangeId = ? AND startOffset = ?', [
            rangeId,
            c.start,
          ]);
        }
        if (c.op === 'update') {
          return tx.send(
            'UPDATE IpRangeFree SET startOffset = ?, endOffset = ? WHERE rangeId = ? AND startOffset = ?',
            [c.to.start, c.to.end, rangeId, c.start],
          );
        }
        return tx.send(
          'INSERT INTO IpRangeFree (rangeId, startOffset, endOffset) VALUES (?, ?, ?)',
          [rangeId, c.to.start, c.to.end],
        );
      }),
    );
  }

  private event(
    tx: Tx,
    row: IpAddress,
    action: IpEventAction,
    actorId: string | null,
    at: Date,
  ): Promise<unknown> {
    return tx.send(
      `INSERT INTO IpAddressEvent (id, rangeId, \`offset\`, address, action, companyId, guestId, nic,
         purpose, actorId, note, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        uuidv7(at.getTime()),
        row.rangeId,
        row.offset,
        row.address,
        action,
        row.companyId,
        row.guestId,
        row.nic,
        row.purpose,
        actorId,
        row.note,
        at,
      ],
    );
  }
}
