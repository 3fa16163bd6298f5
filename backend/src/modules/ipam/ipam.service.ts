import { Injectable } from '@nestjs/common';
import {
  Permission,
  type AllocateIpInput,
  type IpAddressView,
  type IpPurpose,
  type ReleaseIpInput,
  type ReserveIpInput,
} from '@multpanel/contracts';
import { AccessService, type AccessibleIpRange } from '../../common/access/access.service';
import type { Actor } from '../../common/auth/actor';
import { scopeCompanyIds } from '../../common/auth/scope';
import { ActivityService } from '../../common/audit/activity.service';
import { AppError, notFound } from '../../common/errors/app-error';
import type { IpAddress } from '../../generated/prisma/client';
import { IpamAllocationsRepository, type NewAddress } from './ipam-allocations.repository';
import { IpamVlansService, type TakenVlan } from './ipam-vlans.service';
import { IpamRepository } from './ipam.repository';
import { toIpAddressView } from './ipam.mapper';
import { addressText, offsetOf } from './ipam-rules';

/** An allocation made by another module after its own access checks (see trusted methods). */
export interface TrustedAllocation {
  /** The holder: must own the range, or the range is the shared pool. null = the MSP. */
  companyId: string | null;
  /** A static address; absent = the next free one. */
  address?: string;
  purpose: IpPurpose;
  guestId?: string | null;
  nic?: number | null;
  hostname?: string | null;
  note?: string | null;
  /** The user behind it (history), null for the system. */
  actorId: string | null;
}

/** An address allocated for a guest NIC at create time, with what cloud-init needs of its range. */
export interface GuestNicAddress {
  nic: number;
  addressId: string;
  address: string;
  family: number;
  prefixLength: number;
  gateway: string | null;
  vlan: number | null;
  dnsServers: string[];
  searchDomain: string | null;
}

/**
 * The IPAM allocation engine's entry points. Two kinds of callers:
 * - people, over HTTP (`allocate`, `reserve`, `release`): every check through the access layer;
 * - other modules (VM create, OPNsense, ESXi import), in the API or the worker, after their own
 *   checks (`allocateTrusted`, `reserveTrusted`, `releaseTrusted`, `releaseGuest`): only the
 *   range/holder rule is checked here.
 * Next-free and static allocations are safe under concurrency across processes: each locks its
 * range row; the unique (range, offset) index backs it.
 */
