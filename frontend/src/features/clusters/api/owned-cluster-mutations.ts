import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import {
  clusterKeys,
  type ClusterSyncQueued,
  type ClusterTestResult,
  type ClusterView,
  type CreateOwnedClusterInput,
  type ProbedFingerprint,
  type TestClusterInput,
} from './types';

// A company's own clusters: the same operations as /api/clusters, under the company.
const base = (companyId: string) => `/companies/${encodeURIComponent(companyId)}/clusters`;

export const probeOwnedFingerprint = (companyId: string, url: string) =>
  api.post<ProbedFingerprint>(`${base(companyId)}/probe-fingerprint`, { url });
export const testUnsavedOwnedCluster = (companyId: string, input: TestClusterInput) =>
  api.post<ClusterTestResult>(`${base(companyId)}/test`, input);
export const createOwnedCluster = (companyId: string, input: CreateOwnedClusterInput) =>
  api.post<ClusterView>(base(companyId), input);
export const syncOwnedCluster = ({ companyId, id }: { companyId: string; id: string }) =>
  api.post<ClusterSyncQueued>(`${base(companyId)}/${id}/sync`);
export const deleteOwnedCluster = ({ companyId, id }: { companyId: string; id: string }) =>
  api.delete(`${base(companyId)}/${id}`);

function useOwnedMutation<I, O>(mutationFn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: clusterKeys.all }),
  });
}

export const useSyncOwnedCluster = () => useOwnedMutation(syncOwnedCluster);
export const useDeleteOwnedCluster = () => useOwnedMutation(deleteOwnedCluster);
