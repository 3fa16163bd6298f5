// Query keys of the IPAM feature: every mutation invalidates `all` (ranges' usage moves with it).
export const ipamKeys = {
  all: ['ipam'] as const,
  ranges: (params: object) => ['ipam', 'ranges', params] as const,
  range: (id: string) => ['ipam', 'range', id] as const,
  addresses: (rangeId: string, params: object) => ['ipam', 'addresses', rangeId, params] as const,
  address: (id: string) => ['ipam', 'address', id] as const,
  vlanPools: (clusterId: string) => ['ipam', 'vlan-pools', clusterId] as const,
  companyVlans: (companyId: string) => ['ipam', 'vlans', companyId] as const,
  latestSweep: (clusterId: string) => ['ipam', 'sweep', clusterId] as const,
  sdnVnets: (clusterId: string) => ['ipam', 'sdn-vnets', clusterId] as const,
  conflicts: (params: object) => ['ipam', 'conflicts', params] as const,
};
