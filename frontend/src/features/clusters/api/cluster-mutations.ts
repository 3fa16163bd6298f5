import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import {
  clusterKeys,
  type BulkClusterTestInput,
  type BulkTestRow,
  type ClusterCsvImportInput,
  type ClusterCsvImportResult,
  type ClusterSyncQueued,
  type ClusterTestResult,
  type ClusterView,
  type CreateClusterInput,
  type ProbedFingerprint,
  type TestClusterInput,
  type UpdateClusterInput,
} from './types';

export const probeFingerprint = (url: string) =>
  api.post<ProbedFingerprint>('/clusters/probe-fingerprint', { url });
export const testUnsavedCluster = (input: TestClusterInput) =>
  api.post<ClusterTestResult>('/clusters/test', input);
export const testCluster = (id: string) => api.post<ClusterTestResult>(`/clusters/${id}/test`);
export const bulkTestClusters = (clusterIds: BulkClusterTestInput['clusterIds']) =>
  api.post<BulkTestRow[]>('/bulk-clusters/test-connection', { clusterIds });
export const syncCluster = (id: string) => api.post<ClusterSyncQueued>(`/clusters/${id}/sync`);
export const createCluster = (input: CreateClusterInput) =>
  api.post<ClusterView>('/clusters', input);
export const updateCluster = ({ id, input }: { id: string; input: UpdateClusterInput }) =>
  api.patch<ClusterView>(`/clusters/${id}`, input);
export const deleteCluster = (id: string) => api.delete(`/clusters/${id}`);
export const importClustersCsv = (input: ClusterCsvImportInput) =>
  api.post<ClusterCsvImportResult>('/clusters/import', input);

export const useProbeFingerprint = () => useMutation({ mutationFn: probeFingerprint });
export const useTestUnsavedCluster = () => useMutation({ mutationFn: testUnsavedCluster });

/** A test refreshes the stored health too, so the cached views are refetched afterwards. */
function useClusterMutation<I, O>(mutationFn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: clusterKeys.all }),
  });
}

export const useTestCluster = () => useClusterMutation(testCluster);
export const useBulkTestClusters = () => useClusterMutation(bulkTestClusters);
export const useSyncCluster = () => useClusterMutation(syncCluster);
/** `create` replaces the call (a company's own cluster: POST /companies/:companyId/clusters). */
export const useCreateCluster = (
  create: (input: CreateClusterInput) => Promise<ClusterView> = createCluster,
) => useClusterMutation(create);
export const useUpdateCluster = () => useClusterMutation(updateCluster);
export const useImportClustersCsv = () => useClusterMutation(importClustersCsv);

export function useDeleteCluster() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteCluster,
    // The detail page is left right away; refetching its queries would only 404.
    onSuccess: (_, id) => {
      queryClient.removeQueries({ queryKey: clusterKeys.detail(id) });
      // Drop it from the cached list too, so the list never shows it again while refetching.
      queryClient.setQueryData<ClusterView[]>(clusterKeys.list(), (list) =>
        list?.filter((c) => c.id !== id),
      );
      return queryClient.invalidateQueries({ queryKey: clusterKeys.list() });
    },
  });
}
