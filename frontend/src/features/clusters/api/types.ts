import type { ClusterTestResult } from '@multpanel/contracts';

export type {
  ClusterCsvImportResult,
  ClusterCsvRowResult,
  ClusterHealthEvent,
  ClusterHealthPoint,
  ClusterNodeLiveView,
  ClusterNodesLive,
  ClusterNodeView,
  ClusterStatus,
  ClusterStorageView,
  ClusterTestResult,
  ClusterView,
  CreateClusterInput,
  GuestView,
  ImportGuestsResult,
  Paged,
  ProbedFingerprint,
  TestClusterInput,
  UpdateClusterInput,
} from '@multpanel/contracts';

/** One row of POST /api/bulk-clusters/test-connection. */
export interface BulkTestRow {
  clusterId: string;
  name: string | null;
  result: ClusterTestResult | null;
  error: string | null;
}

export const clusterKeys = {
  all: ['clusters'] as const,
  list: () => [...clusterKeys.all, 'list'] as const,
  detail: (id: string) => [...clusterKeys.all, 'detail', id] as const,
  history: (id: string) => [...clusterKeys.detail(id), 'health'] as const,
  unassigned: (params: object) => [...clusterKeys.all, 'unassigned', params] as const,
};
