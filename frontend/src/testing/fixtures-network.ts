import type {
  FirewallChangeDto,
  FirewallDto,
  IpAddressView,
  IpRangeView,
} from '@multpanel/contracts';
import { ACME_ID } from './fixtures';

// Firewalls and IPAM as the API answers them, whole (contracts' API_RESPONSES parse every canned
// answer the fake API serves): a test names only what it is about and takes the rest from these.
const AT = '2026-12-06T09:00:00.000Z';

export const FIREWALL_ID = '0193a1b2-0000-7000-8000-0000000000f1';

/** An edge firewall of Acme that answered at its last contact. */
export const firewallView = (over: Partial<FirewallDto> = {}): FirewallDto => ({
  id: FIREWALL_ID,
  companyId: ACME_ID,
  companyName: 'Acme Corp',
  name: 'acme-edge',
  url: 'https://198.51.100.20',
  fingerprint: 'AB:'.repeat(31) + 'AB',
  version: '26.1.2',
  status: 'online',
  lastSeenAt: AT,
  lastError: null,
  lastChangeAt: null,
  createdAt: AT,
  ...over,
});

/** A pending change set of the firewall (no operations unless the test gives them). */
export const firewallChange = (over: Partial<FirewallChangeDto> = {}): FirewallChangeDto => ({
  id: '0193a1b2-0000-7000-8000-0000000000c1',
  firewallId: FIREWALL_ID,
  status: 'pending',
  operations: [],
  diff: [],
  note: null,
  reason: null,
  durationMs: null,
  jobId: null,
  revertOfId: null,
  createdAt: AT,
  appliedAt: null,
  ...over,
});

/**
 * An IPv4 /24 range with nothing allocated; `cidr` sets the first and last usable address (and the
 * gateway, .1, unless given).
 */
export const ipRangeView = (
  over: Partial<IpRangeView> & { id: string; name: string; cidr: string },
): IpRangeView => {
  const net = over.cidr.replace(/\.0\/24$/, '');
  return {
    family: 4,
    prefixLength: 24,
    companyId: null,
    companyName: null,
    vlan: null,
    gateway: `${net}.1`,
    dnsServers: [],
    searchDomain: null,
    firstUsable: `${net}.1`,
    lastUsable: `${net}.254`,
    holdSeconds: 3600,
    clusterIds: [],
    note: null,
    sdn: null,
    usage: { size: 254, allocated: 0, reserved: 1, held: 0, free: 253 },
    createdAt: AT,
    updatedAt: AT,
    ...over,
  };
};

/** An address allocated to a guest's first NIC. */
export const ipAddressView = (
  over: Partial<IpAddressView> & { rangeId: string; address: string },
): IpAddressView => ({
  id: `addr-${over.address}`,
  status: 'allocated',
  purpose: 'guest',
  companyId: ACME_ID,
  guestId: null,
  guestName: null,
  nic: 0,
  hostname: null,
  note: null,
  allocatedAt: AT,
  holdUntil: null,
  ...over,
});
