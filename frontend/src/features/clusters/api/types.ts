export type {
  ClusterCsvImportResult,
  ClusterTestResult,
  ClusterView,
  CreateClusterInput,
  GuestView,
  ImportGuestsResult,
  Paged,
  ProbedFingerprint,
  TestClusterInput,
} from '@multpanel/contracts';

export const clusterKeys = {
  all: ['clusters'] as const,
  list: () => [...clusterKeys.all, 'list'] as const,
  detail: (id: string) => [...clusterKeys.all, 'detail', id] as const,
  unassigned: (params: object) => [...clusterKeys.all, 'unassigned', params] as const,
};
