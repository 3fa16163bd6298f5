import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { BackupRateGroup, BackupSuccessRatePage } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { backupKeys } from './keys';

export interface SuccessRatesParams {
  by: BackupRateGroup;
  days: number;
  page: number;
  pageSize: number;
  companyId?: string;
}

/** Success rates of the guests' backups per schedule, company or cluster (server-paged). */
export const listSuccessRates = (params: SuccessRatesParams): Promise<BackupSuccessRatePage> =>
  api.get<BackupSuccessRatePage>('/backup-history/success-rates', { query: { ...params } });

export const useSuccessRates = (params: SuccessRatesParams) =>
  useQuery(
    queryOptions({
      queryKey: backupKeys.successRates(params),
      queryFn: () => listSuccessRates(params),
      placeholderData: keepPreviousData,
    }),
  );
