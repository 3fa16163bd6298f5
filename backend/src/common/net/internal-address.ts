import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

// Addresses a server the panel connects to on a tenant's behalf must not use: loopback, private,
// link-local, carrier-grade NAT, unspecified and unique-local ranges (IPv4 and IPv6, and IPv4
// written as IPv4-mapped IPv6). Only the platform operator may point the panel at its own network.

const internal = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const) {
  internal.addSubnet(net, bits, 'ipv4');
}
internal.addAddress('::', 'ipv6');
internal.addAddress('::1', 'ipv6');
internal.addSubnet('fc00::', 7, 'ipv6');
internal.addSubnet('fe80::', 10, 'ipv6');

/** True for a literal IP address in an internal range. */
export function isInternalAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  if (family === 4) return internal.check(bare, 'ipv4');
  if (family !== 6) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped) return internal.check(mapped[1], 'ipv4');
  return internal.check(bare, 'ipv6');
}

export type HostResolver = (host: string) => Promise<string[]>;

const systemResolver: HostResolver = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/**
 * The addresses of `host` that are internal: the host itself when it is a literal address,
 * else every address it resolves to ("localhost" included). A name that does not resolve yields
 * none: the connection would fail anyway and a later save re-checks.
 */
export async function internalAddressesOf(
  host: string,
  resolve: HostResolver = systemResolver,
): Promise<string[]> {
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare)) return isInternalAddress(bare) ? [bare] : [];
  if (/^localhost\.?$/i.test(bare) || /\.localhost\.?$/i.test(bare)) return [bare];
  let addresses: string[];
  try {
    addresses = await resolve(bare);
  } catch {
    return [];
  }
  return addresses.filter(isInternalAddress);
}
