import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RestoreTestsAccepted } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { backupKeys } from './keys';

/** Restore-test a backup (as the schedule picks it) of every guest the schedule covers, now (one job per guest). */
export const testRestores = (id: string): Promise<RestoreTestsAccepted> =>
  api.post<RestoreTestsAccepted>(`/backup-schedules/${encodeURIComponent(id)}/restore-tests`);

export function useTestRestores() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: testRestores,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: backupKeys.all }),
  });
}
