import type {
  IpAddressEventView,
  IpAddressView,
  IpFamily,
  IpRangeView,
} from '@multpanel/contracts';
import type { IpAddress, IpAddressEvent } from '../../generated/prisma/client';
import type { IpRangeRow, StatusCounts } from './ipam.repository';
import { addressText } from './ipam-rules';

export function toIpRangeView(row: IpRangeRow, counts: StatusCounts = {}): IpRangeView {
  const size = Number(row.lastOffset - row.firstOffset + 1n);
  const allocated = counts.allocated ?? 0;
  const reserved = counts.reserved ?? 0;
  const held = counts.held ?? 0;
  return {
    id: row.id,
    name: row.name,
    family: row.family as IpFamily,
    cidr: row.cidr,
    prefixLength: row.prefixLength,
    companyId: row.companyId,
    companyName: row.company?.name ?? null,
    vlan: row.vlan,
    gateway: row.gateway,
    dnsServers: Array.isArray(row.dnsServers) ? (row.dnsServers as string[]) : [],
    searchDomain: row.searchDomain,
    firstUsable: addressText(row, row.firstOffset),
    lastUsable: addressText(row, row.lastOffset),
    holdSeconds: row.holdSeconds,
    clusterIds: row.clusters.map((c) => c.clusterId).sort(),
    note: row.note,
    sdn: row.sdnVnet
      ? {
          vnet: row.sdnVnet,
          zone: row.sdnZone,
          subnet: row.sdnSubnet,
          state: (row.sdnState ?? 'pending') as 'pending' | 'applied' | 'failed',
          error: row.sdnError,
          jobId: row.sdnJobId,
        }
      : null,
    usage: {
      size,
      allocated,
      reserved,
      held,
      free: Math.max(0, size - allocated - reserved - held),
    },
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toIpAddressView(
  row: IpAddress,
  guestNames: Map<string, string | null> = new Map(),
): IpAddressView {
  return {
    id: row.id,
    rangeId: row.rangeId,
    address: row.address,
    status: row.status,
    purpose: row.purpose,
    companyId: row.companyId,
    guestId: row.guestId,
    guestName: row.guestId ? (guestNames.get(row.guestId) ?? null) : null,
    nic: row.nic,
    hostname: row.hostname,
    note: row.note,
    allocatedAt: row.allocatedAt.toISOString(),
    holdUntil: row.holdUntil?.toISOString() ?? null,
  };
}

export function freeAddressView(rangeId: string, address: string): IpAddressView {
  return {
    id: null,
    rangeId,
    address,
    status: 'free',
    purpose: null,
    companyId: null,
    guestId: null,
    guestName: null,
    nic: null,
    hostname: null,
    note: null,
    allocatedAt: null,
    holdUntil: null,
  };
}

export function toIpEventView(e: IpAddressEvent): IpAddressEventView {
  return {
    id: e.id,
    action: e.action,
    address: e.address,
    companyId: e.companyId,
    guestId: e.guestId,
    nic: e.nic,
    purpose: e.purpose,
    actorId: e.actorId,
    note: e.note,
    at: e.at.toISOString(),
  };
}
