import type {
  LdapDirectoryInput,
  LdapDirectoryView,
  LdapTestResult,
} from '@multpanel/contracts/ldap';
import type { CustomRoleView } from '@multpanel/contracts/roles';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { ProviderTarget } from './identity-provider';

const pathOf = (t: ProviderTarget) =>
  t.kind === 'platform'
    ? '/platform/ldap-directory'
    : `/companies/${encodeURIComponent(t.companyId)}/ldap-directory`;

export const ldapDirectoryKeys = {
  all: ['ldap-directory'] as const,
  of: (t: ProviderTarget) =>
    [...ldapDirectoryKeys.all, t.kind === 'platform' ? 'platform' : t.companyId] as const,
  domains: (companyId: string) =>
    [...ldapDirectoryKeys.of({ kind: 'company', companyId }), 'domains'] as const,
};

/** null when none is configured yet (the API answers 200 with null). */
export const getLdapDirectory = async (t: ProviderTarget) =>
  (await api.get<LdapDirectoryView | null>(pathOf(t))) ?? null;

export const ldapDirectoryQueryOptions = (t: ProviderTarget) =>
  queryOptions({ queryKey: ldapDirectoryKeys.of(t), queryFn: () => getLdapDirectory(t) });

export const useLdapDirectory = (t: ProviderTarget) => useQuery(ldapDirectoryQueryOptions(t));

export function useSaveLdapDirectory(t: ProviderTarget) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: LdapDirectoryInput) => api.put<LdapDirectoryView>(pathOf(t), input),
    onSuccess: async (view) => {
      queryClient.setQueryData(ldapDirectoryKeys.of(t), view);
      // The allowed domains may have changed: their proof states with them.
      if (t.kind === 'company')
        await queryClient.invalidateQueries({ queryKey: ldapDirectoryKeys.domains(t.companyId) });
    },
  });
}

export function useDeleteLdapDirectory(t: ProviderTarget) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete(pathOf(t)),
    onSuccess: () => queryClient.setQueryData(ldapDirectoryKeys.of(t), null),
  });
}

/** The "test" button: what a sample address would get from the saved directory. */
export const useTestLdapDirectory = (t: ProviderTarget) =>
  useMutation({
    mutationFn: (email: string) => api.post<LdapTestResult>(`${pathOf(t)}/test`, { email }),
  });

/** Custom roles a mapping may name (the caller's visible ones; the API checks the fit). */
export const useMappableRoles = () =>
  useQuery({
    queryKey: ['ldap-directory', 'custom-roles'],
    queryFn: () => api.get<CustomRoleView[]>('/roles'),
  });
