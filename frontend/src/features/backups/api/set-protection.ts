import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { GuestBackup } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { backupKeys } from './keys';

export const setProtection = ({
  vmId,
  volid,
  protected: on,
}: {
  vmId: string;
  volid: string;
  protected: boolean;
}): Promise<GuestBackup> =>
  api.post<GuestBackup>(`/vms/${encodeURIComponent(vmId)}/backups/protection`, {
    volid,
    protected: on,
  });

export function useSetProtection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: setProtection,
    onSuccess: (_, { vmId }) => queryClient.invalidateQueries({ queryKey: backupKeys.guest(vmId) }),
  });
}
