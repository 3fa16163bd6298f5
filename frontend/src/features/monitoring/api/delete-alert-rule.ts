import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { alertKeys } from './types';

export const deleteAlertRule = (id: string) => api.delete(`/alert-rules/${encodeURIComponent(id)}`);

export function useDeleteAlertRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteAlertRule,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: alertKeys.rules() }),
  });
}
