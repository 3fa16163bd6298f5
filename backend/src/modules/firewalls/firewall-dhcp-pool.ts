import { formatIp, parseCidr, parseIp } from '@multpanel/contracts';

/** The fewest addresses worth a Kea pool. */
export const MIN_DHCP_POOL = 8n;
/** The most LAN addresses reserved in IPAM for a pool when the range's window leaves no room. */
export const MAX_RESERVED_POOL = 64;

export interface DhcpPool {
  from: string;
  to: string;
  size: bigint;
}

/**
 * The network edge's split of a new LAN: IPAM's allocation window is the lower half (the gateway
 * at .1 included), Kea's pool the upper half, so the two never hand out the same address.
 */
export function edgeWindowLast(cidr: string): string {
  const c = parseCidr(cidr);
  if (typeof c === 'string' || c.family !== 4) throw new Error(`${cidr} is not an IPv4 network`);
  return formatIp(4, c.network + (c.last - c.network + 1n) / 2n - 1n);
}

/**
 * The LAN addresses above IPAM's allocation window (`windowLast` is an offset in the CIDR), which
 * IPAM never allocates: without the broadcast, and above the gateway when it lies there. null
 * when fewer than MIN_DHCP_POOL remain or the network is not IPv4.
 */
export function poolAboveWindow(
  cidr: string,
  windowLast: bigint,
  gateway: string | null,
): DhcpPool | null {
  const c = parseCidr(cidr);
  if (typeof c === 'string' || c.family !== 4) return null;
  let first = c.network + windowLast + 1n;
  const gw = gateway ? parseIp(gateway) : null;
  if (gw && gw.value >= first) first = gw.value + 1n;
  const last = c.last - 1n; // the broadcast
  const size = last - first + 1n;
  if (size < MIN_DHCP_POOL) return null;
  return { from: formatIp(4, first), to: formatIp(4, last), size };
}
