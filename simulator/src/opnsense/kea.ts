import { BlockList, isIP } from 'node:net';
import type { Item } from './models';

/**
 * A small Kea DHCPv4 server behind the simulated firewall: a client asking on an interface gets its
 * reservation's address, else its earlier lease, else the first free address of the pools of the
 * subnet the interface sits in — from what runs (after `kea/service/reconfigure`), not what is
 * pending. Lease rows have the fields `kea/leases4/search` answers (opnsense/core
 * scripts/kea/get_kea_leases.py, control-socket path, and Api/Leases4Controller.php).
 */
export interface KeaLease {
  address: string;
  hwaddr: string;
  valid_lifetime: number;
  /** Unix time the lease runs out */
  expire: number;
  hostname: string;
  /** the device (vtnet1, vlan01) */
  if: string;
  if_descr: string;
  /** the interface's identifier (lan, opt1) */
  if_name: string;
  is_reserved: string;
  mac_info: string;
}

/** OPNsense's default valid-lifetime (Kea DHCPv4 general settings) in seconds. */
export const KEA_VALID_LIFETIME = 4000;

const toInt = (ip: string) => ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
const toIp = (n: number) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');

/** A subnet's CIDR contains `address`. */
export function inSubnet(address: string, cidr: string): boolean {
  const [net, bits] = cidr.split('/');
  if (isIP(address) !== 4 || isIP(net ?? '') !== 4 || bits === undefined) return false;
  const list = new BlockList();
  list.addSubnet(net!, Number(bits), 'ipv4');
  return list.check(address, 'ipv4');
}

/** Addresses of a `pools` field: `from - to` ranges or CIDRs, comma or newline separated. */
function* poolAddresses(pools: string): Generator<string> {
  for (const raw of pools.split(/[,\n]/)) {
    const p = raw.trim();
    const range = /^(\S+)\s*-\s*(\S+)$/.exec(p);
    if (range && isIP(range[1]!) === 4 && isIP(range[2]!) === 4) {
      for (let n = toInt(range[1]!); n <= toInt(range[2]!); n++) yield toIp(n);
      continue;
    }
    const [net, bits] = p.split('/');
    if (isIP(net ?? '') !== 4 || bits === undefined) continue;
    const size = 2 ** (32 - Number(bits));
    const first = toInt(net!) - (toInt(net!) % size);
    for (let n = first; n < first + size; n++) yield toIp(n);
  }
}

const mac = (v: string) => v.toLowerCase().replace(/-/g, ':');

export interface KeaView {
  running: boolean;
  /** interface identifiers Kea listens on */
  interfaces: string[];
  subnets: Array<[string, Item]>;
  reservations: Array<[string, Item]>;
  iface?: { identifier: string; device: string; description: string; ipv4: string };
}

/**
 * Answers one DHCPDISCOVER/REQUEST from `hwaddr` on the interface: the lease (new or renewed), or
 * the reason no address was given.
 */
export function keaRequest(
  kea: KeaView,
  leases: KeaLease[],
  client: { hwaddr: string; hostname?: string },
  now = Math.floor(Date.now() / 1000),
): KeaLease | { error: string } {
  const { iface } = kea;
  if (!kea.running) return { error: 'Kea DHCPv4 is not running' };
  if (!iface || !kea.interfaces.includes(iface.identifier))
    return { error: `Kea DHCPv4 does not listen on ${iface?.identifier ?? 'that interface'}` };
  const own = iface.ipv4.split('/')[0]!;
  const subnet = kea.subnets.find(([, s]) => inSubnet(own, s.subnet ?? ''));
  if (!subnet) return { error: `no subnet for ${iface.ipv4}` };
  const hw = mac(client.hwaddr);
  const reserved = kea.reservations.find(
    ([, r]) => r.subnet === subnet[0] && r.hw_address && mac(r.hw_address) === hw,
  )?.[1];
  const earlier = leases.find((l) => l.hwaddr === hw && inSubnet(l.address, subnet[1].subnet!));
  const taken = new Set([
    ...leases.filter((l) => l.hwaddr !== hw && l.expire > now).map((l) => l.address),
    ...kea.reservations.map(([, r]) => r.ip_address),
    own,
  ]);
  let address = reserved?.ip_address ?? earlier?.address;
  if (!address)
    for (const a of poolAddresses(subnet[1].pools ?? ''))
      if (!taken.has(a)) {
        address = a;
        break;
      }
  if (!address) return { error: `the pools of ${subnet[1].subnet} are exhausted` };
  const lease: KeaLease = {
    address,
    hwaddr: hw,
    valid_lifetime: KEA_VALID_LIFETIME,
    expire: now + KEA_VALID_LIFETIME,
    hostname: reserved?.hostname || client.hostname || earlier?.hostname || '',
    if: iface.device,
    if_descr: iface.description,
    if_name: iface.identifier,
    is_reserved: '',
    mac_info: '',
  };
  const at = leases.findIndex((l) => l.hwaddr === hw && l.address === address);
  if (at >= 0) leases.splice(at, 1);
  leases.push(lease);
  return lease;
}

/**
 * `kea/leases4/search`: searchRecordsetBase over the leases (phrase, paging; sorted by address),
 * optionally only of `selected_interfaces`, plus the interfaces that hold leases.
 */
export function searchLeases(leases: KeaLease[], q: Record<string, unknown>) {
  const selected = ([] as unknown[]).concat(q.selected_interfaces ?? []).map(String);
  const phrase = String(q.searchPhrase ?? '').toLowerCase();
  let rows = [...leases]
    .filter((l) => selected.length === 0 || selected.includes(l.if_name))
    .filter(
      (l) => !phrase || Object.values(l).some((v) => String(v).toLowerCase().includes(phrase)),
    )
    .sort((a, b) => toInt(a.address) - toInt(b.address));
  const rowCount = Number(q.rowCount ?? -1) || -1;
  const current = Math.max(1, Number(q.current ?? 1) || 1);
  const total = rows.length;
  if (rowCount > 0) rows = rows.slice((current - 1) * rowCount, current * rowCount);
  // PHP's json_encode: an empty array is `[]`, a filled one an object
  const interfaces = leases.length
    ? Object.fromEntries(leases.map((l) => [l.if_name, l.if_descr]))
    : [];
  return { total, rowCount: rows.length, current, rows, interfaces };
}
