import type { QuotaRequestCreateInput } from '@multpanel/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Paged } from '@/lib/api-client';
import { quotaKeys, type QuotaRequest } from './types';

export type { QuotaRequestCreateInput as QuotaRequestInput } from '@multpanel/contracts';

export interface QuotaRequestListParams {
  page: number;
  pageSize: number;
  status?: string;
}

const toPaged = (body: unknown, params: QuotaRequestListParams): Paged<QuotaRequest> =>
  Array.isArray(body)
    ? { items: body as QuotaRequest[], total: body.length, page: 1, pageSize: body.length || 1 }
    : ((body as Paged<QuotaRequest>) ?? { items: [], total: 0, ...params });

/** The API answers the whole (short) list; the grid pages it client-side. */
export const listQuotaRequests = async (params: QuotaRequestListParams) =>
  toPaged(await api.get<unknown>('/quota-requests', { query: { status: params.status } }), params);

export const useQuotaRequests = (params: QuotaRequestListParams) =>
  useQuery({
    queryKey: quotaKeys.requests(params),
    queryFn: () => listQuotaRequests(params),
    placeholderData: keepPreviousData,
  });

export function useCreateQuotaRequest() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: QuotaRequestCreateInput) =>
      api.post<QuotaRequest>('/quota-requests', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: quotaKeys.all }),
  });
}

export function useDecideQuotaRequest() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, decision }: { id: string; decision: 'approve' | 'decline' }) =>
      api.post<QuotaRequest>(`/quota-requests/${encodeURIComponent(id)}/${decision}`),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: quotaKeys.all });
      void queryClient.invalidateQueries({ queryKey: ['companies'] });
    },
  });
}
