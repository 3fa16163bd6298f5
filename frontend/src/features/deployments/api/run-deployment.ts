import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { JobDto } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { deploymentKeys } from './deployment-keys';

/** Deploy the head of the ref as a new release (a tracked job). */
export const deployNow = (id: string) =>
  api.post<JobDto>(`/deployments/${encodeURIComponent(id)}/deploy`);

/** Switch back to a release still on the guest (a tracked job). */
export const rollbackTo = ({ id, releaseId }: { id: string; releaseId: string }) =>
  api.post<JobDto>(`/deployments/${encodeURIComponent(id)}/rollback`, { releaseId });

/** Stop the running deploy or rollback at its next step (a cooperative cancel). */
export const cancelRun = (id: string) =>
  api.post<JobDto>(`/deployments/${encodeURIComponent(id)}/cancel`);

/** Stop the app on its guest, remove its releases, then the deployment (a tracked job). */
export const deleteDeployment = (id: string) =>
  api.delete<JobDto>(`/deployments/${encodeURIComponent(id)}`);

export function useCancelRun() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: cancelRun,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: deploymentKeys.all }),
  });
}

export function useDeleteDeployment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteDeployment,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: deploymentKeys.all }),
  });
}

export function useDeployNow() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deployNow,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: deploymentKeys.all }),
  });
}

export function useRollback() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: rollbackTo,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: deploymentKeys.all }),
  });
}
