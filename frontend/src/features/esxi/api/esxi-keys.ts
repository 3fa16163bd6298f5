export const esxiKeys = {
  all: ['esxi'] as const,
  sources: (params: object) => ['esxi', 'sources', params] as const,
  source: (id: string) => ['esxi', 'source', id] as const,
  vms: (id: string, params: object) => ['esxi', 'source', id, 'vms', params] as const,
  inventory: (id: string) => ['esxi', 'source', id, 'inventory'] as const,
  projects: (params: object) => ['esxi', 'projects', params] as const,
  project: (id: string) => ['esxi', 'project', id] as const,
  nodes: (clusterId: string) => ['esxi', 'cluster', clusterId, 'nodes'] as const,
  storages: (clusterId: string) => ['esxi', 'cluster', clusterId, 'storages'] as const,
  ranges: (companyId: string) => ['esxi', 'ranges', companyId] as const,
};
