import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { BackupRunAccepted } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { backupKeys } from './keys';

export const runSchedule = (id: string): Promise<BackupRunAccepted> =>
  api.post<BackupRunAccepted>(`/backup-schedules/${encodeURIComponent(id)}/run`);

export function useRunSchedule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: runSchedule,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: backupKeys.all }),
  });
}
