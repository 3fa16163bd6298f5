import type { SsoDomainView } from '@multpanel/contracts/sso';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { ldapDirectoryKeys } from './ldap-directory';

const base = (companyId: string) =>
  `/companies/${encodeURIComponent(companyId)}/ldap-directory/domains`;

/** GET …/ldap-directory/domains: each email domain, verified or pending with its TXT record. */
export const ldapDomainsQueryOptions = (companyId: string) =>
  queryOptions({
    queryKey: ldapDirectoryKeys.domains(companyId),
    queryFn: () => api.get<SsoDomainView[]>(base(companyId)),
  });

export const useLdapDomains = (companyId: string) => useQuery(ldapDomainsQueryOptions(companyId));

/** POST …/domains/:domain/verify (check the TXT record now) or …/approve (platform admins). */
export function useLdapDomainAction(companyId: string, action: 'verify' | 'approve') {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (domain: string) =>
      api.post<SsoDomainView[]>(`${base(companyId)}/${encodeURIComponent(domain)}/${action}`),
    onSuccess: (domains) => queryClient.setQueryData(ldapDirectoryKeys.domains(companyId), domains),
  });
}
