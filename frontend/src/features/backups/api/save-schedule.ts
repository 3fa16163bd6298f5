import { useMutation, useQueryClient } from '@tanstack/react-query';
import type {
  BackupScheduleDto,
  CreateBackupScheduleInput,
  UpdateBackupScheduleInput,
} from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { backupKeys } from './keys';

export const createSchedule = (input: CreateBackupScheduleInput): Promise<BackupScheduleDto> =>
  api.post<BackupScheduleDto>('/backup-schedules', input);

export const updateSchedule = ({
  id,
  input,
}: {
  id: string;
  input: UpdateBackupScheduleInput;
}): Promise<BackupScheduleDto> =>
  api.patch<BackupScheduleDto>(`/backup-schedules/${encodeURIComponent(id)}`, input);

export function useCreateSchedule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createSchedule,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: backupKeys.all }),
  });
}

export function useUpdateSchedule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateSchedule,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: backupKeys.all }),
  });
}
