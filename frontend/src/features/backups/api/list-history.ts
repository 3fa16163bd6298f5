import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { BackupRunPage, BackupRunStatus } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { backupKeys } from './keys';

export interface ListHistoryParams {
  page: number;
  pageSize: number;
  companyId?: string;
  scheduleId?: string;
  guestId?: string;
  clusterId?: string;
  status?: BackupRunStatus;
  /** Planned on or after this day (YYYY-MM-DD, UTC) or time. */
  from?: string;
  /** Planned on or before this day (YYYY-MM-DD, UTC) or time. */
  to?: string;
}

export const listHistory = (params: ListHistoryParams): Promise<BackupRunPage> =>
  api.get<BackupRunPage>('/backup-history', { query: { ...params } });

export const useHistory = (params: ListHistoryParams) =>
  useQuery(
    queryOptions({
      queryKey: backupKeys.history(params),
      queryFn: () => listHistory(params),
      placeholderData: keepPreviousData,
    }),
  );
