import { useMutation } from '@tanstack/react-query';
import type { BackupRestoreAccepted, BackupRestoreInput } from '@multpanel/contracts';
import { api } from '@/lib/api-client';

export const restoreBackup = ({
  vmId,
  input,
}: {
  vmId: string;
  input: BackupRestoreInput;
}): Promise<BackupRestoreAccepted> =>
  api.post<BackupRestoreAccepted>(`/vms/${encodeURIComponent(vmId)}/backups/restore`, input);

export const useRestoreBackup = () => useMutation({ mutationFn: restoreBackup });
