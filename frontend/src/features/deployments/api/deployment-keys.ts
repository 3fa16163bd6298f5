export const deploymentKeys = {
  all: ['deployments'] as const,
  list: (params: object) => ['deployments', 'list', params] as const,
  stats: () => ['deployments', 'stats'] as const,
  detail: (id: string) => ['deployments', 'detail', id] as const,
  releases: (id: string) => ['deployments', 'releases', id] as const,
  frameworks: () => ['deployments', 'frameworks'] as const,
  guests: (companyId: string) => ['deployments', 'guests', companyId] as const,
};
