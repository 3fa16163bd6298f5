import { Injectable } from '@nestjs/common';
import type { IpAddressView } from '@multpanel/contracts';
import { AccessService } from '../../common/access/access.service';
import type { Actor } from '../../common/auth/actor';
import { AppError, notFound } from '../../common/errors/app-error';
import type { NewAddress } from './ipam-allocations.repository';
import { IpamAllocator, releasedView } from './ipam-allocator';
import { IpamVlansService } from './ipam-vlans.service';
import { invalidInput } from './ipam.errors';
import { IpamRepository, type IpRangeRow } from './ipam.repository';
import { toIpAddressView } from './ipam.mapper';

/** An address allocated for a guest NIC at create time, with what cloud-init needs of its range. */
export interface GuestNicAddress {
  nic: number;
  addressId: string;
  address: string;
  family: number;
  prefixLength: number;
  gateway: string | null;
  vlan: number | null;
  /** The range's SDN VNet (the NIC's bridge, untagged), or null. */
  bridge: string | null;
  dnsServers: string[];
  searchDomain: string | null;
}

function nicAddress(
  nic: number,
  row: { id: string; address: string },
  range: IpRangeRow,
): GuestNicAddress {
  return {
    nic,
    addressId: row.id,
    address: row.address,
    family: range.family,
    prefixLength: range.prefixLength,
    gateway: range.gateway,
    vlan: range.vlan,
    bridge: range.sdnVnet,
    dnsServers: Array.isArray(range.dnsServers) ? (range.dnsServers as string[]) : [],
    searchDomain: range.searchDomain,
  };
}

/**
 * Guest NICs' addresses for VM/LXC create and change (called through `IpamService` by the vms
 * module after its own checks of the guest): one address per NIC from the range chosen for it,
 * moved, and released with the hold when the NIC or the guest goes.
 */
