import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import {
  clusterKeys,
  type GuestView,
  type ImportGuestsInput,
  type ImportGuestsResult,
  type Paged,
  type UnassignedGuestsQuery,
} from './types';

export type UnassignedParams = UnassignedGuestsQuery;

export const listUnassignedGuests = (params: UnassignedParams) =>
  api.get<Paged<GuestView>>('/guests/unassigned', { query: { ...params } });

export const useUnassignedGuests = (params: UnassignedParams) =>
  useQuery({
    queryKey: clusterKeys.unassigned(params),
    queryFn: () => listUnassignedGuests(params),
    placeholderData: keepPreviousData,
  });

export const importGuests = (input: ImportGuestsInput) =>
  api.post<ImportGuestsResult>('/guests/import', input);

export function useImportGuests() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: importGuests,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: clusterKeys.all }),
  });
}
