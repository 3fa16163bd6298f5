import { randomUUID } from 'node:crypto';
import { keaRequest, type KeaLease } from './kea';
import {
  ALIAS,
  Collection,
  D_NAT_RULE,
  FILTER_RULE,
  KEA_RESERVATION,
  KEA_SUBNET,
  ONE_TO_ONE_RULE,
  SOURCE_NAT_RULE,
  VLAN,
  type Item,
} from './models';

/** The simulated firewall's configuration (config.xml), its running state and its API users. */
export interface ApiUser {
  name: string;
  key: string;
  /** `$6$` crypt hash of the secret, as config.xml stores it */
  secretHash: string;
  /** privilege URL patterns (`api/firewall/alias/*`); `*` = all pages */
  acl: string[];
}

export interface SimInterface {
  identifier: string;
  device: string;
  description: string;
  ipv4: string;
  vlanTag?: number;
}

/** Collections that `filter reload` (any firewall apply) turns into the running ruleset. */
export const PF_AREAS = ['filter', 'source_nat', 'one_to_one', 'd_nat'] as const;
export type Area = (typeof PF_AREAS)[number] | 'alias' | 'vlan' | 'kea_subnet' | 'kea_reservation';

export class FirewallState {
  readonly config: Record<Area, Collection> = {
    alias: new Collection(ALIAS),
    filter: new Collection(FILTER_RULE),
    source_nat: new Collection(SOURCE_NAT_RULE),
    one_to_one: new Collection(ONE_TO_ONE_RULE),
    d_nat: new Collection(D_NAT_RULE),
    vlan: new Collection(VLAN),
    kea_subnet: new Collection(KEA_SUBNET),
    kea_reservation: new Collection(KEA_RESERVATION),
  };
  /** what the firewall runs: a copy of config taken at apply/reconfigure */
  running: Partial<Record<Area, Array<[string, Item]>>> = {};
  keaGeneral = { enabled: '0', interfaces: '' };
  keaRunning = false;
  /** Kea's lease database (memfile) */
  leases: KeaLease[] = [];
  users: ApiUser[] = [];
  interfaces: SimInterface[] = [
    { identifier: 'wan', device: 'vtnet0', description: 'WAN', ipv4: '203.0.113.10/24' },
    { identifier: 'lan', device: 'vtnet1', description: 'LAN', ipv4: '192.168.1.1/24' },
  ];
  hostname = 'OPNsense.localdomain';
  booted = true;

  constructor(public version: string) {
    for (const a of Object.keys(this.config) as Area[]) this.running[a] = [];
  }

  newUuid(): string {
    return randomUUID();
  }

  apply(areas: readonly Area[]): void {
    for (const a of areas) this.running[a] = this.config[a].snapshot();
  }

  /** pending = config differs from what runs */
  pending(area: Area): boolean {
    return JSON.stringify(this.config[area].snapshot()) !== JSON.stringify(this.running[area]);
  }

  /** rows of the running ruleset, for tests asserting that nothing applies before apply */
  runningRows(area: Area): Array<Item & { uuid: string }> {
    return (this.running[area] ?? []).map(([uuid, i]) => ({ uuid, ...i }));
  }

  /** in use: an alias referenced by name from a rule's fields */
  aliasUsers(name: string): string[] {
    const out: string[] = [];
    for (const a of PF_AREAS)
      for (const [uuid, item] of this.config[a].items)
        if (Object.values(item).some((v) => v.split(',').includes(name)))
          out.push(`${a}.rule.${uuid}`);
    return out;
  }

  /** A DHCP client on interface `identifier` asks Kea for an address (what runs answers). */
  dhcpRequest(
    client: { hwaddr: string; hostname?: string },
    identifier = 'lan',
  ): KeaLease | { error: string } {
    return keaRequest(
      {
        running: this.keaRunning,
        interfaces: this.keaGeneral.interfaces.split(',').filter(Boolean),
        subnets: this.running.kea_subnet ?? [],
        reservations: this.running.kea_reservation ?? [],
        iface: this.interfaces.find((i) => i.identifier === identifier),
      },
      this.leases,
      client,
    );
  }

  /** reservations that point at a subnet */
  subnetUsers(subnet: Item): string[] {
    const uuid = [...this.config.kea_subnet.items.entries()].find(([, i]) => i === subnet)?.[0];
    return [...this.config.kea_reservation.items.entries()]
      .filter(([, r]) => r.subnet === uuid)
      .map(([u]) => `reservation.${u}`);
  }
}
