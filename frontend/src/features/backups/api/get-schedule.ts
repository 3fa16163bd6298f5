import { queryOptions, useQuery } from '@tanstack/react-query';
import type { BackupScheduleDto } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { backupKeys } from './keys';

export const getSchedule = (id: string): Promise<BackupScheduleDto> =>
  api.get<BackupScheduleDto>(`/backup-schedules/${encodeURIComponent(id)}`);

export const useSchedule = (id: string) =>
  useQuery(queryOptions({ queryKey: backupKeys.schedule(id), queryFn: () => getSchedule(id) }));
