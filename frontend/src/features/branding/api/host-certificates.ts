import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { HostCertificateView, OrderHostCertificateInput } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { brandingKeys } from './branding-keys';

const path = (companyId: string) =>
  `/companies/${encodeURIComponent(companyId)}/branding/certificates`;

/** Each mapped host's certificate; refreshed every few seconds while an order runs. */
export const useHostCertificates = (companyId: string) =>
  useQuery({
    queryKey: brandingKeys.certificates(companyId),
    queryFn: () => api.get<HostCertificateView[]>(path(companyId)),
    refetchInterval: (q) => (q.state.data?.some((c) => c.status === 'pending') ? 3000 : false),
  });

export function useOrderHostCertificate(companyId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: OrderHostCertificateInput) =>
      api.post<HostCertificateView>(path(companyId), input),
    onSuccess: () =>
      queryClient.invalidateQueries({ queryKey: brandingKeys.certificates(companyId) }),
  });
}
