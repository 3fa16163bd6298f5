import type { IdentityProviderInput, IdentityProviderView } from '@multpanel/contracts/sso';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

/** Whose sign-in settings: one company's, or the platform-wide one for MSP staff. */
export type ProviderTarget = { kind: 'company'; companyId: string } | { kind: 'platform' };

const pathOf = (t: ProviderTarget) =>
  t.kind === 'platform'
    ? '/platform/identity-provider'
    : `/companies/${encodeURIComponent(t.companyId)}/identity-provider`;

export const identityProviderKeys = {
  all: ['identity-provider'] as const,
  of: (t: ProviderTarget) =>
    [...identityProviderKeys.all, t.kind === 'platform' ? 'platform' : t.companyId] as const,
};

/** null when none is configured yet (the API answers 200 with null). */
export const getIdentityProvider = async (t: ProviderTarget) =>
  (await api.get<IdentityProviderView | null>(pathOf(t))) ?? null;

export const identityProviderQueryOptions = (t: ProviderTarget) =>
  queryOptions({ queryKey: identityProviderKeys.of(t), queryFn: () => getIdentityProvider(t) });

export const useIdentityProvider = (t: ProviderTarget) => useQuery(identityProviderQueryOptions(t));

export function useSaveIdentityProvider(t: ProviderTarget) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: IdentityProviderInput) => api.put<IdentityProviderView>(pathOf(t), input),
    onSuccess: (view) => queryClient.setQueryData(identityProviderKeys.of(t), view),
  });
}

export function useDeleteIdentityProvider(t: ProviderTarget) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete(pathOf(t)),
    onSuccess: () => queryClient.setQueryData(identityProviderKeys.of(t), null),
  });
}
