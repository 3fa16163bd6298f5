import { useQuery } from '@tanstack/react-query';
import type { GuestBackupList } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { backupKeys } from './keys';

export const listGuestBackups = (vmId: string): Promise<GuestBackupList> =>
  api.get<GuestBackupList>(`/vms/${encodeURIComponent(vmId)}/backups`);

export const useGuestBackups = (vmId: string) =>
  useQuery({ queryKey: backupKeys.guest(vmId), queryFn: () => listGuestBackups(vmId) });
