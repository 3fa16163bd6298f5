import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { alertKeys, type AlertDetail } from './types';

export const acknowledgeAlert = (id: string, comment: string) =>
  api.post<AlertDetail>(`/alerts/${encodeURIComponent(id)}/acknowledge`, { comment });

export function useAcknowledgeAlert(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (comment: string) => acknowledgeAlert(id, comment),
    onSuccess: (detail) => {
      queryClient.setQueryData(alertKeys.detail(id), detail);
      return queryClient.invalidateQueries({ queryKey: [...alertKeys.all, 'list'] });
    },
  });
}
