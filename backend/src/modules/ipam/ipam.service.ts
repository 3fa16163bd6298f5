import { Injectable } from '@nestjs/common';
import type { IpAddressView, IpPurpose } from '@multpanel/contracts';
import { AccessService } from '../../common/access/access.service';
import type { Actor } from '../../common/auth/actor';
import { notFound } from '../../common/errors/app-error';
import { IpamAllocator, releasedView } from './ipam-allocator';
import { IpamGuestNicsService } from './ipam-guest-nics.service';
import { IpamVlansService, type TakenVlan } from './ipam-vlans.service';
import { IpamRepository, type GuestNetworkRecord } from './ipam.repository';
import { toIpAddressView } from './ipam.mapper';
import { addressText } from './ipam-rules';

export type { GuestNicAddress } from './ipam-guest-nics.service';

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

type Nics = IpamGuestNicsService;

/**
 * IPAM for other modules (VM create and change, OPNsense, ESXi import), in the API or the worker,
 * after their own checks: trusted allocations (only the range/holder rule is checked here), guest
 * NICs' addresses (`IpamGuestNicsService`), VLAN tags (`IpamVlansService`) and the company's
 * default guest network. People allocate over HTTP through `IpamAddressesService`.
 * Next-free and static allocations are safe under concurrency across processes: each locks its
 * range row; the unique (range, offset) index backs it.
 */
@Injectable()
export class IpamService {
  constructor(
    private readonly access: AccessService,
    private readonly repo: IpamRepository,
    private readonly allocator: IpamAllocator,
    private readonly nics: IpamGuestNicsService,
    private readonly vlans: IpamVlansService,
  ) {}

