import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { alertKeys, type AlertDetail } from './types';

export const getAlert = (id: string) => api.get<AlertDetail>(`/alerts/${encodeURIComponent(id)}`);

export const useAlert = (id: string) =>
  useQuery({
    queryKey: alertKeys.detail(id),
    queryFn: () => getAlert(id),
    refetchInterval: 60_000,
  });
