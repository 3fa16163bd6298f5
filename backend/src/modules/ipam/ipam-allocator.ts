import { Injectable } from '@nestjs/common';
import type { IpAddressView } from '@multpanel/contracts';
import type { AccessibleIpRange } from '../../common/access/access.service';
import { AppError, notFound } from '../../common/errors/app-error';
import type { IpAddress } from '../../generated/prisma/client';
import { IpamAllocationsRepository, type NewAddress } from './ipam-allocations.repository';
import { addressTaken, rangeExhausted } from './ipam.errors';
import { IpamRepository } from './ipam.repository';
import { toIpAddressView } from './ipam.mapper';
import { addressText, offsetOf } from './ipam-rules';

/**
 * Takes and gives back addresses on the allocation engine, answering in the API's terms: a missing
 * range or address is a 404, a full range or a taken address a 409 naming the range. No access
 * checks: the services calling it make them first.
 */
@Injectable()
export class IpamAllocator {
  constructor(
    private readonly repo: IpamRepository,
    private readonly engine: IpamAllocationsRepository,
  ) {}

  /** `address` (static) or the range's next free one. */
  async take(
    range: AccessibleIpRange,
    address: string | undefined,
    data: NewAddress,
  ): Promise<IpAddress> {
    const offset = address === undefined ? null : offsetOf(range, address);
    const out = await this.engine.take(range.id, offset, data, (o) => addressText(range, o));
    if (out.ok) return out.row;
    if (out.reason === 'missing') throw notFound('IP range');
    if (out.reason === 'exhausted') throw rangeExhausted(range);
    throw addressTaken(range, addressText(range, offset!), out.status);
  }

  /** The first of `prefer` (e.g. a migrated guest's old address) the range holds free, else any free one. */
  async takePreferred(
    range: AccessibleIpRange,
    prefer: string[],
    data: NewAddress,
  ): Promise<IpAddress> {
    for (const address of prefer) {
      try {
        return await this.take(range, address, data);
      } catch (err) {
        const skip = ['VALIDATION_FAILED', 'IPAM_ADDRESS_OUTSIDE_RANGE', 'IPAM_ADDRESS_TAKEN'];
        if (!(err instanceof AppError && skip.includes(err.code))) throw err;
      }
    }
    return this.take(range, undefined, data);
  }

  /** Gives an address back: an allocated one held for `holdSeconds` unless `immediate`. */
  async release(
    row: IpAddress,
    holdSeconds: number,
    immediate: boolean,
    actorId: string | null,
  ): Promise<{ row: IpAddress; freed: boolean }> {
    const hold = row.status === 'allocated' && !immediate && holdSeconds > 0;
    const holdUntil = hold ? new Date(Date.now() + holdSeconds * 1000) : null;
    const out = await this.engine.release(row.rangeId, row.id, holdUntil, actorId);
    if (!out.ok) throw notFound('Address');
    return out;
  }

  /** Frees addresses at once, without a hold (an allocation undone before it was used). */
  async releaseNow(addressIds: string[]): Promise<void> {
    for (const id of addressIds) {
      const row = await this.repo.findAddress(null, id);
      if (row) await this.engine.release(row.rangeId, row.id, null, null);
    }
  }

  /** A range usable by `companyId` (its own, or the shared pool); 404 otherwise. */
  async rangeFor(rangeId: string, companyId: string | null): Promise<AccessibleIpRange> {
    const range = await this.repo.findRange(companyId === null ? null : [companyId], rangeId);
    if (!range || (companyId === null && range.companyId !== null)) throw notFound('IP range');
    return range;
  }

  reclaimExpired(): Promise<number> {
    return this.engine.reclaimExpired(new Date());
  }
}

/** A released address: held until its hold ends, or free (no row any more). */
export const releasedView = (out: { row: IpAddress; freed: boolean }): IpAddressView =>
  out.freed
    ? { ...toIpAddressView(out.row), id: null, status: 'free', holdUntil: null }
    : toIpAddressView(out.row);
