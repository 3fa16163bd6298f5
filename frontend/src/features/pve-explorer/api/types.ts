export type {
  ClusterView,
  Paged,
  PveApiCallInput,
  PveApiCallResult,
  PveApiEndpointDetail,
  PveApiEndpointSummary,
  PveApiParameter,
  PveApiTreeNode,
  PveHttpMethod,
} from '@multpanel/contracts';

export const pveKeys = {
  all: ['pve-api'] as const,
  tree: () => [...pveKeys.all, 'tree'] as const,
  search: (params: object) => [...pveKeys.all, 'search', params] as const,
  endpoint: (method: string, path: string) => [...pveKeys.all, 'endpoint', method, path] as const,
  clusters: (companyId: string | null) => [...pveKeys.all, 'clusters', companyId] as const,
};
