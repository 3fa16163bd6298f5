import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { quotaKeys, type QuotaRequest } from './types';

/** The requester withdraws a pending request (POST /quota-requests/:id/cancel, no body). */
export const cancelQuotaRequest = (id: string) =>
  api.post<QuotaRequest>(`/quota-requests/${encodeURIComponent(id)}/cancel`);

export function useCancelQuotaRequest() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: cancelQuotaRequest,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: quotaKeys.all }),
  });
}
