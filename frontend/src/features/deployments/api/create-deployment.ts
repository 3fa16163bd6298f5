import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateDeploymentInput, CreatedDeploymentView } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { deploymentKeys } from './deployment-keys';

export const createDeployment = (input: CreateDeploymentInput) =>
  api.post<CreatedDeploymentView>('/deployments', input);

export function useCreateDeployment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createDeployment,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: deploymentKeys.all }),
  });
}
