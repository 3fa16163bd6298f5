import type { AgentInterface } from '../../common/proxmox/proxmox.api';
import { sweepable } from './ipam-sweep-rules';

/** An address a guest is known to use, and the NIC it is on (null: not known). */
export interface KnownGuestAddress {
  nic: number | null;
  address: string;
  source: 'config' | 'agent';
}

/** `key=value,...` option string → its values (a bare first value, e.g. `virtio=MAC`, is kept too). */
function options(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof raw !== 'string') return out;
  for (const part of raw.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

/** `10.0.0.5/24` → `10.0.0.5`; dhcp/auto/manual and anything not a usable address → null. */
function staticAddress(value: string | undefined): string | null {
  if (!value) return null;
  const address = value.split('/')[0];
  return sweepable(address) ? address : null;
}

const MAC = /^(?:[0-9a-f]{2}:){5}[0-9a-f]{2}$/i;

/**
 * The static addresses a guest's config carries: LXC `netN` ip=/ip6=, QEMU cloud-init `ipconfigN`
 * ip=/ip6=. With the QEMU guest agent's interfaces, their addresses too, on the NIC whose `netN`
 * MAC matches (null when none does). Each address once, config first.
 */
export function knownGuestAddresses(
  kind: 'qemu' | 'lxc',
  cfg: Record<string, unknown>,
  agent: AgentInterface[] = [],
): KnownGuestAddress[] {
  const out: KnownGuestAddress[] = [];
  const seen = new Set<string>();
  const add = (nic: number | null, address: string | null, source: KnownGuestAddress['source']) => {
    if (address && !seen.has(address)) {
      seen.add(address);
      out.push({ nic, address, source });
    }
  };
  const macs = new Map<string, number>();
  for (const [key, value] of Object.entries(cfg)) {
    const net = /^net(\d+)$/.exec(key);
    if (net) {
      const o = options(value);
      const mac = Object.values(o).find((v) => MAC.test(v)) ?? o.hwaddr;
      if (mac) macs.set(mac.toLowerCase(), Number(net[1]));
    }
    const m = (kind === 'lxc' ? /^net(\d+)$/ : /^ipconfig(\d+)$/).exec(key);
    if (!m) continue;
    const o = options(value);
    add(Number(m[1]), staticAddress(o.ip), 'config');
    add(Number(m[1]), staticAddress(o.ip6), 'config');
  }
  for (const i of agent) {
    const nic = i.mac ? (macs.get(i.mac) ?? null) : null;
    for (const a of i.addresses) add(nic, staticAddress(a.address), 'agent');
  }
  return out;
}
