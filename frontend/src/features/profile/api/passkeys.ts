import type { PasskeyOptionsResponse, PasskeyView } from '@multpanel/contracts';
import { startRegistration } from '@simplewebauthn/browser';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

const passkeyKeys = { list: ['profile', 'passkeys'] as const };

export const listPasskeys = () => api.get<PasskeyView[]>('/auth/passkeys');

export const passkeysQueryOptions = () =>
  queryOptions({ queryKey: passkeyKeys.list, queryFn: listPasskeys });

export const usePasskeys = () => useQuery(passkeysQueryOptions());

/** Registers a passkey: options from the API, the browser creates it, the API verifies and keeps it. */
export async function addPasskey(name: string): Promise<PasskeyView> {
  const { challengeId, options } = await api.post<PasskeyOptionsResponse>(
    '/auth/passkeys/registration-options',
  );
  const credential = await startRegistration({
    optionsJSON: options as unknown as Parameters<typeof startRegistration>[0]['optionsJSON'],
  });
  return api.post<PasskeyView>('/auth/passkeys', { challengeId, name, credential });
}

function useInvalidating<T>(fn: (v: T) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: passkeyKeys.list }),
  });
}

export const useAddPasskey = () => useInvalidating(addPasskey);
export const useRenamePasskey = () =>
  useInvalidating(({ id, name }: { id: string; name: string }) =>
    api.patch<PasskeyView>(`/auth/passkeys/${encodeURIComponent(id)}`, { name }),
  );
export const useRemovePasskey = () =>
  useInvalidating((id: string) => api.delete(`/auth/passkeys/${encodeURIComponent(id)}`));
