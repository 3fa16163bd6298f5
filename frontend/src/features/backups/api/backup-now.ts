import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { BackupNowInput, BackupRunAccepted } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { backupKeys } from './keys';

export const backupNow = ({
  vmId,
  input,
}: {
  vmId: string;
  input: Partial<BackupNowInput>;
}): Promise<BackupRunAccepted> =>
  api.post<BackupRunAccepted>(`/vms/${encodeURIComponent(vmId)}/backups`, input);

export function useBackupNow() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: backupNow,
    onSuccess: (_, { vmId }) => queryClient.invalidateQueries({ queryKey: backupKeys.guest(vmId) }),
  });
}
