import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import {
  clusterKeys,
  type ClusterTestResult,
  type ClusterView,
  type CreateClusterInput,
  type ProbedFingerprint,
  type TestClusterInput,
} from './types';

export const probeFingerprint = (url: string) =>
  api.post<ProbedFingerprint>('/clusters/probe-fingerprint', { url });
export const testUnsavedCluster = (input: TestClusterInput) =>
  api.post<ClusterTestResult>('/clusters/test', input);
export const testCluster = (id: string) => api.post<ClusterTestResult>(`/clusters/${id}/test`);
export const createCluster = (input: CreateClusterInput) =>
  api.post<ClusterView>('/clusters', input);
export const deleteCluster = (id: string) => api.delete(`/clusters/${id}`);

export const useProbeFingerprint = () => useMutation({ mutationFn: probeFingerprint });
export const useTestUnsavedCluster = () => useMutation({ mutationFn: testUnsavedCluster });
export const useTestCluster = () => useMutation({ mutationFn: testCluster });

export function useCreateCluster() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createCluster,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: clusterKeys.all }),
  });
}

export function useDeleteCluster() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteCluster,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: clusterKeys.all }),
  });
}
