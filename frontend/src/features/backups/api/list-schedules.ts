import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { BackupSchedulePage } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { backupKeys } from './keys';

export interface ListSchedulesParams {
  page: number;
  pageSize: number;
  companyId?: string;
}

export const listSchedules = (params: ListSchedulesParams): Promise<BackupSchedulePage> =>
  api.get<BackupSchedulePage>('/backup-schedules', { query: { ...params } });

export const listSchedulesQueryOptions = (params: ListSchedulesParams) =>
  queryOptions({
    queryKey: backupKeys.schedules(params),
    queryFn: () => listSchedules(params),
    placeholderData: keepPreviousData,
  });

export const useSchedules = (params: ListSchedulesParams) =>
  useQuery(listSchedulesQueryOptions(params));