@Injectable()
export class IpamGuestNicsService {
  constructor(
    private readonly access: AccessService,
    private readonly repo: IpamRepository,
    private readonly allocator: IpamAllocator,
    private readonly vlans: IpamVlansService,
  ) {}

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
      await this.allocator.releaseNow(out.map((a) => a.addressId));
      throw err;
    }
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
      out.push(
        releasedView(await this.allocator.release(row, row.range.holdSeconds, false, actorId)),
      );
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
    for (const row of rows)
      await this.allocator.release(row, row.range.holdSeconds, false, actorId);
    return rows.length;
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
      await this.allocator.release(row, row.range.holdSeconds, !!opts.immediate, actorId);
    }
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

  /**
   * Bulk create, before any guest: each range named by the NICs has a free address for every
   * guest (`count` × the NICs naming it); 409 IPAM_RANGE_EXHAUSTED naming the range otherwise,
   * so a too-small range creates nothing rather than the first few guests. The caller checked
   * the ranges are visible (`requireGuestRanges`). Concurrent allocations may still take the
   * last addresses; each guest's own allocation stays the authority.
   */
  async requireFreeAddresses(rangeIds: string[], count: number): Promise<void> {
    const perGuest = new Map<string, number>();
    for (const id of rangeIds) perGuest.set(id, (perGuest.get(id) ?? 0) + 1);
    for (const [id, nics] of perGuest) {
      const range = await this.repo.findRange(null, id);
      if (!range) throw notFound('IP range');
      const free = await this.repo.freeCount(id);
      const need = BigInt(count * nics);
      if (free < need) {
        throw new AppError(
          'IPAM_RANGE_EXHAUSTED',
          `Range "${range.name}" (${range.cidr}) has ${free} free address${free === 1n ? '' : 'es'}; ${count} guests need ${need}`,
          { rangeId: id, rangeName: range.name, free: Number(free), needed: Number(need) },
        );
      }
    }
  }

  /**
   * A copy of a guest (a restore to a new guest, a DR standby) gets its own address on each NIC
   * the source holds one on, never the source's: from the source's range when it applies to the
   * copy's cluster, else from another range the company may use there (same family, same VLAN
   * first). An address the copy already holds on that NIC is kept (a job step run again). A NIC
   * with no usable range, or whose ranges are full, is answered in `unplaced` with the reason.
   */
  async allocateCopyNics(
    sourceGuestId: string,
    copy: { id: string; companyId: string; clusterId: string },
  ): Promise<{ placed: GuestNicAddress[]; unplaced: Array<{ nic: number; reason: string }> }> {
    const source = (await this.repo.guestAddresses(sourceGuestId)).filter((a) => a.nic !== null);
    const held = await this.repo.guestAddresses(copy.id);
    const placed: GuestNicAddress[] = [];
    const unplaced: Array<{ nic: number; reason: string }> = [];
    for (const nic of new Set(source.map((a) => a.nic!))) {
      const from = source.find((a) => a.nic === nic)!;
      const own = held.find((a) => a.nic === nic);
      if (own) {
        const range = await this.repo.findRange(null, own.rangeId);
        if (range) {
          placed.push(nicAddress(nic, own, range));
          continue;
        }
      }
      const sourceRange = await this.repo.findRange(null, from.rangeId);
      if (!sourceRange) continue;
      const candidates = (
        await this.repo.rangesForCluster(copy.companyId, copy.clusterId, sourceRange.family)
      ).sort(
        (a, b) =>
          Number(b.id === sourceRange.id) - Number(a.id === sourceRange.id) ||
          Number(b.vlan === sourceRange.vlan) - Number(a.vlan === sourceRange.vlan),
      );
      let taken: GuestNicAddress | null = null;
      for (const range of candidates) {
        try {
          const row = await this.allocator.take(range, undefined, {
            status: 'allocated',
            purpose: 'guest',
            companyId: copy.companyId,
            guestId: copy.id,
            nic,
            hostname: null,
            note: null,
            actorId: null,
          });
          taken = nicAddress(nic, row, range);
          break;
        } catch (err) {
          // a full range: the next candidate
          if (!(err instanceof AppError) || err.code !== 'IPAM_RANGE_EXHAUSTED') throw err;
        }
      }
      if (taken) placed.push(taken);
      else
        unplaced.push({
          nic,
          reason: candidates.length
            ? 'every IP range for its cluster is full'
            : 'no IP range of the company applies to its cluster',
        });
    }
    return { placed, unplaced };
  }

  /**
   * Hands a guest's NIC addresses to another guest of the same company: a DR fail-over (the
   * promoted standby takes the source's) and its fail-back (they return). Each of `from`'s NIC
   * addresses whose range applies to `to.clusterId` moves to `to`'s same NIC (the row keeps its
   * address, so nothing else can take it in between). With `replace`, the address `to` held on
   * that NIC is freed at once (a stopped standby never used it); without, a NIC on which `to`
   * already holds one keeps it and `from` keeps its own. A range that does not reach `to`'s cluster
   * leaves the address with `from` (in `kept`). Run again, nothing more moves. Answers every
   * address `to` now holds (its config is written from these).
   */
  async handOverNics(
    fromGuestId: string,
    to: { id: string; clusterId: string },
    opts: { replace: boolean },
  ): Promise<{
    moved: GuestNicAddress[];
    kept: Array<{ nic: number; address: string; reason: string }>;
    holds: GuestNicAddress[];
  }> {
    const from = (await this.repo.guestAddresses(fromGuestId)).filter((a) => a.nic !== null);
    const held = (await this.repo.guestAddresses(to.id)).filter((a) => a.nic !== null);
    const moved: GuestNicAddress[] = [];
    const kept: Array<{ nic: number; address: string; reason: string }> = [];
    const ranges = new Map<string, IpRangeRow | null>();
    const rangeOf = async (id: string) => {
      if (!ranges.has(id)) ranges.set(id, await this.repo.findRange(null, id));
      return ranges.get(id)!;
    };
    for (const a of from) {
      const nic = a.nic!;
      const range = await rangeOf(a.rangeId);
      if (!range) continue;
      const clusters = range.clusters.map((c) => c.clusterId);
      if (clusters.length > 0 && !clusters.includes(to.clusterId)) {
        kept.push({
          nic,
          address: a.address,
          reason: `range "${range.name}" does not reach the cluster`,
        });
        continue;
      }
      const mine = held.filter((h) => h.nic === nic);
      if (mine.length && !opts.replace) {
        kept.push({ nic, address: a.address, reason: 'the NIC holds an address of its own' });
        continue;
      }
      await this.allocator.releaseNow(mine.map((h) => h.id));
      await this.repo.setGuest([a.id], to.id);
      moved.push(nicAddress(nic, a, range));
    }
    const holds: GuestNicAddress[] = [];
    for (const a of await this.repo.guestAddresses(to.id)) {
      const range = a.nic === null ? null : await rangeOf(a.rangeId);
      if (range) holds.push(nicAddress(a.nic!, a, range));
    }
    return { moved, kept, holds };
  }

  /** The addresses allocated to a guest (NIC order). */
  async guestAddresses(guestId: string): Promise<IpAddressView[]> {
    return (await this.repo.guestAddresses(guestId)).map((r) => toIpAddressView(r));
  }

  /** Records the guest that holds addresses allocated before it existed. */
  async attachGuest(addressIds: string[], guestId: string): Promise<void> {
    await this.repo.setGuest(addressIds, guestId);
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
      throw invalidInput(
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
        ? await this.allocator.take(range, opts.address, data)
        : await this.allocator.takePreferred(range, prefer, data);
    return nicAddress(nic, row, range);
  }
}
