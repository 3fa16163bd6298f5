/** A VLAN pool as the rules see it: the tags `from`..`to` (inclusive). */
export interface VlanRange {
  id: string;
  from: number;
  to: number;
}

/** 802.1Q tags usable on a Proxmox bridge (`tag=` accepts 1..4094). */
export const VLAN_MIN = 1;
export const VLAN_MAX = 4094;

/** The lowest tag of the pools (in their order) that is not in `used`; null when all are taken. */
export function firstFreeVlan(
  pools: VlanRange[],
  used: Iterable<number>,
): { poolId: string; vlan: number } | null {
  const taken = new Set(used);
  for (const p of [...pools].sort((a, b) => a.from - b.from)) {
    for (let v = p.from; v <= p.to; v++) if (!taken.has(v)) return { poolId: p.id, vlan: v };
  }
  return null;
}

/** The first pool that shares a tag with `from`..`to`, if any. */
export function overlappingPool(
  pools: VlanRange[],
  from: number,
  to: number,
): VlanRange | undefined {
  return pools.find((p) => p.from <= to && from <= p.to);
}
