import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { NotBackedUpPage } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { backupKeys } from './keys';

export interface NotBackedUpParams {
  companyId: string;
  page: number;
  pageSize: number;
}

/** A company's guests no schedule and no Proxmox backup job covers (staff name the company). */
export const useNotBackedUp = (params: NotBackedUpParams) =>
  useQuery({
    queryKey: backupKeys.notBackedUp(params),
    queryFn: () =>
      api.get<NotBackedUpPage>('/backup-history/not-backed-up', { query: { ...params } }),
    enabled: params.companyId !== '',
    placeholderData: keepPreviousData,
  });