  async allocateTrusted(rangeId: string, a: TrustedAllocation): Promise<IpAddressView> {
    const range = await this.allocator.rangeFor(rangeId, a.companyId);
    const row = await this.allocator.take(range, a.address, {
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
    const range = await this.allocator.rangeFor(rangeId, a.companyId);
    const row = await this.allocator.take(range, a.address, reservedFor(a));
    return toIpAddressView(row);
  }

  async releaseTrusted(
    addressId: string,
    opts: { actorId: string | null; immediate?: boolean },
  ): Promise<IpAddressView> {
    const row = await this.repo.findAddress(null, addressId);
    if (!row) throw notFound('Address');
    const out = await this.allocator.release(
      row,
      row.range.holdSeconds,
      !!opts.immediate,
      opts.actorId,
    );
    return releasedView(out);
  }

  /** The range's CIDR, gateway and last allocatable offset, for a caller that checked access. */
  async rangeWindow(
    rangeId: string,
    companyId: string | null,
  ): Promise<{ cidr: string; gateway: string | null; lastOffset: bigint }> {
    const { cidr, gateway, lastOffset } = await this.allocator.rangeFor(rangeId, companyId);
    return { cidr, gateway, lastOffset };
  }

  /**
   * Reserves one contiguous block at the top of the range's highest free run, for addresses another
   * system hands out (a firewall's DHCP pool): at most `max`, and at most half the run so IPAM
   * keeps room. null (nothing taken) when the block would be smaller than `min`. A block an
   * allocation races into is given back whole and the error thrown.
   */
  async reserveTopBlock(
    rangeId: string,
    a: Omit<TrustedAllocation, 'guestId' | 'nic' | 'address'> & { min: number; max: number },
  ): Promise<{ ids: string[]; from: string; to: string } | null> {
    const range = await this.allocator.rangeFor(rangeId, a.companyId);
    const top = (await this.repo.freeRuns(rangeId)).at(-1);
    if (!top) return null;
    const half = (top.end - top.start + 1n) / 2n;
    const n = half < BigInt(a.max) ? half : BigInt(a.max);
    if (n < BigInt(a.min)) return null;
    const first = top.end - n + 1n;
    const ids: string[] = [];
    try {
      for (let o = first; o <= top.end; o++) {
        const row = await this.allocator.take(range, addressText(range, o), reservedFor(a));
        ids.push(row.id);
      }
    } catch (err) {
      await this.allocator.releaseNow(ids);
      throw err;
    }
    return { ids, from: addressText(range, first), to: addressText(range, top.end) };
  }

  /** Ids of the range's reserved addresses whose note is exactly `note`. */
  async reservedWithNote(rangeId: string, note: string): Promise<string[]> {
    return this.repo.reservedWithNote(rangeId, note);
  }

  /** Frees addresses at once, without a hold (an allocation undone before it was used). */
  releaseNow(addressIds: string[]): Promise<void> {
    return this.allocator.releaseNow(addressIds);
  }

  /** 404 unless the caller may see range `rangeId` (checked before any Proxmox call is made). */
  async requireRangeVisible(actor: Actor, rangeId: string): Promise<void> {
    await this.access.requireIpRange(actor, rangeId, 'read');
  }

  // --- guest NICs (IpamGuestNicsService has the rules and their docs) --------------------------

  allocateGuestNics(...a: Parameters<Nics['allocateGuestNics']>) {
    return this.nics.allocateGuestNics(...a);
  }
  allocateGuestNic(...a: Parameters<Nics['allocateGuestNic']>) {
    return this.nics.allocateGuestNic(...a);
  }
  releaseGuestNic(...a: Parameters<Nics['releaseGuestNic']>) {
    return this.nics.releaseGuestNic(...a);
  }
  releaseGuestNics(...a: Parameters<Nics['releaseGuestNics']>) {
    return this.nics.releaseGuestNics(...a);
  }
  allocateCopyNics(...a: Parameters<Nics['allocateCopyNics']>) {
    return this.nics.allocateCopyNics(...a);
  }
  handOverNics(...a: Parameters<Nics['handOverNics']>) {
    return this.nics.handOverNics(...a);
  }
  releaseGuest(...a: Parameters<Nics['releaseGuest']>) {
    return this.nics.releaseGuest(...a);
  }
  requireGuestRanges(...a: Parameters<Nics['requireGuestRanges']>) {
    return this.nics.requireGuestRanges(...a);
  }
  requireFreeAddresses(...a: Parameters<Nics['requireFreeAddresses']>) {
    return this.nics.requireFreeAddresses(...a);
  }
  guestAddresses(...a: Parameters<Nics['guestAddresses']>) {
    return this.nics.guestAddresses(...a);
  }
  attachGuest(...a: Parameters<Nics['attachGuest']>) {
    return this.nics.attachGuest(...a);
  }

  // --- VLAN tags ---------------------------------------------------------------------------------

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

  // --- the company's default guest network --------------------------------------------------------

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

  /** The default as stored (with its firewall): what a deployment records before replacing it. */
  guestNetworkRecord(companyId: string, clusterId: string): Promise<GuestNetworkRecord | null> {
    return this.repo.guestNetworkRecord(companyId, clusterId);
  }

  /**
   * Undo of `setGuestNetwork(… rangeId …)`: puts `before` back (or removes the default when there
   * was none), only while the default still points at `rangeId` (a later change is left alone).
   */
  async restoreGuestNetwork(
    companyId: string,
    clusterId: string,
    rangeId: string,
    before: GuestNetworkRecord | null,
  ): Promise<void> {
    const now = await this.repo.guestNetwork(companyId, clusterId);
    if (now?.rangeId !== rangeId) return;
    if (before) await this.repo.setGuestNetwork(before);
    else await this.repo.clearGuestNetwork(companyId, clusterId, rangeId);
  }

  /** CIDRs of `companyId`'s own ranges (firewall rule targets must fall inside one). */
  companyNetworks(companyId: string): Promise<string[]> {
    return this.repo.companyCidrs(companyId);
  }

  /** Frees held addresses whose hold has run out (the recurring `ipam.reclaim-held` job). */
  reclaimExpired(): Promise<number> {
    return this.allocator.reclaimExpired();
  }
}

/** The fields of a reservation made for a purpose (no guest NIC). */
function reservedFor(a: Omit<TrustedAllocation, 'guestId' | 'nic' | 'address'>) {
  return {
    status: 'reserved' as const,
    purpose: a.purpose,
    companyId: a.companyId,
    guestId: null,
    nic: null,
    hostname: a.hostname ?? null,
    note: a.note ?? null,
    actorId: a.actorId,
  };
}
