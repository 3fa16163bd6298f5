import type { Prisma } from '../../generated/prisma/client';

/** The guest fields the inventory keeps. Live usage (cpu, mem, uptime, traffic) is read live. */
export interface GuestSnapshot {
  vmid: number;
  kind: 'qemu' | 'lxc';
  name: string | null;
  status: string;
  node: string;
  maxcpu: number | null;
  maxmem: number | null;
  maxdisk: number | null;
  tags: string[];
  pool: string | null;
  template: boolean;
  lock: string | null;
}

export interface ExistingGuest {
  id: string;
  vmid: number;
  kind: 'qemu' | 'lxc';
  syncHash: string;
}

/** Who owns a live guest (monitoring: company aggregates, alert scopes). */
export interface GuestOwner {
  id: string;
  vmid: number;
  companyId: string | null;
  name: string | null;
  tags: string[];
}

export interface GuestDiff {
  create: Array<GuestSnapshot & { syncHash: string }>;
  update: Array<{ id: string; snapshot: GuestSnapshot; syncHash: string }>;
  gone: string[];
  unchanged: number;
}

/** A guest reserved by a create request before Proxmox has it (counts against the quota). */
export interface PlaceholderGuest {
  clusterId: string;
  companyId: string;
  kind: 'qemu' | 'lxc';
  name: string;
  node: string;
  cores: number;
  memoryBytes: bigint;
  diskBytes: bigint;
  tags: string[];
}

/** What VM operations change on a guest row. */
export interface GuestChanges {
  vmid?: number;
  name?: string | null;
  status?: string;
  node?: string;
  maxcpu?: number | null;
  maxmem?: bigint | null;
  maxdisk?: bigint | null;
  tags?: string[];
  template?: boolean;
  lock?: string | null;
  lastSeenAt?: Date;
}

export const guestViewSelect = {
  id: true,
  clusterId: true,
  vmid: true,
  kind: true,
  name: true,
  status: true,
  node: true,
  maxcpu: true,
  maxmem: true,
  maxdisk: true,
  tags: true,
  pool: true,
  template: true,
  lock: true,
  companyId: true,
  firstSeenAt: true,
  lastSeenAt: true,
  goneAt: true,
  cluster: { select: { name: true } },
} as const;
export type GuestViewRow = Prisma.GuestGetPayload<{ select: typeof guestViewSelect }>;

/** Which of a company's live guests a backup schedule covers (union of the set fields, minus exclusions). */
export interface GuestSelection {
  allGuests?: boolean;
  guestIds?: string[];
  tags?: string[];
  clusterId?: string;
  pool?: string;
  excludeGuestIds?: string[];
}

export interface SelectedGuest {
  id: string;
  companyId: string;
  clusterId: string;
  node: string;
  vmid: number;
  kind: 'qemu' | 'lxc';
  name: string | null;
  status: string;
}
