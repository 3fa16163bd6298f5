import type {
  CertificatesOverview,
  RequestCertificateInput,
  TlsCertificateView,
} from '@multpanel/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

export const certificateKeys = { all: ['system-certificates'] as const };

export const getCertificates = () => api.get<CertificatesOverview>('/system/certificates');
export const requestCertificate = (input: RequestCertificateInput) =>
  api.post<TlsCertificateView>('/system/certificates', input);

export const useCertificates = () =>
  useQuery({ queryKey: certificateKeys.all, queryFn: getCertificates });

export const useRequestCertificate = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: requestCertificate,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: certificateKeys.all }),
  });
};
