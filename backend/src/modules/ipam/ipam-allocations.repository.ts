import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../common/prisma/prisma.service';
import {
  Prisma,
  type IpAddress,
  type IpAddressStatus,
  type IpEventAction,
  type IpPurpose,
} from '../../generated/prisma/client';
import { uuidv7 } from '../guests/guests.repository';
import { carve, giveBack, type FreeRun, type RunChange } from './ipam-free-runs';

type Tx = Prisma.TransactionClient;

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
const TX = {
  isolationLevel: Prisma.TransactionIsolationLevel.ReadCommitted,
  maxWait: 15_000,
  timeout: 15_000,
};
const RETRIES = 3;

const isUniqueViolation = (e: unknown) =>
  e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002';

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
        return await this.prisma.$transaction(async (tx) => {
          if (!(await this.lock(tx, rangeId))) return { ok: false, reason: 'missing' } as const;
          const now = new Date();
          let target: bigint;
          if (offset === null) {
            let run = await this.firstRun(tx, rangeId);
            if (!run && (await this.reclaimIn(tx, rangeId, now, 1)) > 0) {
              run = await this.firstRun(tx, rangeId);
            }
            if (!run) return { ok: false, reason: 'exhausted' } as const;
            target = run.start;
            await this.applyRuns(tx, rangeId, carve(run, target));
          } else {
            target = offset;
            const run = await this.runBelow(tx, rangeId, target + 1n);
            if (run && run.end >= target) {
              await this.applyRuns(tx, rangeId, carve(run, target));
            } else {
              const held = await tx.ipAddress.findUnique({
                where: { rangeId_offset: { rangeId, offset: target } },
              });
              if (!held || held.status !== 'held' || !held.holdUntil || held.holdUntil > now) {
                return { ok: false, reason: 'taken', status: held?.status ?? null } as const;
              }
              // A hold that has run out: the address is free, hand it out straight away.
              await tx.ipAddress.delete({ where: { id: held.id } });
              await this.recount(tx, rangeId, { held: -1 });
              await this.event(tx, held, 'reclaim', null);
            }
          }
          // createMany: one INSERT each, nothing read back (MySQL has no RETURNING).
          const row: IpAddress = {
            id: uuidv7(),
            rangeId,
            offset: target,
            address: format(target),
            ...data,
            allocatedAt: now,
            holdUntil: null,
            updatedAt: now,
          };
          await tx.ipAddress.createMany({ data: [row] });
          await this.recount(tx, rangeId, { [data.status]: 1 });
          await this.event(
            tx,
            row,
            data.status === 'reserved' ? 'reserve' : 'allocate',
            data.actorId,
          );
          return { ok: true, row } as const;
        }, TX);
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
    return this.prisma.$transaction(async (tx) => {
      if (!(await this.lock(tx, rangeId))) return { ok: false } as const;
      const row = await tx.ipAddress.findFirst({ where: { id: addressId, rangeId } });
      if (!row) return { ok: false } as const;
      if (row.status === 'held' && holdUntil) return { ok: true, row, freed: false } as const;
      if (holdUntil) {
        const held = await tx.ipAddress.update({
          where: { id: row.id },
          data: { status: 'held', holdUntil },
        });
        await this.recount(tx, rangeId, { [row.status]: -1, held: 1 });
        await this.event(tx, row, 'release', actorId);
        return { ok: true, row: held, freed: false } as const;
      }
      await this.free(tx, row);
      await this.event(tx, row, row.status === 'held' ? 'reclaim' : 'release', actorId);
      return { ok: true, row, freed: true } as const;
    }, TX);
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
        this.prisma.$transaction(async (tx) => {
          if (!(await this.lock(tx, rangeId))) return 0;
          return this.reclaimIn(tx, rangeId, now, budget);
        }, TX),
      );
    }
    return total;
  }

  // --- inside a transaction -------------------------------------------------------------------

  private async lock(tx: Tx, rangeId: string): Promise<boolean> {
    const rows = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT id FROM IpRange WHERE id = ${rangeId} FOR UPDATE`;
    return rows.length === 1;
  }

  private async reclaimIn(tx: Tx, rangeId: string, now: Date, limit: number): Promise<number> {
    const rows = await tx.ipAddress.findMany({
      where: { rangeId, status: 'held', holdUntil: { lte: now } },
      orderBy: { offset: 'asc' },
      take: Math.max(1, Math.min(limit, 1000)),
    });
    for (const row of rows) {
      await this.free(tx, row);
      await this.event(tx, row, 'reclaim', null);
    }
    return rows.length;
  }

  private async free(tx: Tx, row: IpAddress): Promise<void> {
    await tx.ipAddress.delete({ where: { id: row.id } });
    await this.recount(tx, row.rangeId, { [row.status]: -1 });
    const before = await this.runBelow(tx, row.rangeId, row.offset);
    const afterRow = await tx.ipRangeFree.findUnique({
      where: { rangeId_startOffset: { rangeId: row.rangeId, startOffset: row.offset + 1n } },
    });
    const after = afterRow ? { start: afterRow.startOffset, end: afterRow.endOffset } : null;
    await this.applyRuns(tx, row.rangeId, giveBack(before, after, row.offset));
  }

  private async firstRun(tx: Tx, rangeId: string): Promise<FreeRun | null> {
    const r = await tx.ipRangeFree.findFirst({
      where: { rangeId },
      orderBy: { startOffset: 'asc' },
    });
    return r ? { start: r.startOffset, end: r.endOffset } : null;
  }

  /** The run with the greatest start below `bound`. */
  private async runBelow(tx: Tx, rangeId: string, bound: bigint): Promise<FreeRun | null> {
    const r = await tx.ipRangeFree.findFirst({
      where: { rangeId, startOffset: { lt: bound } },
      orderBy: { startOffset: 'desc' },
    });
    return r ? { start: r.startOffset, end: r.endOffset } : null;
  }

  /**
   * Keeps the range's per-status row counts with the rows (the caller holds the range's row lock).
   * Raw SQL: Prisma's update would also move the range's `updatedAt` on every allocation.
   */
  private async recount(
    tx: Tx,
    rangeId: string,
    delta: Partial<Record<IpAddressStatus, number>>,
  ): Promise<void> {
    const { allocated = 0, reserved = 0, held = 0 } = delta;
    await tx.$executeRaw`
      UPDATE IpRange SET allocatedCount = allocatedCount + ${allocated},
        reservedCount = reservedCount + ${reserved}, heldCount = heldCount + ${held}
      WHERE id = ${rangeId}`;
  }

  private async applyRuns(tx: Tx, rangeId: string, changes: RunChange[]): Promise<void> {
    for (const c of changes) {
      if (c.op === 'delete') {
        await tx.ipRangeFree.deleteMany({ where: { rangeId, startOffset: c.start } });
      } else if (c.op === 'update') {
        await tx.ipRangeFree.updateMany({
          where: { rangeId, startOffset: c.start },
          data: { startOffset: c.to.start, endOffset: c.to.end },
        });
      } else {
        await tx.ipRangeFree.create({
          data: { rangeId, startOffset: c.to.start, endOffset: c.to.end },
        });
      }
    }
  }

  private event(tx: Tx, row: IpAddress, action: IpEventAction, actorId: string | null) {
    // createMany: one INSERT, without reading the row back.
    return tx.ipAddressEvent.createMany({
      data: {
        rangeId: row.rangeId,
        offset: row.offset,
        address: row.address,
        action,
        companyId: row.companyId,
        guestId: row.guestId,
        nic: row.nic,
        purpose: row.purpose,
        actorId,
        note: row.note,
      },
    });
  }
}
