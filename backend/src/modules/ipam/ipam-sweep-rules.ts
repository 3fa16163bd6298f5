import { parseIp } from '@multpanel/contracts';

/** What one guest's agent reported. */
export interface GuestObservation {
  guestId: string | null;
  vmid: number;
  name: string | null;
  addresses: string[];
}

/** A range as the sweep needs it: network start and allocation window. */
export interface SweepRange {
  id: string;
  name: string;
  family: number;
  start: bigint;
  firstOffset: bigint;
  lastOffset: bigint;
}

/** An IPAM row for an address the guests use. */
export interface KnownAddress {
  id: string;
  rangeId: string;
  address: string;
  status: string;
  guestId: string | null;
}

export type SweepFindingKind = 'conflict' | 'unknown' | 'duplicate' | 'sdn_tag_mismatch';

export interface SweepFinding {
  kind: SweepFindingKind;
  address: string;
  vmid: number | null;
  guestId: string | null;
  guestName: string | null;
  rangeId: string | null;
  rangeName: string | null;
  /** conflict: the IPAM row (its status, and the guest it is allocated to, if any). */
  ipamAddressId: string | null;
  ipamStatus: string | null;
  ipamGuestId: string | null;
  /** duplicate: the other guests using the address. */
  alsoVmids: number[];
  /** sdn_tag_mismatch: the VNet, its tag now and when the range was bound. */
  sdn: { vnet: string; tag: number | null; boundTag: number | null } | null;
}

/** A range bound to an SDN VNet of the swept cluster, with the VNet's tag when it was bound. */
export interface BoundRange {
  id: string;
  name: string;
  cidr: string;
  sdnVnet: string;
  sdnTag: number | null;
}

/**
 * `sdn_tag_mismatch` for each bound range whose VNet Proxmox now tags differently (another VLAN,
 * or tagged / untagged since): guests on the range would land on another VLAN than IPAM thinks. A
 * VNet that is gone is not a tag finding (the SDN sync reports it when it writes the subnet).
 */
export function sdnTagFindings(
  ranges: BoundRange[],
  vnets: Array<{ vnet: string; tag: number | null }>,
): SweepFinding[] {
  const tags = new Map(vnets.map((v) => [v.vnet, v.tag] as const));
  return ranges
    .filter((r) => tags.has(r.sdnVnet) && tags.get(r.sdnVnet) !== r.sdnTag)
    .map((r) => ({
      kind: 'sdn_tag_mismatch' as const,
      address: r.cidr,
      vmid: null,
      guestId: null,
      guestName: null,
      rangeId: r.id,
      rangeName: r.name,
      ipamAddressId: null,
      ipamStatus: null,
      ipamGuestId: null,
      alsoVmids: [],
      sdn: { vnet: r.sdnVnet, tag: tags.get(r.sdnVnet) ?? null, boundTag: r.sdnTag },
    }));
}

/** Loopback, link-local, unspecified and multicast addresses say nothing about IPAM. */
export function sweepable(address: string): boolean {
  const ip = parseIp(address);
  if (!ip) return false;
  if (ip.family === 4) {
    const a = Number(ip.value >> 24n);
    const b = Number((ip.value >> 16n) & 0xffn);
    return !(a === 0 || a === 127 || (a === 169 && b === 254) || a >= 224);
  }
  const top = ip.value >> 112n;
  return !(ip.value <= 1n || top === 0xfe80n || ip.value >> 120n === 0xffn);
}

/** The canonical text of an address (as IPAM stores it), or null. */
function canonical(address: string): { key: string; family: number; value: bigint } | null {
  const ip = parseIp(address);
  return ip ? { key: `${ip.family}:${ip.value.toString(16)}`, ...ip } : null;
}

/**
 * Compares what guests use with IPAM. Per address in use:
 * - `duplicate`: more than one guest reports it;
 * - `conflict`: IPAM has a row for it that is not this guest's allocation (another guest's, a
 *   reservation, a held address, or an allocation to no guest);
 * - `unknown`: it lies in a range's window but IPAM has no row (IPAM would hand it out).
 * Addresses outside every range are not IPAM's business and are not reported.
 */
export function sweepFindings(
  observed: GuestObservation[],
  ranges: SweepRange[],
  known: KnownAddress[],
): SweepFinding[] {
  const rows = new Map<string, KnownAddress>();
  for (const k of known) {
    const c = canonical(k.address);
    if (c) rows.set(c.key, k);
  }
  const users = new Map<string, GuestObservation[]>();
  for (const o of observed) {
    for (const a of new Set(o.addresses.filter(sweepable))) {
      const c = canonical(a)!;
      users.set(c.key, [...(users.get(c.key) ?? []), o]);
    }
  }
  const out: SweepFinding[] = [];
  const rangeOf = (family: number, value: bigint) =>
    ranges.find((r) => {
      const off = value - r.start;
      return r.family === family && off >= r.firstOffset && off <= r.lastOffset;
    });
  for (const o of observed) {
    for (const a of new Set(o.addresses.filter(sweepable))) {
      const c = canonical(a)!;
      const range = rangeOf(c.family, c.value);
      const row = rows.get(c.key);
      const base = {
        address: a,
        vmid: o.vmid,
        guestId: o.guestId,
        guestName: o.name,
        rangeId: range?.id ?? row?.rangeId ?? null,
        rangeName: range?.name ?? null,
        ipamAddressId: row?.id ?? null,
        ipamStatus: row?.status ?? null,
        ipamGuestId: row?.guestId ?? null,
        alsoVmids: [] as number[],
        sdn: null,
      };
      const others = users.get(c.key)!.filter((x) => x !== o);
      if (others.length) {
        out.push({ ...base, kind: 'duplicate', alsoVmids: others.map((x) => x.vmid) });
      }
      if (row) {
        const mine =
          row.status === 'allocated' && row.guestId !== null && row.guestId === o.guestId;
        if (!mine) out.push({ ...base, kind: 'conflict' });
      } else if (range) {
        out.push({ ...base, kind: 'unknown' });
      }
    }
  }
  return out;
}
