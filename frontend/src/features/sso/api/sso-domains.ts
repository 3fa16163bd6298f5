import type { IdentityProviderView } from '@multpanel/contracts/sso';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { identityProviderKeys } from './identity-provider';

type Action = 'verify' | 'approve';

const domainPath = (companyId: string, domain: string, action: Action) =>
  `/companies/${encodeURIComponent(companyId)}/identity-provider/domains/${encodeURIComponent(domain)}/${action}`;

/** POST …/domains/:domain/verify (check the TXT record now) or …/approve (platform admins). */
export function useDomainAction(companyId: string, action: Action) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (domain: string) =>
      api.post<IdentityProviderView>(domainPath(companyId, domain, action)),
    onSuccess: (view) =>
      queryClient.setQueryData(identityProviderKeys.of({ kind: 'company', companyId }), view),
  });
}