@Injectable()
export class IpamService {
  constructor(
    private readonly access: AccessService,
    private readonly repo: IpamRepository,
    private readonly engine: IpamAllocationsRepository,
    private readonly activity: ActivityService,
    private readonly vlans: IpamVlansService,
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
        throw invalid('guestId', 'the guest belongs to another company than the address holder');
      }
      guestId = guest.id;
    }
    const row = await this.take(range, input.address, {
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
    const row = await this.take(range, input.address, {
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
    const out = await this.releaseRow(
      row,
      row.range.holdSeconds,
      !!input.immediate,
      actor.principal.userId,
    );
    await this.audit(actor, 'ipam.release', out.row);
    return releasedView(out);
  }

  // --- for other modules ----------------------------------------------------------------------

  async allocateTrusted(rangeId: string, a: TrustedAllocation): Promise<IpAddressView> {
    const range = await this.rangeFor(rangeId, a.companyId);
    const row = await this.take(range, a.address, {
      status: 'allocated',
      purpose: a.purpose,
      companyId: a.companyId,
      guestId: a.guestId ?? null,
      nic: a.nic ?? null,
      hostname: a.hostname ?? null,
      note: a.note ?? null,
      actorId: a.actorId,
    });
    return toIpAddressView(row);
  }

  async reserveTrusted(
    rangeId: string,
    a: Omit<TrustedAllocation, 'guestId' | 'nic'>,
  ): Promise<IpAddressView> {
    const range = await this.rangeFor(rangeId, a.companyId);
    const row = await this.take(range, a.address, {
      status: 'reserved',
      purpose: a.purpose,
      companyId: a.companyId,
      guestId: null,
      nic: null,
      hostname: a.hostname ?? null,
      note: a.note ?? null,
      actorId: a.actorId,
    });
    return toIpAddressView(row);
  }

  async releaseTrusted(
    addressId: string,
    opts: { actorId: string | null; immediate?: boolean },
  ): Promise<IpAddressView> {
    const row = await this.repo.findAddress(null, addressId);
    if (!row) throw notFound('Address');
    const out = await this.releaseRow(row, row.range.holdSeconds, !!opts.immediate, opts.actorId);
    return releasedView(out);
  }

  /**
   * Releases every address allocated to a guest: with the hold when it is deleted, at once
   * (`immediate`) when its creation failed.
   */
  async releaseGuest(
    guestId: string,
    actorId: string | null,
    opts: { immediate?: boolean } = {},
  ): Promise<number> {
    const rows = await this.repo.guestAddresses(guestId);
    for (const row of rows) {
      await this.releaseRow(row, row.range.holdSeconds, !!opts.immediate, actorId);
    }
    return rows.length;
  }

  /** A guest's addresses for a caller who may view the guest (404 otherwise, like the guest). */
  async guestAddressesFor(actor: Actor, guestId: string): Promise<IpAddressView[]> {
    const guest = await this.access.requireGuest(actor, guestId, 'view');
    return this.guestAddresses(guest.id);
  }

  /** The addresses allocated to a guest (NIC order). */
  async guestAddresses(guestId: string): Promise<IpAddressView[]> {
    return (await this.repo.guestAddresses(guestId)).map((r) => toIpAddressView(r));
  }

  /**
   * VM/LXC create: one address per NIC from the range chosen for it. The range must be visible to
   * the caller, be `companyId`'s or the shared pool, and apply to `clusterId`. All or nothing: if
   * one NIC cannot get an address, those already taken are freed again. Attach the guest with
   * `attachGuest` once it exists.
   */
  async allocateGuestNics(
    actor: Actor,
    companyId: string,
    clusterId: string,
    nics: Array<{ nic: number; rangeId: string; prefer?: string[] }>,
  ): Promise<GuestNicAddress[]> {
    const out: GuestNicAddress[] = [];
    try {
      for (const { nic, rangeId, prefer } of nics) {
        out.push(
          await this.takeGuestNic(actor, companyId, clusterId, rangeId, prefer ?? [], {
            status: 'allocated',
            purpose: 'guest',
            companyId,
            guestId: null,
            nic,
            hostname: null,
            note: null,
            actorId: actor.principal.userId,
          }),
        );
      }
      return out;
    } catch (err) {
      await this.releaseNow(out.map((a) => a.addressId));
      throw err;
    }
  }

  /** 404 unless the caller may see range `rangeId` (checked before any Proxmox call is made). */
  async requireRangeVisible(actor: Actor, rangeId: string): Promise<void> {
    await this.access.requireIpRange(actor, rangeId, 'read');
  }

  /**
   * Staff moving a guest's NIC to another address: `address` in the range, or its next free one.
   * The range is checked as on create (visible, the guest's company's or shared, applies to the
   * guest's cluster) and its VLAN against the company's tags (422 IPAM_VLAN_NOT_ALLOWED); a taken
   * address or a full range is a 409 naming the range. The NIC's old address is not released
   * here: call `releaseGuestNic` once the guest carries the new one (`releaseNow` to undo).
   */
  async allocateGuestNic(
    actor: Actor,
    guest: { id: string; companyId: string; clusterId: string },
    nic: number,
    rangeId: string,
    address?: string,
  ): Promise<GuestNicAddress> {
    const data: NewAddress = {
      status: 'allocated',
      purpose: 'guest',
      companyId: guest.companyId,
      guestId: guest.id,
      nic,
      hostname: null,
      note: null,
      actorId: actor.principal.userId,
    };
    return this.takeGuestNic(actor, guest.companyId, guest.clusterId, rangeId, [], data, {
      address,
      checkVlan: true,
    });
  }

  /** Releases (with the hold) the addresses of a guest's NIC `nic` other than `keepId`. */
  async releaseGuestNic(
    guestId: string,
    nic: number,
    keepId: string | null,
    actorId: string | null,
  ): Promise<IpAddressView[]> {
    const rows = await this.repo.guestAddresses(guestId);
    const out: IpAddressView[] = [];
    for (const row of rows.filter((r) => r.nic === nic && r.id !== keepId)) {
      out.push(releasedView(await this.releaseRow(row, row.range.holdSeconds, false, actorId)));
    }
    return out;
  }

  /** Releases (with the hold) the addresses of a guest's NICs numbered `fromNic` and above. */
  async releaseGuestNics(
    guestId: string,
    fromNic: number,
    actorId: string | null,
  ): Promise<number> {
    const rows = (await this.repo.guestAddresses(guestId)).filter(
      (r) => r.nic !== null && r.nic >= fromNic,
    );
    for (const row of rows) await this.releaseRow(row, row.range.holdSeconds, false, actorId);
    return rows.length;
  }

  /**
   * 404 unless every range is visible to the caller and usable by `companyId` (its own or the
   * shared pool): checked before anything else, so a foreign id looks exactly like a missing one.
   */
  async requireGuestRanges(actor: Actor, companyId: string, rangeIds: string[]): Promise<void> {
    for (const id of new Set(rangeIds)) {
      await this.access.requireIpRange(actor, id, 'read');
      if (!(await this.repo.findRange([companyId], id))) throw notFound('IP range');
    }
  }

  /** Records the guest that holds addresses allocated before it existed. */
  async attachGuest(addressIds: string[], guestId: string): Promise<void> {
    await this.repo.setGuest(addressIds, guestId);
  }

  /** Frees addresses at once, without a hold (an allocation undone before it was used). */
  async releaseNow(addressIds: string[]): Promise<void> {
    for (const id of addressIds) {
      const row = await this.repo.findAddress(null, id);
      if (row) await this.engine.release(row.rangeId, row.id, null, null);
    }
  }

  /**
   * The lowest free VLAN tag of the cluster's pools, assigned to `companyId` (null = the MSP).
   * Safe across processes (the cluster's pool rows are locked). 409 IPAM_VLAN_POOL_EXHAUSTED when
   * the cluster has no pool or no free tag. Give it back with `releaseVlan`.
   */
  takeNextVlan(
    clusterId: string,
    companyId: string | null,
    opts: { purpose?: string; note?: string | null; actorId?: string | null } = {},
  ): Promise<TakenVlan> {
    return this.vlans.takeNext(clusterId, companyId, opts);
  }

  /**
   * 422 IPAM_VLAN_NOT_ALLOWED unless every tagged NIC of `companyId`'s guest on `clusterId` carries a
   * tag assigned to the company (or the MSP); clusters without VLAN pools leave tags free.
   */
  requireGuestVlans(
    clusterId: string,
    companyId: string | null,
    networks: Array<{ vlan?: number | null }>,
  ): Promise<void> {
    return this.vlans.requireGuestVlans(
      clusterId,
      companyId,
      networks.map((n, i) => ({ path: `networks.${i}.vlan`, vlan: n.vlan })),
    );
  }

  /** Frees a VLAN tag taken with `takeNextVlan`; false when it was not assigned. */
  releaseVlan(clusterId: string, vlan: number): Promise<boolean> {
    return this.vlans.release(clusterId, vlan);
  }

  /** Frees held addresses whose hold has run out (the recurring `ipam.reclaim-held` job). */
  /**
   * Where `companyId`'s new guests on `clusterId` land when the create names no network: its
   * network edge's LAN (bridge, VLAN) and the range their address comes from. Null: none set.
   */
  guestNetwork(
    companyId: string,
    clusterId: string,
  ): Promise<{ bridge: string; vlan: number | null; rangeId: string } | null> {
    return this.repo.guestNetwork(companyId, clusterId);
  }

  /** Worker side (firewall deployment): makes the edge's LAN the company's default on the cluster. */
  setGuestNetwork(data: {
    companyId: string;
    clusterId: string;
    bridge: string;
    vlan: number | null;
    rangeId: string;
    firewallId: string | null;
  }): Promise<void> {
    return this.repo.setGuestNetwork(data);
  }

  /** Undo of `setGuestNetwork` (only while it still points at `rangeId`). */
  clearGuestNetwork(companyId: string, clusterId: string, rangeId: string): Promise<void> {
    return this.repo.clearGuestNetwork(companyId, clusterId, rangeId);
  }

  /** CIDRs of `companyId`'s own ranges (firewall rule targets must fall inside one). */
  companyNetworks(companyId: string): Promise<string[]> {
    return this.repo.companyCidrs(companyId);
  }

  reclaimExpired(): Promise<number> {
    return this.engine.reclaimExpired(new Date());
  }

  // --- internals --------------------------------------------------------------------------------

  /** The first of `prefer` (e.g. a migrated guest's old address) the range holds free, else any free one. */
  private async takePreferred(
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

  /** One guest NIC's address from `rangeId`, checked for the guest's company and cluster. */
  private async takeGuestNic(
    actor: Actor,
    companyId: string,
    clusterId: string,
    rangeId: string,
    prefer: string[],
    data: NewAddress,
    opts: { address?: string; checkVlan?: boolean } = {},
  ): Promise<GuestNicAddress> {
    const nic = data.nic ?? 0;
    await this.access.requireIpRange(actor, rangeId, 'read');
    const range = await this.repo.findRange([companyId], rangeId);
    if (!range) throw notFound('IP range');
    const clusters = range.clusters.map((c) => c.clusterId);
    if (clusters.length > 0 && !clusters.includes(clusterId)) {
      throw invalid(
        opts.checkVlan ? 'rangeId' : `networks.${nic}.ipamRangeId`,
        `range "${range.name}" does not apply to the cluster the guest is placed on`,
      );
    }
    if (opts.checkVlan) {
      await this.vlans.requireGuestVlans(clusterId, companyId, [
        { path: 'rangeId', vlan: range.vlan },
      ]);
    }
    const row =
      opts.address !== undefined
        ? await this.take(range, opts.address, data)
        : await this.takePreferred(range, prefer, data);
    return {
      nic,
      addressId: row.id,
      address: row.address,
      family: range.family,
      prefixLength: range.prefixLength,
      gateway: range.gateway,
      vlan: range.vlan,
      dnsServers: Array.isArray(range.dnsServers) ? (range.dnsServers as string[]) : [],
      searchDomain: range.searchDomain,
    };
  }

  private async take(
    range: AccessibleIpRange,
    address: string | undefined,
    data: NewAddress,
  ): Promise<IpAddress> {
    const offset = address === undefined ? null : offsetOf(range, address);
    const out = await this.engine.take(range.id, offset, data, (o) => addressText(range, o));
    if (out.ok) return out.row;
    if (out.reason === 'missing') throw notFound('IP range');
    if (out.reason === 'exhausted') {
      throw new AppError(
        'IPAM_RANGE_EXHAUSTED',
        `Range "${range.name}" (${range.cidr}) has no free address left`,
        { rangeId: range.id, rangeName: range.name },
      );
    }
    const text = addressText(range, offset!);
    throw new AppError(
      'IPAM_ADDRESS_TAKEN',
      `${text} is already ${out.status ?? 'taken'} in range "${range.name}"`,
      { address: text, status: out.status },
    );
  }

  private async releaseRow(
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

  /** A range usable by `companyId` (its own, or the shared pool); 404 otherwise. */
  private async rangeFor(rangeId: string, companyId: string | null): Promise<AccessibleIpRange> {
    const range = await this.repo.findRange(companyId === null ? null : [companyId], rangeId);
    if (!range || (companyId === null && range.companyId !== null)) throw notFound('IP range');
    return range;
  }

  /** Whose address it is: the range's company, or in the shared pool the given/caller's company. */
  private async holderFor(
    actor: Actor,
    range: AccessibleIpRange,
    companyId: string | undefined,
  ): Promise<string | null> {
    if (range.companyId !== null) {
      if (companyId !== undefined && companyId !== range.companyId) {
        throw invalid('companyId', 'the range belongs to another company: leave it out');
      }
      return range.companyId;
    }
    if (companyId !== undefined) return (await this.access.requireCompany(actor, companyId)).id;
    const mine = scopeCompanyIds(actor.scope);
    if (mine === null) return null;
    if (mine.length === 1) return mine[0];
    throw invalid('companyId', 'name the company the address is for');
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

/** A released address: held until its hold ends, or free (no row any more). */
const releasedView = (out: { row: IpAddress; freed: boolean }): IpAddressView =>
  out.freed
    ? { ...toIpAddressView(out.row), id: null, status: 'free', holdUntil: null }
    : toIpAddressView(out.row);

const invalid = (path: string, message: string) =>
  new AppError('VALIDATION_FAILED', `Invalid input: ${path}: ${message}`, [
    { path, message, code: 'custom' },
  ]);
