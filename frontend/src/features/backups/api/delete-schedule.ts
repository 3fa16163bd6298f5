import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { backupKeys } from './keys';

export const deleteSchedule = (id: string): Promise<void> =>
  api.delete(`/backup-schedules/${encodeURIComponent(id)}`);

export function useDeleteSchedule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteSchedule,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: backupKeys.all }),
  });
}
