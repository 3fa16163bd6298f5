import { Injectable } from '@nestjs/common';
import {
  Permission,
  type AllocateIpInput,
  type IpAddressView,
  type ReleaseIpInput,
  type ReserveIpInput,
} from '@multpanel/contracts';
import { AccessService, type AccessibleIpRange } from '../../common/access/access.service';
import type { Actor } from '../../common/auth/actor';
import { scopeCompanyIds } from '../../common/auth/scope';
import { ActivityService } from '../../common/audit/activity.service';
import { notFound } from '../../common/errors/app-error';
import type { IpAddress } from '../../generated/prisma/client';
import { IpamAllocator, releasedView } from './ipam-allocator';
import { invalidInput } from './ipam.errors';
import { IpamRepository } from './ipam.repository';
import { toIpAddressView } from './ipam.mapper';

/**
 * Addresses allocated, reserved and released by people over HTTP: every check through the access
 * layer, every change audited. (Other modules allocate through `IpamService`.)
 */
@Injectable()
export class IpamAddressesService {
  constructor(
    private readonly access: AccessService,
    private readonly repo: IpamRepository,
    private readonly allocator: IpamAllocator,
    private readonly activity: ActivityService,
  ) {}

  async allocate(actor: Actor, rangeId: string, input: AllocateIpInput): Promise<IpAddressView> {
    const range = await this.access.requireIpRange(actor, rangeId, 'allocate');
    let holder = await this.holderFor(actor, range, input.companyId);
    let guestId: string | null = null;
    if (input.guestId) {
      const guest = await this.access.requireGuest(actor, input.guestId, 'edit');
      if (range.companyId === null && holder === null && input.companyId === undefined) {
        holder = guest.companyId;
      }
      if (guest.companyId !== holder) {
        throw invalidInput(
          'guestId',
          'the guest belongs to another company than the address holder',
        );
      }
      guestId = guest.id;
    }
    const row = await this.allocator.take(range, input.address, {
      status: 'allocated',
      purpose: input.purpose ?? (guestId ? 'guest' : 'other'),
      companyId: holder,
      guestId,
      nic: input.nic ?? null,
      hostname: input.hostname ?? null,
      note: input.note ?? null,
      actorId: actor.principal.userId,
    });
    await this.audit(actor, 'ipam.allocate', row);
    return toIpAddressView(row);
  }

  async reserve(actor: Actor, rangeId: string, input: ReserveIpInput): Promise<IpAddressView> {
    const range = await this.access.requireIpRange(actor, rangeId, 'allocate');
    const holder = await this.holderFor(actor, range, input.companyId);
    const row = await this.allocator.take(range, input.address, {
      status: 'reserved',
      purpose: 'other',
      companyId: holder,
      guestId: null,
      nic: null,
      hostname: null,
      note: input.note,
      actorId: actor.principal.userId,
    });
    await this.audit(actor, 'ipam.reserve', row);
    return toIpAddressView(row);
  }

  /**
   * Releases an address. An allocated one is held for the range's hold period first (unless
   * `immediate`, which needs ipam.manage); a reservation, or a held address released again by
   * staff with `immediate`, is free at once.
   */
  async release(actor: Actor, addressId: string, input: ReleaseIpInput): Promise<IpAddressView> {
    this.access.requirePermission(actor, Permission.IpamAllocate);
    if (input.immediate) this.access.requirePermission(actor, Permission.IpamManage);
    const row = await this.repo.findAddress(scopeCompanyIds(actor.scope), addressId);
    if (!row) throw notFound('Address');
    const out = await this.allocator.release(
      row,
      row.range.holdSeconds,
      !!input.immediate,
      actor.principal.userId,
    );
    await this.audit(actor, 'ipam.release', out.row);
    return releasedView(out);
  }

  /** A guest's addresses for a caller who may view the guest (404 otherwise, like the guest). */
  async guestAddressesFor(actor: Actor, guestId: string): Promise<IpAddressView[]> {
    const guest = await this.access.requireGuest(actor, guestId, 'view');
    return (await this.repo.guestAddresses(guest.id)).map((r) => toIpAddressView(r));
  }

  /** Whose address it is: the range's company, or in the shared pool the given/caller's company. */
  private async holderFor(
    actor: Actor,
    range: AccessibleIpRange,
    companyId: string | undefined,
  ): Promise<string | null> {
    if (range.companyId !== null) {
      if (companyId !== undefined && companyId !== range.companyId) {
        throw invalidInput('companyId', 'the range belongs to another company: leave it out');
      }
      return range.companyId;
    }
    if (companyId !== undefined) return (await this.access.requireCompany(actor, companyId)).id;
    const mine = scopeCompanyIds(actor.scope);
    if (mine === null) return null;
    if (mine.length === 1) return mine[0];
    throw invalidInput('companyId', 'name the company the address is for');
  }

  private audit(actor: Actor, action: string, row: IpAddress) {
    return this.activity.record({
      action,
      companyId: row.companyId,
      actor: actor.principal,
      resourceType: 'ip_address',
      resourceId: row.id,
      ip: actor.meta.ip,
      userAgent: actor.meta.userAgent,
      details: { address: row.address, rangeId: row.rangeId, status: row.status },
    });
  }
}
