import {
  defaultWindow,
  formatIp,
  ipHex,
  MAX_WINDOW,
  parseCidr,
  parseIp,
  type Cidr,
  type CreateIpRangeInput,
  type IpFamily,
} from '@multpanel/contracts';
import { AppError } from '../../common/errors/app-error';
import type { RangeWrite } from './ipam.repository';

// Pure rules of IP ranges: the stored shape of a new range, address ↔ offset, and overlap.

const invalid = (path: string, message: string) =>
  new AppError('VALIDATION_FAILED', `Invalid input: ${path}: ${message}`, [
    { path, message, code: 'custom' },
  ]);

/** The range's network address, from its stored start. */
export const networkOf = (range: { startHex: string }): bigint => BigInt(`0x${range.startHex}`);

export function addressText(range: { family: number; startHex: string }, offset: bigint): string {
  return formatIp(range.family as IpFamily, networkOf(range) + offset);
}

/**
 * The offset of `address` in the range, or an error: 400 VALIDATION_FAILED when it is not an
 * address, IPAM_ADDRESS_OUTSIDE_RANGE when it lies outside the allocation window.
 */
export function offsetOf(
  range: {
    name: string;
    family: number;
    startHex: string;
    cidr: string;
    firstOffset: bigint;
    lastOffset: bigint;
  },
  address: string,
): bigint {
  const ip = parseIp(address);
  if (!ip) throw invalid('address', 'not an IPv4 or IPv6 address');
  const offset = ip.value - networkOf(range);
  if (ip.family !== range.family || offset < range.firstOffset || offset > range.lastOffset) {
    const first = addressText(range, range.firstOffset);
    const last = addressText(range, range.lastOffset);
    throw new AppError(
      'IPAM_ADDRESS_OUTSIDE_RANGE',
      `${address} is outside range "${range.name}" (${range.cidr}, usable ${first} – ${last})`,
    );
  }
  return offset;
}

function addressIn(c: Cidr, path: string, text: string): bigint {
  const ip = parseIp(text);
  if (!ip) throw invalid(path, 'not an IPv4 or IPv6 address');
  if (ip.family !== c.family) throw invalid(path, `not an IPv${c.family} address`);
  if (ip.value < c.network || ip.value > c.last) throw invalid(path, `outside ${c.text}`);
  return ip.value;
}

/** What a create input stores (validated beyond the schema: window and gateway inside the CIDR). */
export function rangeWrite(input: CreateIpRangeInput, companyId: string | null): RangeWrite {
  const c = parseCidr(input.cidr);
  if (typeof c === 'string') throw invalid('cidr', 'not a CIDR');
  const window = defaultWindow(c);
  const first = input.firstUsable ? addressIn(c, 'firstUsable', input.firstUsable) : window.first;
  const last = input.lastUsable ? addressIn(c, 'lastUsable', input.lastUsable) : window.last;
  if (first > last) throw invalid('lastUsable', 'must not come before firstUsable');
  if (last - first + 1n > MAX_WINDOW) {
    throw invalid('lastUsable', 'the allocation window may hold at most 2^62 addresses');
  }
  const gateway = input.gateway ? addressIn(c, 'gateway', input.gateway) : null;
  for (const [i, dns] of (input.dnsServers ?? []).entries()) {
    if (!parseIp(dns)) throw invalid(`dnsServers.${i}`, 'not an IPv4 or IPv6 address');
  }
  return {
    name: input.name,
    companyId,
    family: c.family,
    cidr: c.text,
    prefixLength: c.prefixLength,
    startHex: ipHex(c.network),
    endHex: ipHex(c.last),
    firstOffset: first - c.network,
    lastOffset: last - c.network,
    vlan: input.vlan ?? null,
    gateway: gateway === null ? null : formatIp(c.family, gateway),
    dnsServers: (input.dnsServers ?? []).map((d) => {
      const ip = parseIp(d)!;
      return formatIp(ip.family, ip.value);
    }),
    searchDomain: input.searchDomain ?? null,
    holdSeconds: input.holdSeconds ?? 3600,
    note: input.note ?? null,
  };
}

export interface OverlapCandidate {
  id: string;
  vlan: number | null;
  clusterIds: string[];
  /** SDN VNet the range is bound to: a network of its own, like a VLAN. */
  vnet?: string | null;
}

/**
 * Two ranges whose networks overlap collide when they are on the same VLAN (no VLAN counts as one
 * VLAN) and SDN VNet (none counts as one) and apply to a common cluster (no clusters = every
 * cluster).
 */
export function collides(a: OverlapCandidate, b: OverlapCandidate): boolean {
  if (a.id === b.id || a.vlan !== b.vlan || (a.vnet ?? null) !== (b.vnet ?? null)) return false;
  if (a.clusterIds.length === 0 || b.clusterIds.length === 0) return true;
  return a.clusterIds.some((id) => b.clusterIds.includes(id));
}
