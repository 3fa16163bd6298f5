import type {
  QuotaRequestCreateInput,
  QuotaRequestDecisionInput,
  QuotaRequestListQuery,
} from '@multpanel/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Paged } from '@/lib/api-client';
import { quotaKeys, type QuotaRequest } from './types';

export type { QuotaRequestCreateInput as QuotaRequestInput } from '@multpanel/contracts';

export type QuotaRequestListParams = Omit<QuotaRequestListQuery, 'companyId'>;

/** Newest first, paged by the API. */
export const listQuotaRequests = (params: QuotaRequestListParams) =>
  api.get<Paged<QuotaRequest>>('/quota-requests', {
    query: { page: params.page, pageSize: params.pageSize, status: params.status },
  });

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

export type QuotaDecision = 'approve' | 'decline';

/** Approve or decline; `note` is the comment (on a decline, the reason the requester reads). */
export const decideQuotaRequest = ({
  id,
  decision,
  note,
}: {
  id: string;
  decision: QuotaDecision;
  note?: string;
}) => {
  const body: QuotaRequestDecisionInput = note?.trim() ? { note: note.trim() } : {};
  return api.post<QuotaRequest>(`/quota-requests/${encodeURIComponent(id)}/${decision}`, body);
};

export function useDecideQuotaRequest() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: decideQuotaRequest,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: quotaKeys.all });
      void queryClient.invalidateQueries({ queryKey: ['companies'] });
    },
  });
}
