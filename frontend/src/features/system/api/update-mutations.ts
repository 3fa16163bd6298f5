import type { UpdateStarted } from '@multpanel/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { updateKeys } from './updates';

export const executeUpdate = (version: string) =>
  api.post<UpdateStarted>('/system/updates/execute', { version });
export const rollbackUpdate = () => api.post<UpdateStarted>('/system/updates/rollback', {});

function useUpdateMutation<I>(fn: (input: I) => Promise<UpdateStarted>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: updateKeys.all }),
  });
}

export const useExecuteUpdate = () => useUpdateMutation(executeUpdate);
export const useRollbackUpdate = () => useUpdateMutation((_: void) => rollbackUpdate());
