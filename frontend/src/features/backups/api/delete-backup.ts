import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { backupKeys } from './keys';

export const deleteBackup = ({ vmId, volid }: { vmId: string; volid: string }): Promise<void> =>
  api.delete(`/vms/${encodeURIComponent(vmId)}/backups`, { query: { volid } });

export function useDeleteBackup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteBackup,
    onSuccess: (_, { vmId }) => queryClient.invalidateQueries({ queryKey: backupKeys.guest(vmId) }),
  });
}
