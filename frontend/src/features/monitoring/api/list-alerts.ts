import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { alertKeys, type AlertPage } from './types';

export interface AlertListParams {
  state: 'open' | 'resolved' | 'all';
  severity?: string;
  page: number;
  pageSize: number;
}

export const listAlerts = (p: AlertListParams) =>
  api.get<AlertPage>('/alerts', { query: { ...p } });

export const useAlerts = (p: AlertListParams) =>
  useQuery({
    queryKey: alertKeys.list(p),
    queryFn: () => listAlerts(p),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
