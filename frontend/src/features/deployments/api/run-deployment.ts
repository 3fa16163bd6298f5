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
