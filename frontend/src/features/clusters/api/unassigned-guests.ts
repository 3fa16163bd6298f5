import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { clusterKeys, type GuestView, type ImportGuestsResult, type Paged } from './types';

export interface UnassignedParams {
  page: number;
  pageSize: number;
  search?: string;
  clusterId?: string;
}

export const listUnassignedGuests = (params: UnassignedParams) =>
  api.get<Paged<GuestView>>('/guests/unassigned', { query: { ...params } });

export const useUnassignedGuests = (params: UnassignedParams) =>
  useQuery({
    queryKey: clusterKeys.unassigned(params),
    queryFn: () => listUnassignedGuests(params),
    placeholderData: keepPreviousData,
  });

export const importGuests = (input: { guestIds: string[]; companyId: string }) =>
  api.post<ImportGuestsResult>('/guests/import', input);

export function useImportGuests() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: importGuests,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: clusterKeys.all }),
  });
}
